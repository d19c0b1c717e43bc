// The in-memory catalog for search: see catalog_index.hpp.
#include "modules/query-engine/catalog_index.hpp"

#include "modules/matching-service/catalog_model.hpp"

#include <algorithm>
#include <cmath>
#include <map>

namespace hotel::query {

CatalogSnapshot::CatalogSnapshot(std::int64_t version, std::vector<CatalogHotel> hotels)
    : version_(version), hotels_(std::move(hotels)) {
  by_id_.reserve(hotels_.size());
  for (std::size_t i = 0; i < hotels_.size(); ++i) {
    by_id_.emplace(hotels_[i].id, i);
    by_city_.emplace(hotels_[i].city_key, i);
  }
}

const CatalogHotel* CatalogSnapshot::Find(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &hotels_[it->second];
}

std::vector<const CatalogHotel*> CatalogSnapshot::InCity(std::string_view city, std::string_view country) const {
  std::vector<const CatalogHotel*> out;
  const std::string key = matching::CityKey(city);
  if (key.empty()) return out;
  auto [from, to] = by_city_.equal_range(key);
  for (auto it = from; it != to; ++it) {
    const auto& h = hotels_[it->second];
    if (country.empty() || h.country == country) out.push_back(&h);
  }
  // Catalog order (ids are ULIDs) keeps answers stable between identical searches.
  std::sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->id < b->id; });
  return out;
}

std::vector<const CatalogHotel*> CatalogSnapshot::Near(double lat, double lon, double radius_km) const {
  std::vector<std::pair<double, const CatalogHotel*>> found;
  for (const auto& h : hotels_) {
    const double d = DistanceKm(lat, lon, h.lat, h.lon);
    if (d <= radius_km) found.emplace_back(d, &h);
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first < b.first : a.second->id < b.second->id;
  });
  std::vector<const CatalogHotel*> out;
  out.reserve(found.size());
  for (const auto& f : found) out.push_back(f.second);
  return out;
}

double DistanceKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * 6371.0 * std::asin(std::min(1.0, std::sqrt(a)));
}

Result<std::int64_t> ReadCatalogVersion(ports::Database& db) {
  auto r = db.Execute("SELECT version FROM catalog_lock WHERE id = 1");
  if (!r) return r.error();
  if (r->rows.empty()) return Error::Internal("catalog_lock has no row (migration 007 not applied?)");
  return r->rows[0].GetInt(0);
}

Result<std::shared_ptr<const CatalogSnapshot>> LoadCatalog(ports::Database& db) {
  // The version first: a change while loading makes the next poll load again, never miss it.
  auto version = ReadCatalogVersion(db);
  if (!version) return version.error();
  auto masters = db.Execute("SELECT id, name, city, city_key, country, lat, lon, stars FROM master_hotels ORDER BY id");
  if (!masters) return masters.error();
  auto mappings = db.Execute("SELECT master_id, supplier_code, hotel_code FROM hotel_mappings "
                             "ORDER BY master_id, supplier_code, hotel_code");
  if (!mappings) return mappings.error();
  std::vector<CatalogHotel> hotels;
  hotels.reserve(masters->rows.size());
  std::map<std::string, std::size_t, std::less<>> index;
  for (const auto& row : masters->rows) {
    CatalogHotel h;
    h.id = row.GetString(0);
    h.name = row.GetString(1);
    h.city = row.GetString(2);
    h.city_key = row.GetString(3);
    h.country = row.GetString(4);
    h.lat = row.GetDouble(5);
    h.lon = row.GetDouble(6);
    h.stars = static_cast<int>(row.GetInt(7));
    index.emplace(h.id, hotels.size());
    hotels.push_back(std::move(h));
  }
  for (const auto& row : mappings->rows) {
    auto it = index.find(row.GetString(0));
    if (it != index.end()) hotels[it->second].mappings.emplace_back(row.GetString(1), row.GetString(2));
  }
  return std::shared_ptr<const CatalogSnapshot>(std::make_shared<CatalogSnapshot>(*version, std::move(hotels)));
}

std::shared_ptr<const CatalogSnapshot> CatalogIndex::Current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

void CatalogIndex::Replace(std::shared_ptr<const CatalogSnapshot> snapshot) {
  std::lock_guard lock(mutex_);
  current_ = std::move(snapshot);
}

}  // namespace hotel::query
