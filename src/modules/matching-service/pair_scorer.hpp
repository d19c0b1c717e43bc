// Pair scoring for MATCHING_ALGORITHM=weighted_score: one number in [0, 1] per pair of hotels.
#pragma once

#include "core/error.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace hotel::matching {

// A supplier's hotel as the matcher sees it (what SUPPLIERS.md calls the mapper's minimum).
struct HotelRecord {
  std::string code;      // the supplier's hotel id
  std::string name;
  std::string address;   // empty when unknown
  std::string city;
  std::string country;   // ISO-2
  std::string postcode;
  std::string phone;
  std::string chain;     // empty when unknown
  double lat = 0;
  double lon = 0;
  int stars = 0;         // 0 when unknown
};

// The record with its text normalised once, so that scoring a pair does no string work.
struct PreparedHotel {
  std::vector<std::string> name_tokens;
  std::vector<std::string> address_tokens;
  std::string postcode;
  std::string phone;   // PhoneDigits
  std::string chain;   // FoldText
  std::string country;
  double lat = 0;
  double lon = 0;
  int stars = 0;
};

PreparedHotel Prepare(const HotelRecord& record);

// Relative weights of the signals (they need not sum to 1: the score divides by the sum of
// the weights of the signals both records have, so a missing phone neither helps nor hurts).
struct MatchWeights {
  double name = 0.45;      // token-set Jaro-Winkler of NameTokens
  double distance = 0.25;  // 1 within full_score_m, falling linearly to 0 at zero_score_m
  double address = 0.10;   // token-set similarity of AddressTokens (+ postcode equality)
  double phone = 0.10;     // last 9 digits equal
  double stars = 0.05;     // equal 1, one apart 0.5, else 0
  double chain = 0.05;     // equal 1, different 0
};

// MATCHING_ALGORITHM: only weighted_score exists; the name is validated so that a config
// naming another algorithm fails at start-up instead of silently scoring differently.
enum class MatchingAlgorithm { kWeightedScore };
Result<MatchingAlgorithm> ParseMatchingAlgorithm(std::string_view name);  // "weighted_score"

struct MatchSettings {
  MatchingAlgorithm algorithm = MatchingAlgorithm::kWeightedScore;
  MatchWeights weights;
  // Decision: score >= high → auto-mapped; low <= score < high → review queue; else a new
  // master. Defaults measured on the generated world (bench/matching.sh).
  double high = 0.80;
  double low = 0.60;
  // Two records of ONE supplier are one hotel only at this score or above (a supplier listing
  // two similar hotels is likelier than a duplicate listing).
  double duplicate = 0.90;
  // Auto-mapping also needs this much name similarity: with few fields present, a close
  // neighbour with half the name in common ("Four Seasons Sydney" / "Four Seasons Bondi")
  // would otherwise clear `high`; below it the pair goes to review.
  double auto_min_name = 0.75;
  double full_score_m = 100;   // suppliers' coordinates differ by up to ~2×200 m for one hotel
  double zero_score_m = 750;
  double block_radius_m = 500; // candidates farther than this (after swap detection) are never scored
  double cell_deg = 0.005;     // blocking grid cell (~550 m of latitude)
  double token_min_similarity = 0.88;  // Jaro-Winkler below this counts as no match for a token
};

struct PairScore {
  double total = 0;
  double name = 0;
  double distance_m = 0;
  bool swapped = false;  // the distance is between one record's lat/lon swapped and the other
  // -1 when either record lacks the field.
  double address = -1;
  double phone = -1;
  double stars = -1;
  double chain = -1;
};

double JaroWinkler(std::string_view a, std::string_view b);

// Share of the characters of both token lists matched by a similar token of the other side.
double TokenSetSimilarity(const std::vector<std::string>& a, const std::vector<std::string>& b,
                          double token_min_similarity);

// Metres between two points (equirectangular: exact enough below a few km).
double DistanceMetres(double lat1, double lon1, double lat2, double lon2);

// The smaller of the plain distance and the distance with `a`'s lat/lon swapped.
double DistanceWithSwap(const PreparedHotel& a, const PreparedHotel& b, bool* swapped);

PairScore ScorePair(const PreparedHotel& a, const PreparedHotel& b, const MatchSettings& settings);

}  // namespace hotel::matching
