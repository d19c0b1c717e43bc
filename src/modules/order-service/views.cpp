// Order-service request parsing and role-shaped answers.
#include "modules/order-service/views.hpp"

#include "runtime/json.hpp"

#include <boost/json.hpp>

namespace hotel::orders::views {
namespace {

namespace json = boost::json;
using runtime::JsonReader;

constexpr int kDefaultLimit = 50, kMaxLimit = 200;
constexpr std::size_t kMaxGuestsPerRoom = 15;  // 9 adults and 6 children, as a search allows

json::array PolicyJson(const std::vector<supplier::CancellationPenalty>& policy) { return PolicyToJson(policy); }

json::object HotelJson(const std::string& id, const std::optional<std::string>& name) {
  json::object h{{"hotelId", id}};
  if (name) h["name"] = *name;
  return h;
}

// Lines of the breakdown a viewer may see (Principal::SeesMarkupLine: by role and by the
// tier of the viewer's tenant); none at all for a viewer who may see no line.
std::optional<json::object> BreakdownFor(const json::object& b, const Principal& viewer) {
  if (viewer.IsPlatformStaff()) return b;
  if (viewer.role != Role::distributor_admin) return std::nullopt;
  json::array lines;
  if (const auto* all = b.if_contains("lines"); all && all->is_array()) {
    for (const auto& l : all->as_array()) {
      const auto* tier = l.is_object() ? l.as_object().if_contains("tier") : nullptr;
      if (tier && tier->is_string() && viewer.SeesMarkupLine(tier->as_string())) lines.push_back(l);
    }
  }
  return json::object{{"lines", std::move(lines)}};
}

}  // namespace

Result<std::string> ParseOfferId(std::string_view body) {
  auto v = runtime::ParseJson(body);
  if (!v) return v.error();
  JsonReader r(*v);
  auto id = r.Required<std::string>("offerId");
  r.Check("offerId", id.rfind("ofr_", 0) == 0, "must be an offerId from a search (ofr_…)");
  r.NoOtherFields({"offerId"});
  if (auto e = r.Finish()) return *e;
  return id;
}

Result<NewOrder> ParseNewOrder(std::string_view body) {
  auto v = runtime::ParseJson(body);
  if (!v) return v.error();
  JsonReader r(*v);
  NewOrder in;
  in.quote_id = r.Required<std::string>("quoteId");
  in.client_reference = r.Required<std::string>("clientReference");
  r.Check("clientReference", !in.client_reference.empty() && in.client_reference.size() <= 64,
          "must be 1 to 64 characters");
  in.accept_price_change = r.Optional<bool>("acceptPriceChange").value_or(false);
  in.remark = r.Optional<std::string>("remark");
  if (in.remark) r.Check("remark", in.remark->size() <= 500, "must be at most 500 characters");
  r.Object("contact", true, [&](JsonReader& c) {
    in.contact_name = c.Required<std::string>("name");
    c.Check("name", !in.contact_name.empty() && in.contact_name.size() <= 200, "must be 1 to 200 characters");
    in.contact_email = c.Required<std::string>("email");
    c.Check("email", in.contact_email.find('@') != std::string::npos && in.contact_email.size() <= 254,
            "must be an email address");
    in.contact_phone = c.Optional<std::string>("phone");
    if (in.contact_phone) c.Check("phone", in.contact_phone->size() <= 50, "must be at most 50 characters");
    c.NoOtherFields({"name", "email", "phone"});
  });
  const auto* guests = v->is_object() ? v->as_object().if_contains("guests") : nullptr;
  if (!guests || !guests->is_array() || guests->as_array().empty() || guests->as_array().size() > 9) {
    r.AddError("guests", "must be a list (one per room, 1 to 9) of lists of guests");
  } else {
    for (std::size_t i = 0; i < guests->as_array().size(); ++i) {
      const auto& room = guests->as_array()[i];
      const std::string path = "guests[" + std::to_string(i) + "]";
      if (!room.is_array() || room.as_array().empty() || room.as_array().size() > kMaxGuestsPerRoom) {
        r.AddError(path, "must be a list of 1 to " + std::to_string(kMaxGuestsPerRoom) + " guests");
        in.guests.emplace_back();
        continue;
      }
      auto& list = in.guests.emplace_back();
      for (std::size_t j = 0; j < room.as_array().size(); ++j) {
        JsonReader g(room.as_array()[j], path + "[" + std::to_string(j) + "]");
        supplier::Guest guest;
        guest.first_name = g.Required<std::string>("firstName");
        g.Check("firstName", !guest.first_name.empty() && guest.first_name.size() <= 100, "must be 1 to 100 characters");
        guest.last_name = g.Required<std::string>("lastName");
        g.Check("lastName", !guest.last_name.empty() && guest.last_name.size() <= 100, "must be 1 to 100 characters");
        guest.child = g.Optional<bool>("child").value_or(false);
        auto age = g.Optional<int>("age");
        if (guest.child) {
          g.Check("age", age && *age >= 0 && *age <= 17, "a child needs an age from 0 to 17");
          guest.age = age.value_or(0);
        }
        g.NoOtherFields({"firstName", "lastName", "child", "age"});
        if (auto e = g.Finish()) {
          for (auto& f : e->fields) r.AddError(f.field, f.message);
        }
        list.push_back(std::move(guest));
      }
    }
    if (!in.guests.empty() && !in.guests.front().empty() && in.guests.front().front().child) {
      r.AddError("guests[0][0]", "the lead guest must be an adult");
    }
  }
  r.NoOtherFields({"quoteId", "guests", "contact", "clientReference", "acceptPriceChange", "remark"});
  if (auto e = r.Finish()) return *e;
  return in;
}

Result<std::pair<int, std::optional<std::string>>> ParsePage(const runtime::Request& req) {
  int limit = kDefaultLimit;
  if (auto l = req.QueryParam("limit")) {
    try {
      std::size_t used = 0;
      limit = std::stoi(*l, &used);
      if (used != l->size()) limit = 0;
    } catch (...) {
      limit = 0;
    }
    if (limit < 1 || limit > kMaxLimit) return Error::Validation("limit", "must be an integer from 1 to 200");
  }
  auto cursor = req.QueryParam("cursor");
  if (cursor && !IsId(*cursor, "ord")) return Error::Validation("cursor", "not a cursor from a previous page");
  return std::pair{limit, cursor};
}

Result<OrderFilter> ParseFilter(const runtime::Request& req) {
  OrderFilter f;
  auto page = ParsePage(req);
  if (!page) return page.error();
  f.limit = page->first;
  f.after = page->second;
  if (auto s = req.QueryParam("status")) {
    f.status = ParseStatus(*s);
    if (!f.status) return Error::Validation("status", "unknown status " + supplier::Excerpt(*s));
  }
  f.client_reference = req.QueryParam("clientReference");
  f.hotel_id = req.QueryParam("hotelId");
  for (auto [name, field] : {std::pair{"checkInFrom", &f.check_in_from}, std::pair{"checkInTo", &f.check_in_to}}) {
    if (auto d = req.QueryParam(name)) {
      *field = ParseDate(*d);
      if (!*field) return Error::Validation(name, "must be a date YYYY-MM-DD");
    }
  }
  for (auto [name, field] : {std::pair{"createdFrom", &f.created_from}, std::pair{"createdTo", &f.created_to}}) {
    if (auto t = req.QueryParam(name)) {
      auto at = ParseIso8601(*t);
      if (!at) return Error::Validation(name, "must be an ISO 8601 instant with an offset");
      *field = FormatIso8601(*at);
    }
  }
  return f;
}

json::object QuoteJson(const QuoteRecord& q) {
  json::object o{{"quoteId", q.id},
                 {"status", supplier::QuoteStatusName(q.status)},
                 {"price", MoneyJson(q.price)},
                 {"hotel", HotelJson(q.master_hotel_id, q.hotel_name)},
                 {"checkIn", FormatDate(q.offer.check_in)},
                 {"checkOut", FormatDate(q.offer.check_out)},
                 {"rooms", OfferDataToJson(q.offer).at("rooms")},
                 {"roomName", q.offer.rate.room_name},
                 {"board", supplier::BoardCode(q.offer.rate.board)},
                 {"refundable", q.refundable},
                 {"cancellationPolicy", PolicyJson(PolicyForPrice(q.cancellation, q.price, q.net))},
                 {"expiresAt", q.expires_at},
                 {"createdAt", q.created_at}};
  if (q.previous_price) o["previousPrice"] = MoneyJson(*q.previous_price);
  return o;
}

json::object OrderJson(const OrderRecord& o, const Principal& viewer) {
  json::object out{{"orderId", o.id},
                   {"status", StatusName(o.status)},
                   {"clientReference", o.client_reference},
                   {"quoteId", o.quote_id},
                   {"tenantId", o.tenant_id},
                   {"hotel", HotelJson(o.master_hotel_id, o.hotel_name)},
                   {"checkIn", FormatDate(o.check_in)},
                   {"checkOut", FormatDate(o.check_out)},
                   {"rooms", o.rooms},
                   {"guests", o.guests},
                   {"contact", o.contact},
                   {"roomName", o.room_name},
                   {"board", o.board},
                   {"price", MoneyJson(o.price)},
                   {"refundable", o.refundable},
                   {"cancellationPolicy", PolicyJson(PolicyForPrice(o.cancellation, o.price, o.net))},
                   {"expiresAt", o.expires_at},
                   {"createdAt", o.created_at},
                   {"updatedAt", o.updated_at}};
  if (o.status_reason) out["statusReason"] = *o.status_reason;
  if (o.remark) out["remark"] = *o.remark;
  if (o.cancel_penalty_minor) out["cancelPenalty"] = MoneyJson({*o.cancel_penalty_minor, o.price.currency});
  if (o.refunded_minor) out["refunded"] = MoneyJson({*o.refunded_minor, o.price.currency});
  if (auto b = BreakdownFor(o.breakdown, viewer)) out["breakdown"] = std::move(*b);
  if (viewer.IsPlatformStaff()) {
    out["supplier"] = o.supplier;
    out["supplierReferenceKey"] = o.supplier_reference_key;
    if (o.supplier_booking_reference) out["supplierBookingReference"] = *o.supplier_booking_reference;
    out["net"] = MoneyJson(o.net);
    out["credit"] = SharesToJson(o.credit);
    out["riskScore"] = o.risk_score;
    out["riskReasons"] = o.risk_reasons;
    if (o.reviewed_by) out["reviewedBy"] = *o.reviewed_by;
    if (o.reviewed_at) out["reviewedAt"] = *o.reviewed_at;
  }
  return out;
}

json::object DetailJson(const OrderDetail& d, const Principal& viewer) {
  auto out = OrderJson(d.order, viewer);
  json::array transitions;
  for (const auto& t : d.transitions) {
    json::object j{{"seq", t.seq}, {"to", t.to}, {"actor", t.actor}, {"reason", t.reason}, {"at", t.at}};
    j["from"] = t.from ? json::value(*t.from) : json::value(nullptr);
    transitions.push_back(std::move(j));
  }
  out["transitions"] = std::move(transitions);
  json::array holds;
  for (const auto& h : d.holds) {
    // A tier above the viewer's tenant is its own business: a sub-agent (whatever the role)
    // sees only its own hold, a distributor its own and its sub-agent's.
    if (!viewer.SeesTenantOnPath(h.tenant_id, d.order.tenant_path)) continue;
    const std::string_view state = h.state == credit::HoldState::kHeld       ? "held"
                                   : h.state == credit::HoldState::kCaptured ? "captured"
                                                                             : "released";
    holds.push_back(json::object{{"tenantId", h.tenant_id},
                                 {"amount", MoneyJson(h.amount)},
                                 {"state", state},
                                 {"refunded", MoneyJson({h.refunded_minor, h.amount.currency})}});
  }
  out["holds"] = std::move(holds);
  return out;
}

json::object ListJson(std::vector<OrderRecord> orders, int limit, const Principal& viewer) {
  json::value next = nullptr;
  if (orders.size() > static_cast<std::size_t>(limit)) {
    orders.resize(static_cast<std::size_t>(limit));
    next = json::value(orders.back().id);
  }
  json::array items;
  for (const auto& o : orders) items.push_back(OrderJson(o, viewer));
  return {{"items", std::move(items)}, {"nextCursor", std::move(next)}};
}

json::object ReviewJson(const OrderRecord& o) {
  return {{"orderId", o.id},
          {"tenantId", o.tenant_id},
          {"status", StatusName(o.status)},
          {"price", MoneyJson(o.price)},
          {"hotel", HotelJson(o.master_hotel_id, o.hotel_name)},
          {"checkIn", FormatDate(o.check_in)},
          {"riskScore", o.risk_score},
          {"riskReasons", o.risk_reasons},
          {"createdAt", o.created_at},
          {"createdBy", o.created_by}};
}

json::object CancelQuoteJson(const CancelQuote& q) {
  return {{"penalty", MoneyJson(q.penalty)},
          {"refund", MoneyJson(q.refund)},
          {"currency", q.penalty.currency},
          {"policy", PolicyJson(q.policy)},
          {"asOf", FormatIso8601(q.as_of)}};
}

}  // namespace hotel::orders::views
