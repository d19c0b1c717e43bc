// The fixed vocabulary the world generator draws from: cities, districts, brands, words.
#pragma once

#include "world/world.hpp"

#include <array>
#include <string>
#include <vector>

namespace hotel::world {

struct BrandInfo {
  std::string chain;
  std::string brand;
  int stars_min = 3;
  int stars_max = 4;
  // Local-script forms, by Script: [Chinese, Japanese, Cyrillic, Arabic]; empty when unknown.
  std::array<std::string, 4> local;
};

const std::vector<City>& Cities();
const std::vector<BrandInfo>& Brands();
const std::vector<std::string>& IndependentPrefixes();  // "Grand", "Royal", ...
const std::vector<std::string>& TypeWords();            // "Hotel", "Inn", ...
const std::vector<std::string>& Landmarks();            // "Central", "Riverside", ...
const std::vector<std::string>& StreetNames();
const std::vector<std::string>& StreetTypes();
// The word for "hotel" in a script ("酒店"), by Script index as in BrandInfo::local.
const std::string& LocalHotelWord(Script script);

}  // namespace hotel::world
