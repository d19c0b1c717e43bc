// JSON in and out for the inventory API (Boost.JSON and runtime::JsonReader).
#include "modules/inventory-service/views.hpp"

#include "runtime/json.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace hotel::inventory::views {
namespace {

using runtime::JsonReader;

constexpr std::string_view kDateMessage = "must be a date YYYY-MM-DD";

bool CodeChar(char c, std::string_view extra) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         extra.find(c) != std::string_view::npos;
}

// A required date field: wrong shape → an error naming it; returns a date even then.
Date ReadDate(JsonReader& r, std::string_view field) {
  auto text = r.Required<std::string>(field);
  auto d = ParseDate(text);
  r.Check(field, d.has_value(), std::string(kDateMessage));
  return d.value_or(Date{});
}

std::optional<std::string> CheckRoomTypeText(std::string_view code) {
  const bool ok = !code.empty() && code.size() <= 50 &&
                  std::all_of(code.begin(), code.end(), [](char c) { return CodeChar(c, "_-."); });
  if (!ok) return "must be 1 to 50 letters, digits, '_', '-' or '.'";
  return std::nullopt;
}

}  // namespace

Result<void> CheckHotelId(std::string_view id) {
  const bool ok = id.size() > 4 && id.size() <= 40 && id.substr(0, 4) == "htl_" &&
                  std::all_of(id.begin() + 4, id.end(), [](char c) { return CodeChar(c, "_-"); });
  if (!ok) return Error::Validation("hotelId", "must be a master hotel id like htl_01jd…");
  return Ok();
}

Result<void> CheckRoomType(std::string_view code, std::string_view field) {
  if (auto msg = CheckRoomTypeText(code)) return Error::Validation(std::string(field), *msg);
  return Ok();
}

Result<AllotmentPut> ParseAllotmentPut(std::string_view body) {
  auto json = runtime::ParseJson(body);
  if (!json) return json.error();
  JsonReader r(*json);
  r.NoOtherFields({"from", "to", "total"});
  AllotmentPut out;
  out.from = ReadDate(r, "from");
  out.to = ReadDate(r, "to");
  out.total = r.Required<int>("total");
  r.Check("total", out.total >= 0 && out.total <= kMaxTotal, "must be from 0 to 10000");
  if (r.ok()) {
    r.Check("to", out.to >= out.from, "must not be before from");
    r.Check("to", out.to - out.from < kMaxRangeNights,
            "a range is at most " + std::to_string(kMaxRangeNights) + " nights");
  }
  if (auto err = r.Finish()) return *err;
  return out;
}

Result<AllotmentQuery> ParseAllotmentQuery(const runtime::Request& req) {
  std::vector<FieldError> errors;
  AllotmentQuery q;
  auto date = [&](std::string_view name, Date& out) {
    auto text = req.QueryParam(name);
    if (!text) return errors.push_back({std::string(name), "is required (YYYY-MM-DD)"});
    auto d = ParseDate(*text);
    if (!d) return errors.push_back({std::string(name), std::string(kDateMessage)});
    out = *d;
  };
  date("from", q.from);
  date("to", q.to);
  if (auto rt = req.QueryParam("roomType")) {
    if (auto msg = CheckRoomTypeText(*rt)) errors.push_back({"roomType", *msg});
    q.room_type = *rt;
  }
  if (errors.empty() && q.to < q.from) errors.push_back({"to", "must not be before from"});
  if (errors.empty() && q.to - q.from >= kMaxRangeNights) {
    errors.push_back({"to", "a range is at most " + std::to_string(kMaxRangeNights) + " nights"});
  }
  if (!errors.empty()) return Error{Errc::validation_failed, "The query has invalid parameters.", std::move(errors)};
  return q;
}

Result<HoldRequest> ParseHoldRequest(std::string_view body) {
  auto json = runtime::ParseJson(body);
  if (!json) return json.error();
  JsonReader r(*json);
  r.NoOtherFields({"hotelId", "roomType", "checkIn", "checkOut", "rooms", "reference", "ttlSeconds"});
  HoldRequest out;
  out.hotel_id = r.Required<std::string>("hotelId");
  if (auto ok = CheckHotelId(out.hotel_id); !ok) r.Check("hotelId", false, ok.error().fields.front().message);
  out.room_type = r.Required<std::string>("roomType");
  if (auto msg = CheckRoomTypeText(out.room_type)) r.Check("roomType", false, *msg);
  out.check_in = ReadDate(r, "checkIn");
  out.check_out = ReadDate(r, "checkOut");
  out.rooms = r.Required<int>("rooms");
  r.Check("rooms", out.rooms >= 1 && out.rooms <= kMaxRooms, "must be from 1 to 9");
  out.reference = r.Optional<std::string>("reference");
  if (out.reference) {
    r.Check("reference", !out.reference->empty() && out.reference->size() <= 100, "must be 1 to 100 characters");
  }
  const auto ttl = r.Optional<int>("ttlSeconds");
  if (ttl) r.Check("ttlSeconds", *ttl >= 1 && *ttl <= kMaxTtlSeconds, "must be from 1 to 86400");
  out.ttl = std::chrono::seconds(ttl.value_or(kDefaultTtlSeconds));
  if (out.check_in != Date{} && out.check_out != Date{}) {
    r.Check("checkOut", out.check_out > out.check_in, "must be after checkIn");
    r.Check("checkOut", out.check_out - out.check_in <= kMaxStayNights,
            "a stay is at most " + std::to_string(kMaxStayNights) + " nights");
  }
  if (auto err = r.Finish()) return *err;
  return out;
}

boost::json::object NightJson(const AllotmentNight& n) {
  return {{"hotelId", n.hotel_id}, {"roomType", n.room_type}, {"night", n.night},        {"total", n.total},
          {"sold", n.sold},        {"held", n.held},           {"available", n.Available()}, {"updatedAt", n.updated_at}};
}

boost::json::object NightsJson(const std::vector<AllotmentNight>& nights) {
  boost::json::array items;
  for (const auto& n : nights) items.push_back(NightJson(n));
  return {{"items", std::move(items)}, {"nextCursor", nullptr}};
}

boost::json::object HoldJson(const Hold& h) {
  return {{"id", h.id},
          {"hotelId", h.hotel_id},
          {"roomType", h.room_type},
          {"checkIn", h.check_in},
          {"checkOut", h.check_out},
          {"rooms", h.rooms},
          {"status", HoldStatusName(h.status)},
          {"expiresAt", h.expires_at},
          {"reference", h.reference ? boost::json::value(*h.reference) : boost::json::value(nullptr)},
          {"createdAt", h.created_at},
          {"updatedAt", h.updated_at}};
}

}  // namespace hotel::inventory::views
