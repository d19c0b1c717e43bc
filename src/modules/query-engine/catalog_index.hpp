// The master catalog as search needs it, in memory: master hotels with their supplier
// mappings, looked up by id, by city (any spelling matching-service folds to one key) or by
// distance. Read from migration 007's tables at start and again when catalog_lock's version
// moves, so that a search never queries the database.
#pragma once

#include "core/error.hpp"
#include "ports/database.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hotel::query {

struct CatalogHotel {
  std::string id, name, city, city_key, country;
  double lat = 0, lon = 0;
  int stars = 0;
  std::vector<std::pair<std::string, std::string>> mappings;  // (supplier code, supplier hotel code)
};

class CatalogSnapshot {
 public:
  CatalogSnapshot() = default;
  CatalogSnapshot(std::int64_t version, std::vector<CatalogHotel> hotels);

  std::int64_t version() const { return version_; }
  std::size_t size() const { return hotels_.size(); }
  const CatalogHotel* Find(std::string_view id) const;
  // Hotels of a city in any spelling (CityKey), optionally in one country (ISO-2).
  std::vector<const CatalogHotel*> InCity(std::string_view city, std::string_view country) const;
  // Hotels within radius_km of a point, nearest first.
  std::vector<const CatalogHotel*> Near(double lat, double lon, double radius_km) const;

 private:
  std::int64_t version_ = -1;
  std::vector<CatalogHotel> hotels_;
  std::unordered_map<std::string_view, std::size_t> by_id_;
  std::unordered_multimap<std::string, std::size_t> by_city_;
};

// Great-circle distance in km (haversine on a 6371 km sphere).
double DistanceKm(double lat1, double lon1, double lat2, double lon2);

// Blocking reads (run them on the BlockingPool).
Result<std::int64_t> ReadCatalogVersion(ports::Database& db);
Result<std::shared_ptr<const CatalogSnapshot>> LoadCatalog(ports::Database& db);

// The current snapshot, swapped whole when a reload finishes: readers never wait on a load.
class CatalogIndex {
 public:
  std::shared_ptr<const CatalogSnapshot> Current() const;
  void Replace(std::shared_ptr<const CatalogSnapshot> snapshot);

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const CatalogSnapshot> current_ = std::make_shared<CatalogSnapshot>();
};

}  // namespace hotel::query
