// SimCore's data in hbx-json's (APItude's) answer shapes.
#include "supplier-sim/hbx/hbx_render.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace hotel::sim::hbx {
namespace {

namespace json = boost::json;

std::string_view BoardName(std::string_view code) {
  if (code == "BB") return "BED AND BREAKFAST";
  if (code == "HB") return "HALF BOARD";
  if (code == "FB") return "FULL BOARD";
  if (code == "AI") return "ALL INCLUSIVE";
  return "ROOM ONLY";
}

std::string_view RateClassCode(RateClass rc) { return rc == RateClass::kNonRefundable ? "NRF" : "NOR"; }

// APItude's booking statuses are CONFIRMED and CANCELLED only. The simulator adds PENDING for
// an on-request booking (the hotel must still confirm) and UNKNOWN for one the supplier cannot
// vouch for yet (as TravelgateX's ON_REQUEST / UNKNOWN): both become CONFIRMED later.
std::string_view StatusName(BookingState s) {
  switch (s) {
    case BookingState::kConfirmed:
    case BookingState::kHeld:  // hbx-json books without holds: never seen here
      return "CONFIRMED";
    case BookingState::kOnRequest: return "PENDING";
    case BookingState::kUnknown: return "UNKNOWN";
    case BookingState::kCancelled:
    case BookingState::kReleased: return "CANCELLED";
  }
  return "UNKNOWN";
}

json::array Policies(const SimCore& core, const world::SupplierHotel* hotel, const std::vector<PenaltyPoint>& points) {
  const int offset = hotel ? core.UtcOffsetMinutes(*hotel) : 0;
  json::array out;
  for (const auto& p : points) {
    out.push_back(json::object{{"amount", core.FormatMoney(p.amount)}, {"from", LocalTime(p.from, offset)}});
  }
  return out;
}

// The occupancy a rate covers. A simulator rate covers every room of the search (its token
// stands for all of them), so `rooms` is the room count and adults/children are totals.
void AddOccupancy(json::object& rate, const std::vector<Occupancy>& rooms) {
  std::int64_t adults = 0, children = 0;
  std::string ages;
  for (const auto& r : rooms) {
    adults += r.adults;
    for (int age : r.child_ages) {
      ++children;
      if (!ages.empty()) ages += ',';
      ages += std::to_string(age);
    }
  }
  rate["rooms"] = static_cast<std::int64_t>(rooms.size());
  rate["adults"] = adults;
  rate["children"] = children;
  if (!ages.empty()) rate["childrenAges"] = ages;
}

json::object RateJson(const SimCore& core, const world::SupplierHotel& hotel, const SimRate& rate) {
  json::object out{{"rateKey", rate.token},
                   {"rateClass", RateClassCode(rate.key.rate_class)},
                   {"rateType", rate.recheck ? "RECHECK" : "BOOKABLE"},
                   {"net", core.FormatMoney(rate.net)},
                   {"sellingRate", core.FormatMoney(rate.selling)},
                   {"hotelMandatory", rate.selling_mandatory},
                   {"allotment", rate.rooms_left},
                   {"paymentType", "AT_WEB"},
                   {"boardCode", rate.key.board},
                   {"boardName", BoardName(rate.key.board)}};
  AddOccupancy(out, rate.key.rooms);
  out["cancellationPolicies"] = Policies(core, &hotel, rate.cancellation);
  return out;
}

}  // namespace

std::string LocalTime(Instant t, int offset_minutes) {
  const std::int64_t secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count() +
                            std::int64_t(offset_minutes) * 60;
  std::int64_t days = secs / 86400;
  std::int64_t rem = secs % 86400;
  if (rem < 0) {
    rem += 86400;
    --days;
  }
  const int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  return fmt::format("{}T{:02}:{:02}:{:02}{}{:02}:{:02}", FormatDate(Date{days}), rem / 3600, rem / 60 % 60, rem % 60,
                     offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
}

runtime::Response ErrorResponse(const SimCore& core, int status, std::string_view code, std::string_view message) {
  json::object body{{"error", json::object{{"code", code}, {"message", message}}}};
  auto r = Answer(core, std::move(body));
  r.status = status;
  return r;
}

runtime::Response Answer(const SimCore& core, boost::json::object body) {
  body["auditData"] = json::object{{"processTime", "1"},
                                   {"timestamp", FormatIso8601(core.Now())},
                                   {"serverId", "supplier-sim"},
                                   {"environment", "[sim]"}};
  return runtime::Response::Json(200, json::serialize(body));
}

json::object HotelJson(const SimCore& core, const world::SupplierHotel& hotel, const std::vector<SimRate>& rates) {
  json::object out{
      {"code", hotel.code}, {"name", hotel.name}, {"destinationName", hotel.city}, {"currency", core.currency()}};
  if (hotel.stars > 0) out["categoryCode"] = std::to_string(hotel.stars) + "EST";
  if (!rates.empty()) {
    auto [lo, hi] =
        std::minmax_element(rates.begin(), rates.end(), [](const auto& a, const auto& b) { return a.net < b.net; });
    out["minRate"] = core.FormatMoney(lo->net);
    out["maxRate"] = core.FormatMoney(hi->net);
  }
  // Rooms in the order their first rate came.
  std::vector<std::string> order;
  std::map<std::string, json::object> rooms;
  for (const auto& rate : rates) {
    auto [it, fresh] = rooms.try_emplace(rate.key.room_code);
    if (fresh) {
      order.push_back(rate.key.room_code);
      it->second = json::object{{"code", rate.key.room_code}, {"name", rate.room_name}, {"rates", json::array{}}};
    }
    it->second["rates"].as_array().push_back(RateJson(core, hotel, rate));
  }
  json::array room_list;
  for (const auto& code : order) room_list.push_back(std::move(rooms[code]));
  out["rooms"] = std::move(room_list);
  return out;
}

json::object BookingJson(const SimCore& core, const SimBooking& b, std::optional<std::int64_t> hotel_total) {
  const auto* hotel = core.FindHotel(b.key.hotel_code);
  const bool cancelled = b.state == BookingState::kCancelled;
  if (!hotel_total && cancelled) hotel_total = std::max<std::int64_t>(b.cancellation_penalty, 0);
  json::object rate{{"rateClass", RateClassCode(b.key.rate_class)},
                    {"net", core.FormatMoney(b.net)},
                    {"boardCode", b.key.board},
                    {"boardName", BoardName(b.key.board)}};
  AddOccupancy(rate, b.key.rooms);
  rate["cancellationPolicies"] = Policies(core, hotel, b.cancellation);
  json::object room{{"code", b.key.room_code},
                    {"name", b.room_name},
                    {"status", StatusName(b.state)},
                    {"rates", json::array{std::move(rate)}}};
  json::object hotel_json{{"checkIn", FormatDate(b.key.check_in)},
                          {"checkOut", FormatDate(b.key.check_out)},
                          {"code", b.key.hotel_code},
                          {"name", hotel ? hotel->name : ""},
                          {"rooms", json::array{std::move(room)}},
                          {"totalNet", core.FormatMoney(hotel_total.value_or(b.net))},
                          {"currency", core.currency()}};
  json::object out{{"reference", b.reference},
                   {"clientReference", b.client_reference},
                   {"creationDate", FormatDate(DateOf(b.created_at))},
                   {"status", StatusName(b.state)},
                   {"holder", json::object{{"name", b.holder_first}, {"surname", b.holder_last}}},
                   {"hotel", std::move(hotel_json)},
                   {"totalNet", core.FormatMoney(b.net)},
                   {"pendingAmount", core.FormatMoney(cancelled ? 0 : b.net)},
                   {"currency", core.currency()}};
  if (cancelled) out["cancellationReference"] = b.reference + "-C";
  return out;
}

json::object ContentHotelJson(const world::SupplierHotel& h) {
  json::object out{{"code", h.code},
                   {"name", json::object{{"content", h.name}}},
                   {"countryCode", h.country},
                   {"city", json::object{{"content", h.city}}},
                   {"coordinates", json::object{{"latitude", h.lat}, {"longitude", h.lon}}}};
  if (!h.address.empty()) out["address"] = json::object{{"content", h.address}};
  if (!h.postcode.empty()) out["postalCode"] = h.postcode;
  if (h.stars > 0) out["categoryCode"] = std::to_string(h.stars) + "EST";
  if (!h.chain.empty()) out["chainCode"] = h.chain;
  json::array phones;
  if (!h.phone.empty()) phones.push_back(json::object{{"phoneNumber", h.phone}, {"phoneType", "PHONEBOOKING"}});
  out["phones"] = std::move(phones);
  return out;
}

}  // namespace hotel::sim::hbx
