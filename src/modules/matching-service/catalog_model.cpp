// Names of the catalog's enums, record cleaning, content hash and search keys.
#include "modules/matching-service/catalog_model.hpp"

#include "modules/matching-service/normalise.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>

namespace hotel::matching {
namespace {

template <class E, std::size_t N>
std::optional<E> ParseName(std::string_view name, const std::array<std::string_view, N>& names) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == name) return static_cast<E>(i);
  }
  return std::nullopt;
}

constexpr std::array<std::string_view, 5> kMappingKinds = {"auto", "review_approved", "manual", "new_master",
                                                           "duplicate"};
constexpr std::array<std::string_view, 4> kReviewStatuses = {"open", "approved", "rejected", "remapped"};
constexpr std::array<std::string_view, 3> kPinKinds = {"map_to", "new_master", "not_this_master"};
constexpr std::array<std::string_view, 4> kImportStatuses = {"queued", "running", "succeeded", "failed"};

// At most `max` bytes, never splitting a UTF-8 sequence; surrounding spaces trimmed.
std::string Cut(std::string_view s, std::size_t max) {
  while (!s.empty() && static_cast<unsigned char>(s.front()) <= ' ') s.remove_prefix(1);
  while (!s.empty() && static_cast<unsigned char>(s.back()) <= ' ') s.remove_suffix(1);
  if (s.size() <= max) return std::string(s);
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

void Unique(std::vector<std::string>& v) {
  std::vector<std::string> out;
  for (auto& t : v) {
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(std::move(t));
  }
  v = std::move(out);
}

}  // namespace

std::string_view MappingKindName(MappingKind k) { return kMappingKinds[static_cast<std::size_t>(k)]; }
std::optional<MappingKind> ParseMappingKind(std::string_view n) { return ParseName<MappingKind>(n, kMappingKinds); }
std::string_view ReviewStatusName(ReviewStatus s) { return kReviewStatuses[static_cast<std::size_t>(s)]; }
std::optional<ReviewStatus> ParseReviewStatus(std::string_view n) {
  return ParseName<ReviewStatus>(n, kReviewStatuses);
}
std::string_view PinKindName(PinKind k) { return kPinKinds[static_cast<std::size_t>(k)]; }
std::optional<PinKind> ParsePinKind(std::string_view n) { return ParseName<PinKind>(n, kPinKinds); }
std::string_view ImportStatusName(ImportStatus s) { return kImportStatuses[static_cast<std::size_t>(s)]; }
std::optional<ImportStatus> ParseImportStatus(std::string_view n) {
  return ParseName<ImportStatus>(n, kImportStatuses);
}

ScoreParts PartsOf(const PairScore& s) {
  auto opt = [](double v) { return v < 0 ? std::nullopt : std::optional<double>(v); };
  return {s.name, s.distance_m, s.swapped, opt(s.address), opt(s.phone), opt(s.stars), opt(s.chain)};
}

bool IsSupplierCode(std::string_view code) {
  return code.size() >= 2 && code.size() <= 16 && std::all_of(code.begin(), code.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
         });
}

std::optional<HotelRecord> CleanRecord(const HotelRecord& raw) {
  HotelRecord r;
  r.code = Cut(raw.code, 1000);
  if (r.code.empty() || r.code.size() > kMaxHotelCodeBytes) return std::nullopt;
  r.name = Cut(raw.name, kMaxNameBytes);
  if (r.name.empty()) return std::nullopt;
  r.address = Cut(raw.address, kMaxAddressBytes);
  r.city = Cut(raw.city, kMaxCityBytes);
  const std::string country = Cut(raw.country, 1000);
  if (country.size() == 2 && std::isalpha(static_cast<unsigned char>(country[0])) &&
      std::isalpha(static_cast<unsigned char>(country[1]))) {
    r.country = {static_cast<char>(std::toupper(static_cast<unsigned char>(country[0]))),
                 static_cast<char>(std::toupper(static_cast<unsigned char>(country[1])))};
  }
  r.postcode = Cut(raw.postcode, kMaxPostcodeBytes);
  r.phone = Cut(raw.phone, kMaxPhoneBytes);
  r.chain = Cut(raw.chain, kMaxChainBytes);
  r.lat = std::isfinite(raw.lat) ? raw.lat : 0;
  r.lon = std::isfinite(raw.lon) ? raw.lon : 0;
  r.stars = raw.stars >= 0 && raw.stars <= 7 ? raw.stars : 0;
  return r;
}

std::string ContentHash(const HotelRecord& r) {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  auto mix = [&h](std::string_view s) {
    for (unsigned char c : s) {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
    h ^= 0x1f;  // field separator: "ab"+"c" differs from "a"+"bc"
    h *= 0x100000001b3ULL;
  };
  char coords[64];
  // Seven decimals (~1 cm): a float's last bits differing between engines is not a change.
  std::snprintf(coords, sizeof coords, "%.7f,%.7f,%d", r.lat, r.lon, r.stars);
  for (std::string_view f : {std::string_view(r.name), std::string_view(r.address), std::string_view(r.city),
                             std::string_view(r.country), std::string_view(r.postcode), std::string_view(r.phone),
                             std::string_view(r.chain), std::string_view(coords)}) {
    mix(f);
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(h));
  return out;
}

std::vector<std::string> SearchTokensOf(const HotelRecord& r) {
  std::vector<std::string> out = NameTokens(r.name);
  for (auto& t : NameTokens(r.city)) out.push_back(std::move(t));
  for (auto& t : out) {
    if (t.size() > 64) t.resize(64);
  }
  Unique(out);
  return out;
}

std::vector<std::string> QueryTokens(std::string_view q) {
  std::vector<std::string> out = NameTokens(q);
  for (auto& t : out) {
    if (t.size() > 64) t.resize(64);
  }
  Unique(out);
  if (out.size() > 8) out.resize(8);
  return out;
}

std::string CityKey(std::string_view city) {
  std::string out;
  for (const auto& t : NameTokens(city)) {
    if (!out.empty()) out.push_back(' ');
    out += t;
  }
  return out.size() > kMaxCityBytes ? out.substr(0, kMaxCityBytes) : out;
}

}  // namespace hotel::matching
