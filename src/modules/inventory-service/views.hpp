// JSON in and out for the inventory API: request parsing with runtime::JsonReader (every bad
// field named), path and query checks, and the JSON of nights and holds.
#pragma once

#include "modules/inventory-service/model.hpp"
#include "runtime/http.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace hotel::inventory::views {

struct AllotmentPut {
  Date from;
  Date to;  // inclusive
  int total = 0;
};

struct AllotmentQuery {
  Date from;
  Date to;  // inclusive
  std::optional<std::string> room_type;
};

// Path segments: a master hotel id ("htl_" + letters, digits, '_' or '-'; at most 40) and
// a room type code (1..50 of letters, digits, '_', '-', '.').
Result<void> CheckHotelId(std::string_view id);
Result<void> CheckRoomType(std::string_view code, std::string_view field = "roomType");

Result<AllotmentPut> ParseAllotmentPut(std::string_view body);
Result<AllotmentQuery> ParseAllotmentQuery(const runtime::Request& req);
Result<HoldRequest> ParseHoldRequest(std::string_view body);

boost::json::object NightJson(const AllotmentNight& n);
boost::json::object NightsJson(const std::vector<AllotmentNight>& nights);  // {"items": [...], "nextCursor": null}
boost::json::object HoldJson(const Hold& h);

inline constexpr int kDefaultTtlSeconds = 900;
inline constexpr int kMaxTtlSeconds = 86400;

}  // namespace hotel::inventory::views
