// JSON in and out for the catalog API: query and body parsing (every bad field named), and
// the JSON of master hotels, mappings, the ranking, review items and import jobs.
#pragma once

#include "modules/config/config_keys.hpp"
#include "modules/matching-service/catalog_repository.hpp"
#include "modules/matching-service/catalog_service.hpp"
#include "modules/matching-service/ranking.hpp"
#include "runtime/http.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace hotel::matching::views {

inline constexpr int kDefaultLimit = 50;
inline constexpr int kMaxLimit = 200;
inline constexpr int kDefaultPageSize = 1000;  // content page size asked of a supplier
inline constexpr int kMaxPageSize = 5000;

struct ListParams {
  int limit = kDefaultLimit;
  std::optional<std::string> cursor;
};

// ?limit= (1..200, default 50) and ?cursor= (an id of `prefix`, as a previous page's nextCursor).
Result<ListParams> ParseListParams(const runtime::Request& req, std::string_view cursor_prefix);
// ?status= (open|approved|rejected|remapped, default open), ?supplier=, limit, cursor.
Result<ReviewQuery> ParseReviewQuery(const runtime::Request& req);
// ?q= (name or city words), ?city=, ?country= (ISO-2), limit, cursor.
Result<MasterQuery> ParseHotelQuery(const runtime::Request& req);
// {"masterId": "htl_…"}
Result<std::string> ParseRemap(std::string_view body);
// An empty body, or {"pageSize": 1..5000}.
Result<int> ParseImportRequest(std::string_view body);
// Approve and reject take no fields: an empty body or {}.
Result<void> ParseEmptyObject(std::string_view body);
// A supplier code path segment: 2..16 of A-Z, 0-9, '_'.
Result<void> CheckSupplierCode(std::string_view code, std::string_view field = "code");

boost::json::object MasterJson(const CatalogMaster& m);
boost::json::object HotelDetailJson(const HotelDetail& d, const std::vector<RankedSupplier>& ranking,
                                    const config::MatchingWeights& weights);
boost::json::object ReviewJson(const ReviewView& v);
boost::json::object JobJson(const ImportJob& j);

template <class T, class ToJson>
boost::json::object PageJson(const Page<T>& page, ToJson to_json) {
  boost::json::array items;
  for (const auto& item : page.items) items.push_back(to_json(item));
  boost::json::object out{{"items", std::move(items)}};
  if (page.next_cursor) out["nextCursor"] = *page.next_cursor;
  else out["nextCursor"] = nullptr;
  return out;
}

}  // namespace hotel::matching::views
