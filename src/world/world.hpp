// A deterministic world of real-looking hotels, the ground truth the supplier simulators and
// the matching benchmark share (issue 4 §1). Same seed → same bytes on any machine.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::world {

// Local scripts the generator writes names in (and the matcher transliterates back).
enum class Script { kLatin, kChinese, kJapanese, kCyrillic, kArabic };

struct District {
  std::string name;        // "Hongqiao", may carry diacritics ("Gràcia")
  std::string local_name;  // "虹桥"; empty for Latin-script cities
  double north_km = 0;     // offset of its centre from the city centre
  double east_km = 0;
};

struct City {
  std::string name;        // English name, "Moscow"
  std::string country;     // ISO 3166-1 alpha-2
  Script script = Script::kLatin;
  std::string local_name;  // "Москва"; empty for Latin-script cities
  std::string translit;    // "Moskva": how some suppliers write it; empty when same as name
  double lat = 0;
  double lon = 0;
  std::string phone_cc;    // "7"
  std::vector<District> districts;
};

struct Hotel {
  std::uint32_t id = 0;        // index in World::hotels
  std::uint32_t city = 0;      // index in World::cities
  std::uint32_t district = 0;  // index in City::districts
  std::string name;            // canonical Latin name, "Hilton Garden Inn Shanghai Hongqiao"
  std::string local_name;      // the same in the city's script, empty when none
  std::string chain;           // "Hilton"; empty for independents
  std::string brand;           // "Hilton Garden Inn"; empty for independents
  std::string address;         // "88 Station Road"
  std::string postcode;
  std::string phone;           // "+86 21 5555 0123"
  double lat = 0;
  double lon = 0;
  int stars = 3;               // 1..5
  int exclusive_slot = -1;     // >= 0: only the supplier with this slot lists it
};

struct WorldParams {
  std::uint64_t seed = 42;
  std::size_t hotels = 5000;
  int supplier_slots = 3;        // how many suppliers exclusive hotels are spread over
  double exclusive_share = 0.03; // share of hotels only one supplier lists
};

struct World {
  std::uint64_t seed = 0;
  std::vector<City> cities;
  std::vector<Hotel> hotels;
};

World GenerateWorld(const WorldParams& params);

// Deterministic randomness: mt19937_64 seeded through splitmix64, with our own mappings to
// integers and reals (std::uniform_*_distribution differs between standard libraries).
class Rng {
 public:
  explicit Rng(std::uint64_t seed);
  std::uint64_t Next();
  std::uint64_t Below(std::uint64_t n);  // [0, n), n > 0
  double Unit();                         // [0, 1)
  bool Chance(double p) { return Unit() < p; }
  double Between(double lo, double hi) { return lo + (hi - lo) * Unit(); }
  template <class T>
  const T& Pick(const std::vector<T>& v) { return v[Below(v.size())]; }

 private:
  std::mt19937_64 engine_;  // its output sequence is fixed by the standard; distributions are not
};

std::uint64_t SplitMix64(std::uint64_t& state);

// Degrees of latitude/longitude per metre at a latitude (deterministic cosine, no libm).
double MetresToLatDegrees(double metres);
double MetresToLonDegrees(double metres, double lat_deg);

}  // namespace hotel::world
