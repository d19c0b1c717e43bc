// JSON in and out for the catalog API (Boost.JSON and runtime::JsonReader).
#include "modules/matching-service/catalog_views.hpp"

#include "core/ids.hpp"
#include "runtime/json.hpp"

#include <boost/json.hpp>

#include <cctype>
#include <charconv>
#include <cmath>

namespace hotel::matching::views {
namespace {

namespace json = boost::json;
using runtime::JsonReader;

Error Invalid(std::vector<FieldError> errors) {
  return Error{Errc::validation_failed, "The query has invalid parameters.", std::move(errors)};
}

// Scores and signals to 4 decimals: more digits only look precise.
double Round4(double v) { return std::round(v * 10000.0) / 10000.0; }
json::value OptNumber(const std::optional<double>& v) { return v ? json::value(Round4(*v)) : json::value(nullptr); }
json::value OptString(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }

void ReadList(const runtime::Request& req, std::string_view prefix, ListParams& out, std::vector<FieldError>& errors) {
  if (auto limit = req.QueryParam("limit")) {
    int v = 0;
    const auto [p, ec] = std::from_chars(limit->data(), limit->data() + limit->size(), v);
    if (ec != std::errc() || p != limit->data() + limit->size() || v < 1 || v > kMaxLimit) {
      errors.push_back({"limit", "must be an integer from 1 to 200"});
    } else {
      out.limit = v;
    }
  }
  if (auto cursor = req.QueryParam("cursor")) {
    if (!IsId(*cursor, prefix)) errors.push_back({"cursor", "must be the nextCursor of a previous page"});
    else out.cursor = *cursor;
  }
}

json::object RecordJson(const HotelRecord& r) {
  return {{"name", r.name},         {"address", r.address}, {"city", r.city},   {"country", r.country},
          {"postcode", r.postcode}, {"phone", r.phone},     {"chain", r.chain}, {"lat", r.lat},
          {"lon", r.lon},           {"stars", r.stars}};
}

json::value MoneyJson(const std::optional<Money>& m) {
  if (!m) return nullptr;
  return json::object{{"amount", m->minor}, {"currency", m->currency}};
}

}  // namespace

Result<void> CheckSupplierCode(std::string_view code, std::string_view field) {
  if (!IsSupplierCode(code)) return Error::Validation(std::string(field), "must be 2 to 16 of A-Z, 0-9 and '_'");
  return Ok();
}

Result<ListParams> ParseListParams(const runtime::Request& req, std::string_view cursor_prefix) {
  ListParams out;
  std::vector<FieldError> errors;
  ReadList(req, cursor_prefix, out, errors);
  if (!errors.empty()) return Invalid(std::move(errors));
  return out;
}

Result<ReviewQuery> ParseReviewQuery(const runtime::Request& req) {
  ReviewQuery q;
  ListParams list;
  std::vector<FieldError> errors;
  ReadList(req, "mrv", list, errors);
  q.limit = list.limit;
  q.after = list.cursor;
  if (auto status = req.QueryParam("status")) {
    auto s = ParseReviewStatus(*status);
    if (!s) errors.push_back({"status", "must be open, approved, rejected or remapped"});
    else q.status = *s;
  }
  if (auto supplier = req.QueryParam("supplier")) {
    if (!IsSupplierCode(*supplier)) errors.push_back({"supplier", "must be 2 to 16 of A-Z, 0-9 and '_'"});
    else q.supplier_code = *supplier;
  }
  if (!errors.empty()) return Invalid(std::move(errors));
  return q;
}

Result<MasterQuery> ParseHotelQuery(const runtime::Request& req) {
  MasterQuery q;
  ListParams list;
  std::vector<FieldError> errors;
  ReadList(req, "htl", list, errors);
  q.limit = list.limit;
  q.after = list.cursor;
  if (auto text = req.QueryParam("q")) {
    if (text->size() > 200) errors.push_back({"q", "must be at most 200 characters"});
    else q.tokens = QueryTokens(*text);
  }
  if (auto city = req.QueryParam("city")) {
    if (city->empty() || city->size() > kMaxCityBytes) errors.push_back({"city", "must be 1 to 100 characters"});
    else q.city_key = CityKey(*city);
  }
  if (auto country = req.QueryParam("country")) {
    const bool ok = country->size() == 2 && std::isalpha(static_cast<unsigned char>((*country)[0])) &&
                    std::isalpha(static_cast<unsigned char>((*country)[1]));
    if (!ok) {
      errors.push_back({"country", "must be an ISO 3166-1 alpha-2 code such as FR"});
    } else {
      std::string c = *country;
      for (auto& ch : c) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      q.country = c;
    }
  }
  if (!errors.empty()) return Invalid(std::move(errors));
  return q;
}

Result<std::string> ParseRemap(std::string_view body) {
  auto parsed = runtime::ParseJson(body);
  if (!parsed) return parsed.error();
  JsonReader r(*parsed);
  r.NoOtherFields({"masterId"});
  auto id = r.Required<std::string>("masterId");
  r.Check("masterId", IsId(id, "htl"), "must be a master hotel id like htl_01jd…");
  if (auto err = r.Finish()) return *err;
  return id;
}

Result<int> ParseImportRequest(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return kDefaultPageSize;
  auto parsed = runtime::ParseJson(body);
  if (!parsed) return parsed.error();
  JsonReader r(*parsed);
  r.NoOtherFields({"pageSize"});
  auto size = r.Optional<int>("pageSize");
  if (size) r.Check("pageSize", *size >= 1 && *size <= kMaxPageSize, "must be from 1 to 5000");
  if (auto err = r.Finish()) return *err;
  return size.value_or(kDefaultPageSize);
}

Result<void> ParseEmptyObject(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return Ok();
  auto parsed = runtime::ParseJson(body);
  if (!parsed) return parsed.error();
  JsonReader r(*parsed);
  r.NoOtherFields({});
  if (auto err = r.Finish()) return *err;
  return Ok();
}

json::object MasterJson(const CatalogMaster& m) {
  json::object o{{"id", m.id}};
  for (auto& [k, v] : RecordJson(m.content)) o[k] = v;
  o["createdAt"] = m.created_at;
  o["updatedAt"] = m.updated_at;
  return o;
}

json::object HotelDetailJson(const HotelDetail& d, const std::vector<RankedSupplier>& ranking,
                             const config::MatchingWeights& weights) {
  json::object o = MasterJson(d.master);
  json::array mappings;
  for (const auto& m : d.members) {
    mappings.push_back(json::object{{"supplierCode", m.mapping.supplier_code},
                                    {"hotelCode", m.mapping.hotel_code},
                                    {"name", m.content.name},
                                    {"stars", m.content.stars},
                                    {"kind", MappingKindName(m.mapping.kind)},
                                    {"score", OptNumber(m.mapping.score)},
                                    {"decidedBy", m.mapping.decided_by},
                                    {"decidedAt", m.mapping.decided_at}});
  }
  o["mappings"] = std::move(mappings);
  json::array items;
  for (const auto& r : ranking) {
    items.push_back(json::object{{"supplierCode", r.supplier_code},
                                 {"hotelCode", r.hotel_code},
                                 {"score", Round4(r.score)},
                                 {"signals", json::object{{"price", Round4(r.price)},
                                                          {"rating", Round4(r.rating)},
                                                          {"availability", Round4(r.availability)},
                                                          {"supplierReliability", Round4(r.reliability)}}},
                                 {"cheapestNet", MoneyJson(r.cheapest_net)}});
  }
  o["ranking"] = json::object{{"weights", json::object{{"price", weights.price},
                                                       {"rating", weights.rating},
                                                       {"availability", weights.availability},
                                                       {"supplierReliability", weights.supplier_reliability}}},
                              {"items", std::move(items)}};
  return o;
}

json::object ReviewJson(const ReviewView& v) {
  const ReviewItem& i = v.item;
  json::object supplier_hotel{{"supplierCode", i.supplier_code}, {"hotelCode", i.hotel_code}};
  for (auto& [k, val] : RecordJson(v.supplier_hotel)) supplier_hotel[k] = val;
  return {{"id", i.id},
          {"status", ReviewStatusName(i.status)},
          {"supplierHotel", std::move(supplier_hotel)},
          {"candidate", MasterJson(v.candidate)},
          {"score", Round4(i.score)},
          {"scoreParts", json::object{{"name", Round4(i.parts.name)},
                                      {"distanceM", std::round(i.parts.distance_m)},
                                      {"coordinatesSwapped", i.parts.swapped},
                                      {"address", OptNumber(i.parts.address)},
                                      {"phone", OptNumber(i.parts.phone)},
                                      {"stars", OptNumber(i.parts.stars)},
                                      {"chain", OptNumber(i.parts.chain)}}},
          {"importId", i.import_id.empty() ? json::value(nullptr) : json::value(i.import_id)},
          {"createdAt", i.created_at},
          {"decidedBy", OptString(i.decided_by)},
          {"decidedAt", OptString(i.decided_at)},
          {"decidedMasterId", OptString(i.decided_master_id)}};
}

json::object JobJson(const ImportJob& j) {
  const ImportCounts& c = j.counts;
  return {{"id", j.id},
          {"supplierCode", j.supplier_code},
          {"status", ImportStatusName(j.status)},
          {"pageSize", j.page_size},
          {"pages", j.pages},
          {"hotelsFetched", j.hotels_fetched},
          {"total", j.total ? json::value(*j.total) : json::value(nullptr)},
          {"counts", json::object{{"autoMapped", c.auto_mapped},
                                  {"review", c.review},
                                  {"newMasters", c.new_masters},
                                  {"duplicates", c.duplicates},
                                  {"unchanged", c.unchanged},
                                  {"pinned", c.pinned},
                                  {"skipped", c.skipped}}},
          {"createdBy", j.created_by},
          {"createdAt", j.created_at},
          {"startedAt", OptString(j.started_at)},
          {"finishedAt", OptString(j.finished_at)},
          {"error", OptString(j.error)}};
}

}  // namespace hotel::matching::views
