// World generation: cities → districts → hotels with names, addresses, phones, coordinates.
#include "world/world.hpp"

#include "world/world_data.hpp"

#include <cmath>
#include <string>
#include <unordered_set>

namespace hotel::world {

std::uint64_t SplitMix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

Rng::Rng(std::uint64_t seed) {
  std::uint64_t s = seed;
  engine_.seed(SplitMix64(s));
}

std::uint64_t Rng::Next() { return engine_(); }

std::uint64_t Rng::Below(std::uint64_t n) {
  // Multiply-shift: exact integer arithmetic, the same on every platform.
  return static_cast<std::uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
}

double Rng::Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kMetresPerDegree = 111320.0;

// cos by Taylor series on |x| <= pi/2: only + and *, so bit-identical everywhere.
double DetCos(double x) {
  const double x2 = x * x;
  double term = 1;
  double sum = 1;
  for (int k = 1; k <= 10; ++k) {
    term *= -x2 / static_cast<double>((2 * k - 1) * (2 * k));
    sum += term;
  }
  return sum;
}

// Rounds to 1e-6 degrees (~0.1 m): what suppliers publish, and stable when printed.
double Round6(double v) { return std::round(v * 1e6) / 1e6; }

std::string Digits(Rng& rng, int n) {
  std::string s;
  for (int i = 0; i < n; ++i) s.push_back(static_cast<char>('0' + rng.Below(10)));
  return s;
}

struct NameParts {
  std::string name;
  std::string local;
};

NameParts BrandedName(Rng& rng, const City& city, const District& d, const BrandInfo& b) {
  const int script = static_cast<int>(city.script) - 1;  // index into BrandInfo::local
  const std::string* brand_local = script >= 0 ? &b.local[script] : nullptr;
  const bool can_local = brand_local && !brand_local->empty() && !d.local_name.empty();
  const auto pattern = rng.Below(100);
  NameParts p;
  bool with_city = true;
  if (pattern < 40) {
    p.name = b.brand + " " + city.name + " " + d.name;
  } else if (pattern < 60) {
    p.name = b.brand + " " + city.name;
  } else if (pattern < 85) {
    p.name = b.brand + " " + d.name;
    with_city = false;
  } else {
    p.name = b.brand + " " + city.name + " " + rng.Pick(Landmarks());
    return p;  // landmarks have no local form
  }
  if (!can_local) return p;
  const std::string district = pattern < 40 || !with_city ? d.local_name : "";
  const std::string c = with_city ? city.local_name : "";
  const std::string& word = LocalHotelWord(city.script);
  switch (city.script) {
    case Script::kChinese: p.local = c + district + *brand_local + word; break;
    case Script::kJapanese: p.local = *brand_local + c + district; break;
    case Script::kCyrillic:
      p.local = *brand_local + (c.empty() ? "" : " " + c) + (district.empty() ? "" : " " + district);
      break;
    case Script::kArabic:
      p.local = word + " " + *brand_local + (c.empty() ? "" : " " + c) + (district.empty() ? "" : " " + district);
      break;
    case Script::kLatin: break;
  }
  return p;
}

std::string IndependentName(Rng& rng, const City& city, const District& d, const std::string& type) {
  const std::string& prefix = rng.Pick(IndependentPrefixes());
  switch (rng.Below(5)) {
    case 0: return prefix + " " + type + " " + rng.Pick(Landmarks());          // Grand Hotel Central
    case 1: return type + " " + prefix + " " + d.name;                         // Hotel Royal Montmartre
    case 2: return prefix + " " + rng.Pick(Landmarks()) + " " + type;          // Golden Riverside Inn
    case 3: return "The " + prefix + " " + type + " " + city.name;             // The Majestic Hotel Paris
    default: return d.name + " " + prefix + " " + type;                         // Kreuzberg City Hostel
  }
}

int IndependentStars(Rng& rng, const std::string& type, const std::string& name) {
  if (type == "Hostel") return 1 + static_cast<int>(rng.Below(2));
  if (type == "Palace" || name.find("Grand") != std::string::npos) return 4 + static_cast<int>(rng.Below(2));
  return 2 + static_cast<int>(rng.Below(3));
}

}  // namespace

double MetresToLatDegrees(double metres) { return metres / kMetresPerDegree; }

double MetresToLonDegrees(double metres, double lat_deg) {
  return metres / (kMetresPerDegree * DetCos(lat_deg * kPi / 180.0));
}

World GenerateWorld(const WorldParams& params) {
  World w;
  w.seed = params.seed;
  w.cities = Cities();
  Rng rng(params.seed);
  std::vector<std::unordered_set<std::string>> names_in_city(w.cities.size());
  w.hotels.reserve(params.hotels);
  for (std::size_t i = 0; i < params.hotels; ++i) {
    Hotel h;
    h.id = static_cast<std::uint32_t>(i);
    h.city = static_cast<std::uint32_t>(rng.Below(w.cities.size()));
    const City& city = w.cities[h.city];
    h.district = static_cast<std::uint32_t>(rng.Below(city.districts.size()));
    const District& d = city.districts[h.district];
    // A unique name within the city: real cities do not have two "Hilton Paris Opéra".
    for (int attempt = 0;; ++attempt) {
      if (rng.Chance(0.55)) {
        const BrandInfo& b = rng.Pick(Brands());
        NameParts p = BrandedName(rng, city, d, b);
        h.name = std::move(p.name);
        h.local_name = std::move(p.local);
        h.chain = b.chain;
        h.brand = b.brand;
        h.stars = b.stars_min + static_cast<int>(rng.Below(b.stars_max - b.stars_min + 1));
      } else {
        const std::string& type = rng.Pick(TypeWords());
        h.name = IndependentName(rng, city, d, type);
        h.local_name.clear();
        h.chain.clear();
        h.brand.clear();
        h.stars = IndependentStars(rng, type, h.name);
      }
      if (attempt >= 8) h.name += " " + std::to_string(attempt);  // rare: keep names unique
      if (names_in_city[h.city].insert(h.name).second) break;
    }
    // Around the district centre (sum of uniforms ≈ bell curve, ~1.2 km), a few anywhere.
    const bool scattered = rng.Chance(0.2);
    const double spread = scattered ? 6000 : 1200;
    const double north = (scattered ? 0 : d.north_km * 1000) + (rng.Unit() + rng.Unit() + rng.Unit() - 1.5) * spread;
    const double east = (scattered ? 0 : d.east_km * 1000) + (rng.Unit() + rng.Unit() + rng.Unit() - 1.5) * spread;
    h.lat = Round6(city.lat + MetresToLatDegrees(north));
    h.lon = Round6(city.lon + MetresToLonDegrees(east, city.lat));
    h.address = std::to_string(1 + rng.Below(250)) + " " + rng.Pick(StreetNames()) + " " + rng.Pick(StreetTypes());
    h.postcode = Digits(rng, 5);
    h.phone = "+" + city.phone_cc + " " + Digits(rng, 2) + " " + Digits(rng, 4) + " " + Digits(rng, 4);
    if (params.supplier_slots > 0 && rng.Chance(params.exclusive_share)) {
      h.exclusive_slot = static_cast<int>(rng.Below(static_cast<std::uint64_t>(params.supplier_slots)));
    }
    w.hotels.push_back(std::move(h));
  }
  return w;
}

}  // namespace hotel::world
