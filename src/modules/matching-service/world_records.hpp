// Supplier views of the generated world as matcher input (tests and the benchmark only).
#pragma once

#include "modules/matching-service/accuracy.hpp"
#include "world/supplier_view.hpp"

#include <vector>

namespace hotel::matching {

inline std::vector<HotelRecord> ToRecords(const world::SupplierView& view) {
  std::vector<HotelRecord> out;
  out.reserve(view.hotels.size());
  for (const auto& h : view.hotels) {
    out.push_back({h.code, h.name, h.address, h.city, h.country, h.postcode, h.phone, h.chain, h.lat, h.lon, h.stars});
  }
  return out;
}

inline void AddTruth(const world::SupplierView& view, GroundTruth& truth) {
  for (const auto& [code, id] : view.truth) truth.emplace(SupplierHotelKey{view.supplier, code}, id);
}

}  // namespace hotel::matching
