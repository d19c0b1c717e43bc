// The order lifecycle table, JSON forms of the stored documents and penalty arithmetic.
#include "modules/order-service/model.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace hotel::orders {
namespace {

namespace json = boost::json;
using S = OrderStatus;

constexpr std::array<std::pair<S, std::string_view>, 11> kNames{{
    {S::kPending, "PENDING"},
    {S::kPendingReview, "PENDING_REVIEW"},
    {S::kRejected, "REJECTED"},
    {S::kBooking, "BOOKING"},
    {S::kConfirmed, "CONFIRMED"},
    {S::kFailed, "FAILED"},
    {S::kOnRequest, "ON_REQUEST"},
    {S::kCancelling, "CANCELLING"},
    {S::kCancelled, "CANCELLED"},
    {S::kExpired, "EXPIRED"},
    {S::kCompleted, "COMPLETED"},
}};

std::string Str(const json::object& o, std::string_view k) {
  const auto* v = o.if_contains(k);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t Int(const json::object& o, std::string_view k) {
  const auto* v = o.if_contains(k);
  return v && v->is_int64() ? v->as_int64() : 0;
}

}  // namespace

std::string_view StatusName(OrderStatus s) {
  for (const auto& [status, name] : kNames) {
    if (status == s) return name;
  }
  return "PENDING";
}

std::optional<OrderStatus> ParseStatus(std::string_view name) {
  for (const auto& [status, n] : kNames) {
    if (n == name) return status;
  }
  return std::nullopt;
}

bool IsTerminal(OrderStatus s) {
  return s == S::kRejected || s == S::kFailed || s == S::kCancelled || s == S::kExpired || s == S::kCompleted;
}

bool CanTransition(OrderStatus from, OrderStatus to) {
  switch (from) {
    case S::kPending:
      return to == S::kBooking || to == S::kPendingReview || to == S::kRejected || to == S::kFailed;
    case S::kPendingReview:
      return to == S::kBooking || to == S::kRejected || to == S::kFailed || to == S::kExpired;
    case S::kBooking:
      return to == S::kConfirmed || to == S::kFailed || to == S::kOnRequest || to == S::kExpired;
    case S::kOnRequest:
      return to == S::kConfirmed || to == S::kFailed || to == S::kExpired || to == S::kCancelling ||
             to == S::kCancelled;
    case S::kConfirmed:
      return to == S::kCancelling || to == S::kCompleted;
    case S::kCancelling:
      // Back to where it was when the supplier refused or could not be reached.
      return to == S::kCancelled || to == S::kConfirmed || to == S::kOnRequest;
    default:
      return false;
  }
}

std::string EventTypeFor(OrderStatus to) {
  std::string name(StatusName(to));
  if (to == S::kPending) return "order.created";
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) { return std::tolower(c); });
  return "order." + name;
}

std::string SupplierReferenceKey(std::string_view order_id) {
  const auto at = order_id.find('_');
  std::string ulid(at == std::string_view::npos ? order_id : order_id.substr(at + 1));
  std::transform(ulid.begin(), ulid.end(), ulid.begin(), [](unsigned char c) { return std::toupper(c); });
  std::string key = "HP" + ulid;
  if (key.size() > 28) key.resize(28);
  return key;
}

json::object MoneyJson(const Money& m) { return {{"amount", m.minor}, {"currency", m.currency}}; }

std::optional<Money> MoneyFromJson(const json::value& v) {
  if (!v.is_object()) return std::nullopt;
  const auto& o = v.as_object();
  const auto* a = o.if_contains("amount");
  // Bounded on read as on write (core/money): a stored amount beyond it is no amount.
  if (!a || !a->is_int64() || !AmountInBounds(a->as_int64())) return std::nullopt;
  return Money{a->as_int64(), Str(o, "currency")};
}

json::array PolicyToJson(const std::vector<supplier::CancellationPenalty>& policy) {
  json::array out;
  for (const auto& p : policy) out.push_back(json::object{{"from", FormatIso8601(p.from)}, {"penalty", MoneyJson(p.penalty)}});
  return out;
}

std::vector<supplier::CancellationPenalty> PolicyFromJson(const json::value& v) {
  std::vector<supplier::CancellationPenalty> out;
  if (!v.is_array()) return out;
  for (const auto& p : v.as_array()) {
    if (!p.is_object()) continue;
    auto from = ParseIso8601(Str(p.as_object(), "from"));
    const auto* pen = p.as_object().if_contains("penalty");
    auto money = pen ? MoneyFromJson(*pen) : std::nullopt;
    if (from && money) out.push_back({*from, *money});
  }
  return out;
}

json::array SharesToJson(const std::vector<CreditShare>& shares) {
  json::array out;
  for (const auto& s : shares) {
    json::object share{{"tenantId", s.tenant_id}, {"amount", MoneyJson(s.amount)}};
    if (!s.account_id.empty()) share["accountId"] = s.account_id;
    out.push_back(std::move(share));
  }
  return out;
}

std::vector<CreditShare> SharesFromJson(const json::value& v) {
  std::vector<CreditShare> out;
  if (!v.is_array()) return out;
  for (const auto& s : v.as_array()) {
    if (!s.is_object()) continue;
    const auto* a = s.as_object().if_contains("amount");
    auto money = a ? MoneyFromJson(*a) : std::nullopt;
    if (money) out.push_back({Str(s.as_object(), "tenantId"), *money, Str(s.as_object(), "accountId")});
  }
  return out;
}

json::object OfferDataToJson(const OfferData& o) {
  json::array rooms;
  for (const auto& r : o.rooms) {
    json::array ages;
    for (int a : r.child_ages) ages.push_back(a);
    rooms.push_back(json::object{{"adults", r.adults}, {"childAges", std::move(ages)}});
  }
  json::object rate{{"token", o.rate.rate_token},
                    {"roomCode", o.rate.room_code},
                    {"roomName", o.rate.room_name},
                    {"board", supplier::BoardCode(o.rate.board)},
                    {"net", MoneyJson(o.rate.net)},
                    {"refundable", o.rate.refundable},
                    {"cancellation", PolicyToJson(o.rate.cancellation)},
                    {"payment", o.rate.payment == supplier::PaymentType::kAtHotel ? "at_hotel" : "at_web"}};
  if (o.rate.selling_floor) rate["sellingFloor"] = MoneyJson(*o.rate.selling_floor);
  return {{"supplier", o.supplier},       {"hotelCode", o.hotel_code},          {"country", o.country},
          {"city", o.city},               {"nationality", o.nationality},       {"checkIn", FormatDate(o.check_in)},
          {"checkOut", FormatDate(o.check_out)}, {"rooms", std::move(rooms)}, {"rate", std::move(rate)}};
}

Result<OfferData> OfferDataFromJson(const json::value& v) {
  if (!v.is_object()) return Error::Internal("stored offer is not an object");
  const auto& o = v.as_object();
  OfferData d;
  d.supplier = Str(o, "supplier");
  d.hotel_code = Str(o, "hotelCode");
  d.country = Str(o, "country");
  d.city = Str(o, "city");
  d.nationality = Str(o, "nationality");
  auto in = ParseDate(Str(o, "checkIn"));
  auto out = ParseDate(Str(o, "checkOut"));
  if (!in || !out) return Error::Internal("stored offer has bad dates");
  d.check_in = *in;
  d.check_out = *out;
  if (const auto* rooms = o.if_contains("rooms"); rooms && rooms->is_array()) {
    for (const auto& r : rooms->as_array()) {
      supplier::RoomOccupancy occ;
      occ.adults = static_cast<int>(Int(r.as_object(), "adults"));
      if (const auto* ages = r.as_object().if_contains("childAges"); ages && ages->is_array()) {
        for (const auto& a : ages->as_array()) occ.child_ages.push_back(static_cast<int>(a.as_int64()));
      }
      d.rooms.push_back(std::move(occ));
    }
  }
  const auto* rate_v = o.if_contains("rate");
  if (!rate_v || !rate_v->is_object()) return Error::Internal("stored offer has no rate");
  const auto& rate = rate_v->as_object();
  d.rate.rate_token = Str(rate, "token");
  d.rate.room_code = Str(rate, "roomCode");
  d.rate.room_name = Str(rate, "roomName");
  d.rate.board = supplier::ParseBoardCode(Str(rate, "board")).value_or(supplier::Board::kRoomOnly);
  if (const auto* net = rate.if_contains("net")) d.rate.net = MoneyFromJson(*net).value_or(Money{});
  if (const auto* floor = rate.if_contains("sellingFloor")) d.rate.selling_floor = MoneyFromJson(*floor);
  if (const auto* r = rate.if_contains("refundable"); r && r->is_bool()) d.rate.refundable = r->as_bool();
  if (const auto* c = rate.if_contains("cancellation")) d.rate.cancellation = PolicyFromJson(*c);
  d.rate.payment = Str(rate, "payment") == "at_hotel" ? supplier::PaymentType::kAtHotel : supplier::PaymentType::kAtWeb;
  return d;
}

supplier::BookRequest BookRequestFor(const OrderRecord& o, std::string rate_token) {
  supplier::BookRequest request;
  request.hotel_code = o.hotel_code;
  request.rate_token = std::move(rate_token);
  request.client_reference = o.supplier_reference_key;
  request.check_in = o.check_in;
  request.check_out = o.check_out;
  for (const auto& r : o.rooms) {
    if (!r.is_object()) continue;
    supplier::RoomOccupancy occ;
    if (const auto* a = r.as_object().if_contains("adults"); a && a->is_int64()) occ.adults = static_cast<int>(a->as_int64());
    if (const auto* ages = r.as_object().if_contains("childAges"); ages && ages->is_array()) {
      for (const auto& age : ages->as_array()) {
        if (age.is_int64()) occ.child_ages.push_back(static_cast<int>(age.as_int64()));
      }
    }
    request.rooms.push_back(std::move(occ));
  }
  for (const auto& room : o.guests) {
    auto& list = request.guests.emplace_back();
    if (!room.is_array()) continue;
    for (const auto& g : room.as_array()) {
      if (!g.is_object()) continue;
      const auto& fields = g.as_object();
      supplier::Guest guest;
      guest.first_name = Str(fields, "firstName");
      guest.last_name = Str(fields, "lastName");
      if (const auto* c = fields.if_contains("child"); c && c->is_bool()) guest.child = c->as_bool();
      if (const auto* a = fields.if_contains("age"); a && a->is_int64()) guest.age = static_cast<int>(a->as_int64());
      list.push_back(std::move(guest));
    }
  }
  request.expected_net = o.net;
  request.remark = o.remark.value_or("");
  return request;
}

Money SupplierPenaltyAt(const std::vector<supplier::CancellationPenalty>& policy, const Money& net, bool refundable,
                        Instant at) {
  if (!refundable && policy.empty()) return net;
  Money penalty{0, net.currency};
  for (const auto& p : policy) {
    if (p.from <= at) penalty = p.penalty;  // points are sorted; the latest one reached applies
  }
  return penalty;
}

std::int64_t TierPenalty(std::int64_t charged_minor, std::int64_t supplier_penalty_minor, std::int64_t net_minor) {
  if (supplier_penalty_minor <= 0 || charged_minor <= 0) return 0;
  if (net_minor <= 0 || supplier_penalty_minor >= net_minor) return charged_minor;
  return std::min(charged_minor, ScaleRounded(charged_minor, supplier_penalty_minor, net_minor));
}

std::vector<supplier::CancellationPenalty> PolicyForPrice(const std::vector<supplier::CancellationPenalty>& policy,
                                                          const Money& price, const Money& net) {
  std::vector<supplier::CancellationPenalty> out;
  for (const auto& p : policy) {
    out.push_back({p.from, Money{TierPenalty(price.minor, p.penalty.minor, net.minor), price.currency}});
  }
  return out;
}

}  // namespace hotel::orders
