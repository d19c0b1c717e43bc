// Weighted pair score: name, distance (swap-aware), address, phone, stars, chain.
#include "modules/matching-service/pair_scorer.hpp"

#include "modules/matching-service/normalise.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace hotel::matching {
namespace {

bool HasDigit(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

double TokenSimilarity(const std::string& a, const std::string& b) {
  if (a == b) return 1;
  if (HasDigit(a) || HasDigit(b)) return 0;  // "12" and "21" are different buildings
  return JaroWinkler(a, b);
}

bool ValidLatLon(double lat, double lon) { return std::abs(lat) <= 90 && std::abs(lon) <= 180; }

}  // namespace

Result<MatchingAlgorithm> ParseMatchingAlgorithm(std::string_view name) {
  if (name == "weighted_score") return MatchingAlgorithm::kWeightedScore;
  return Error::Validation("MATCHING_ALGORITHM", "unknown matching algorithm '" + std::string(name) +
                                                     "' (supported: weighted_score)");
}

PreparedHotel Prepare(const HotelRecord& r) {
  PreparedHotel p;
  p.name_tokens = NameTokens(r.name);
  p.address_tokens = AddressTokens(r.address);
  p.postcode = FoldText(r.postcode);
  p.phone = PhoneDigits(r.phone);
  if (p.phone.size() < 7) p.phone.clear();  // too short to identify anything
  p.chain = FoldText(r.chain);
  p.country = r.country;
  p.lat = r.lat;
  p.lon = r.lon;
  p.stars = r.stars >= 1 && r.stars <= 5 ? r.stars : 0;
  return p;
}

double JaroWinkler(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty()) return a.empty() && b.empty() ? 1 : 0;
  if (a.size() > 64 || b.size() > 64) return a == b ? 1 : 0;
  const int la = static_cast<int>(a.size());
  const int lb = static_cast<int>(b.size());
  const int window = std::max(0, std::max(la, lb) / 2 - 1);
  std::array<bool, 64> ma{}, mb{};
  int matches = 0;
  for (int i = 0; i < la; ++i) {
    const int lo = std::max(0, i - window);
    const int hi = std::min(lb - 1, i + window);
    for (int j = lo; j <= hi; ++j) {
      if (!mb[j] && a[i] == b[j]) {
        ma[i] = mb[j] = true;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0;
  int transpositions = 0;
  for (int i = 0, j = 0; i < la; ++i) {
    if (!ma[i]) continue;
    while (!mb[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  const double m = matches;
  const double jaro = (m / la + m / lb + (m - transpositions / 2.0) / m) / 3.0;
  int prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix]) ++prefix;
  return jaro + prefix * 0.1 * (1 - jaro);
}

double TokenSetSimilarity(const std::vector<std::string>& a, const std::vector<std::string>& b,
                          double token_min_similarity) {
  if (a.empty() || b.empty()) return 0;
  auto side = [&](const std::vector<std::string>& x, const std::vector<std::string>& y, double& got, double& total) {
    for (const auto& t : x) {
      double best = 0;
      for (const auto& u : y) {
        best = std::max(best, TokenSimilarity(t, u));
        if (best == 1) break;
      }
      if (best < token_min_similarity) best = 0;
      got += static_cast<double>(t.size()) * best;
      total += static_cast<double>(t.size());
    }
  };
  double got = 0, total = 0;
  side(a, b, got, total);
  side(b, a, got, total);
  return total > 0 ? got / total : 0;
}

double DistanceMetres(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kMetresPerDegree = 111320.0;
  constexpr double kRadPerDegree = 3.14159265358979323846 / 180.0;
  const double dy = (lat2 - lat1) * kMetresPerDegree;
  const double dx = (lon2 - lon1) * kMetresPerDegree * std::cos((lat1 + lat2) * 0.5 * kRadPerDegree);
  return std::sqrt(dx * dx + dy * dy);
}

double DistanceWithSwap(const PreparedHotel& a, const PreparedHotel& b, bool* swapped) {
  const double plain = DistanceMetres(a.lat, a.lon, b.lat, b.lon);
  // Either side may be the swapped one; measuring in the other's orientation would scale the
  // axes by the wrong latitude (or by none at all when the swapped "latitude" is above 90).
  double best = plain;
  if (ValidLatLon(a.lon, a.lat)) best = std::min(best, DistanceMetres(a.lon, a.lat, b.lat, b.lon));
  if (ValidLatLon(b.lon, b.lat)) best = std::min(best, DistanceMetres(a.lat, a.lon, b.lon, b.lat));
  // Both swapped is not tried: unswapping both rescales every ordinary pair too and pulls
  // different hotels together (measured: precision fell); such pairs are rare and land in
  // review or become a second master.
  if (swapped) *swapped = best < plain;
  return best;
}

PairScore ScorePair(const PreparedHotel& a, const PreparedHotel& b, const MatchSettings& s) {
  const MatchWeights& w = s.weights;
  PairScore r;
  double sum = 0, weight = 0;
  auto add = [&](double value, double wt) {
    sum += value * wt;
    weight += wt;
  };
  r.name = TokenSetSimilarity(a.name_tokens, b.name_tokens, s.token_min_similarity);
  add(r.name, w.name);
  r.distance_m = DistanceWithSwap(a, b, &r.swapped);
  const double d = std::clamp((s.zero_score_m - r.distance_m) / (s.zero_score_m - s.full_score_m), 0.0, 1.0);
  add(d, w.distance);
  if (!a.address_tokens.empty() && !b.address_tokens.empty()) {
    r.address = TokenSetSimilarity(a.address_tokens, b.address_tokens, s.token_min_similarity);
    if (!a.postcode.empty() && !b.postcode.empty()) r.address = 0.75 * r.address + 0.25 * (a.postcode == b.postcode);
    add(r.address, w.address);
  }
  if (!a.phone.empty() && !b.phone.empty()) {
    const std::size_t n = std::min<std::size_t>({9, a.phone.size(), b.phone.size()});
    r.phone = a.phone.compare(a.phone.size() - n, n, b.phone, b.phone.size() - n, n) == 0 ? 1 : 0;
    add(r.phone, w.phone);
  }
  if (a.stars > 0 && b.stars > 0) {
    const int diff = std::abs(a.stars - b.stars);
    r.stars = diff == 0 ? 1 : diff == 1 ? 0.5 : 0;
    add(r.stars, w.stars);
  }
  if (!a.chain.empty() && !b.chain.empty()) {
    r.chain = a.chain == b.chain ? 1 : 0;
    add(r.chain, w.chain);
  }
  if (!a.country.empty() && !b.country.empty() && a.country != b.country) return r;  // total 0: never across borders
  r.total = weight > 0 ? sum / weight : 0;
  return r;
}

}  // namespace hotel::matching
