// One supplier's own, noisy list of the world's hotels, plus the ground truth behind it.
#pragma once

#include "world/world.hpp"

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace hotel::world {

// Each probability applies independently per listed hotel (names: per name).
struct NoiseSettings {
  double abbreviate = 0.25;        // International→Intl, Hotel→Htl, Saint→St, and→&, Street→St …
  double reorder = 0.08;           // "Shanghai Hongqiao Hilton"
  double brand_change = 0.10;      // brand dropped, or the parent chain added ("Marriott Courtyard …")
  double case_change = 0.15;       // ALL CAPS or all lower
  double strip_diacritics = 0.30;  // "Zurich", "Muenchen" (only matters where there are any)
  double translit_city = 0.30;     // the city's other spelling ("Moskva", "Roma") where it has one
  double local_script = 0.30;      // the local-script name, where the hotel has one
  double missing_address = 0.05;
  double missing_phone = 0.15;
  double missing_stars = 0.10;
  double stars_off_by_one = 0.05;
  double swapped_coords = 0.01;
  double coord_jitter_m = 200;     // every coordinate moved by up to this much (uniform in a disc)
  double duplicates = 0.01;        // a second code for the same hotel, noised again
  double junk = 0.02;              // "** ", " (NEW)", " - Adults Only" around the name
};

struct SupplierProfile {
  std::string code;          // "HBX": prefix of every hotel code
  std::uint64_t seed = 1;
  int slot = 0;              // which World exclusive hotels belong to this supplier
  double coverage = 0.8;     // share of the non-exclusive world this supplier lists
  NoiseSettings noise;
};

struct SupplierHotel {
  std::string code;  // the supplier's own id, "HBX104233"
  std::string name;
  std::string address;  // empty when the supplier has none
  std::string city;
  std::string country;
  std::string postcode;
  std::string phone;    // empty when missing; formats vary
  std::string chain;    // empty when unknown
  double lat = 0;
  double lon = 0;
  int stars = 0;        // 0 = unknown
};

// How many hotels each kind of noise touched, to check the stated proportions.
struct NoiseCounts {
  std::size_t abbreviated = 0, reordered = 0, brand_changed = 0, case_changed = 0,
              diacritics_stripped = 0, city_transliterated = 0, local_script = 0,
              missing_address = 0, missing_phone = 0, missing_stars = 0, swapped_coords = 0,
              duplicates = 0, exclusives = 0, junk = 0;
};

struct SupplierView {
  std::string supplier;
  std::vector<SupplierHotel> hotels;
  std::unordered_map<std::string, std::uint32_t> truth;  // supplier hotel code → World hotel id
  NoiseCounts noise;
};

SupplierView MakeSupplierView(const World& world, const SupplierProfile& profile);

// A stable text rendering (one line per hotel, then the truth), for determinism checks.
std::string Serialise(const SupplierView& view);

// ASCII spelling of the accented letters the world uses ("München" → "Muenchen" when
// `german_style`, else "Munchen").
std::string StripDiacritics(const std::string& s, bool german_style);

}  // namespace hotel::world
