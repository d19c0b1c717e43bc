// Supplier views: coverage, exclusives, duplicates and field-level noise over the world.
#include "world/supplier_view.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string_view>
#include <utility>

namespace hotel::world {
namespace {

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::string Join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out.push_back(' ');
    out += w;
  }
  return out;
}

const std::vector<std::pair<std::string_view, std::string_view>>& Abbreviations() {
  static const std::vector<std::pair<std::string_view, std::string_view>> k = {
      {"International", "Intl"}, {"Hotel", "Htl"},     {"Saint", "St"},     {"and", "&"},
      {"Apartments", "Apts"},    {"Residence", "Res"}, {"Gardens", "Gdns"}, {"Garden", "Gdn"},
      {"Street", "St"},          {"Road", "Rd"},       {"Avenue", "Ave"},   {"Boulevard", "Blvd"},
      {"Square", "Sq"},          {"Airport", "Arpt"},  {"Central", "Ctrl"}, {"Suites", "Stes"},
      {"Lane", "Ln"},            {"Palace", "Pal"},    {"Mount", "Mt"},     {"Downtown", "Dwtn"}};
  return k;
}

bool Abbreviate(std::vector<std::string>& words) {
  bool changed = false;
  for (auto& w : words) {
    for (const auto& [full, abbr] : Abbreviations()) {
      if (w == full) {
        w = std::string(abbr);
        changed = true;
        break;
      }
    }
  }
  return changed;
}

bool ReplaceSubsequence(std::vector<std::string>& words, const std::string& from, const std::string& to) {
  const auto from_words = Split(from);
  if (from_words.empty() || from_words.size() > words.size()) return false;
  for (std::size_t i = 0; i + from_words.size() <= words.size(); ++i) {
    if (std::equal(from_words.begin(), from_words.end(), words.begin() + static_cast<std::ptrdiff_t>(i))) {
      auto to_words = Split(to);
      words.erase(words.begin() + static_cast<std::ptrdiff_t>(i),
                  words.begin() + static_cast<std::ptrdiff_t>(i + from_words.size()));
      words.insert(words.begin() + static_cast<std::ptrdiff_t>(i), to_words.begin(), to_words.end());
      return true;
    }
  }
  return false;
}

// "Courtyard by Marriott Paris" → "Courtyard Paris"; "Hilton Garden Inn Berlin Mitte" →
// "Berlin Mitte" is too little, so the brand only goes when two words remain; else the
// parent chain is added in front ("Accor Novotel Berlin").
bool ChangeBrand(Rng& rng, std::vector<std::string>& words, const Hotel& h) {
  if (h.brand.empty()) return false;
  const auto brand_words = Split(h.brand);
  if (brand_words.size() >= 3 && brand_words[brand_words.size() - 2] == "by") {
    return ReplaceSubsequence(words, "by " + brand_words.back(), "");
  }
  if (rng.Chance(0.5) && words.size() >= brand_words.size() + 2) {
    return ReplaceSubsequence(words, h.brand, "");
  }
  if (h.brand.find(h.chain) == std::string::npos) {
    words.insert(words.begin(), h.chain);
    return true;
  }
  return false;
}

std::string ChangeCase(Rng& rng, const std::string& s) {
  std::string out = s;
  const bool upper = rng.Chance(0.5);
  for (char& c : out) {
    if (upper && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!upper && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string DigitsOf(const std::string& s) {
  std::string d;
  for (char c : s) if (c >= '0' && c <= '9') d.push_back(c);
  return d;
}

// "+86 21 5555 0123" in the formats suppliers actually send.
std::string FormatPhone(Rng& rng, const std::string& phone, const std::string& cc) {
  const std::string all = DigitsOf(phone);
  const std::string national = all.substr(cc.size());
  switch (rng.Below(4)) {
    case 0: return phone;
    case 1: return "00" + all;
    case 2: return "(" + national.substr(0, 2) + ") " + national.substr(2, 4) + "-" + national.substr(6);
    default: return "+" + cc + "-" + national.substr(0, 2) + "-" + national.substr(2);
  }
}

struct Placed {
  double lat, lon;
};

Placed Jitter(Rng& rng, double lat, double lon, double max_m) {
  double dx, dy;
  do {  // uniform in the disc, by rejection: no trigonometry, so deterministic
    dx = rng.Between(-max_m, max_m);
    dy = rng.Between(-max_m, max_m);
  } while (dx * dx + dy * dy > max_m * max_m);
  const double round = 1e6;
  return {std::round((lat + MetresToLatDegrees(dy)) * round) / round,
          std::round((lon + MetresToLonDegrees(dx, lat)) * round) / round};
}

SupplierHotel Noised(Rng& rng, const World& world, const Hotel& h, const NoiseSettings& n, NoiseCounts& counts) {
  const City& city = world.cities[h.city];
  SupplierHotel s;
  s.country = city.country;
  const bool translit = !city.translit.empty() && rng.Chance(n.translit_city);
  s.city = translit ? city.translit : city.name;
  if (!h.local_name.empty() && rng.Chance(n.local_script)) {
    s.name = h.local_name;
    ++counts.local_script;
  } else {
    auto words = Split(h.name);
    if (translit && ReplaceSubsequence(words, city.name, city.translit)) ++counts.city_transliterated;
    if (rng.Chance(n.brand_change) && ChangeBrand(rng, words, h)) ++counts.brand_changed;
    if (rng.Chance(n.abbreviate) && Abbreviate(words)) ++counts.abbreviated;
    if (rng.Chance(n.reorder) && words.size() >= 3) {
      std::rotate(words.begin(), words.begin() + 1, words.end());
      ++counts.reordered;
    }
    s.name = Join(words);
    if (rng.Chance(n.strip_diacritics)) {
      std::string stripped = StripDiacritics(s.name, rng.Chance(0.3));
      if (stripped != s.name) ++counts.diacritics_stripped;
      s.name = std::move(stripped);
    }
    if (rng.Chance(n.case_change)) {
      s.name = ChangeCase(rng, s.name);
      ++counts.case_changed;
    }
  }
  if (rng.Chance(n.junk)) {
    static const char* kPrefix[] = {"** ", "*", "# ", ""};
    static const char* kSuffix[] = {" (NEW)", " - Adults Only", " *", " [old]", " !!"};
    s.name = kPrefix[rng.Below(4)] + s.name + kSuffix[rng.Below(5)];
    ++counts.junk;
  }
  if (rng.Chance(n.missing_address)) {
    ++counts.missing_address;
  } else {
    auto words = Split(h.address);
    if (rng.Chance(n.abbreviate)) Abbreviate(words);
    s.address = Join(words);
    s.postcode = h.postcode;
  }
  if (rng.Chance(n.missing_phone)) {
    ++counts.missing_phone;
  } else {
    s.phone = FormatPhone(rng, h.phone, city.phone_cc);
  }
  if (rng.Chance(n.missing_stars)) {
    ++counts.missing_stars;
  } else {
    s.stars = h.stars;
    if (rng.Chance(n.stars_off_by_one)) s.stars = h.stars == 5 ? 4 : h.stars + 1;
  }
  if (!h.chain.empty() && rng.Chance(0.7)) s.chain = h.chain;
  const Placed p = Jitter(rng, h.lat, h.lon, n.coord_jitter_m);
  s.lat = p.lat;
  s.lon = p.lon;
  if (rng.Chance(n.swapped_coords)) {
    std::swap(s.lat, s.lon);
    ++counts.swapped_coords;
  }
  return s;
}

}  // namespace

std::string StripDiacritics(const std::string& s, bool german_style) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kFold = {
      {"ä", "a"}, {"ö", "o"}, {"ü", "u"}, {"Ä", "A"}, {"Ö", "O"}, {"Ü", "U"}, {"ß", "ss"},
      {"à", "a"}, {"á", "a"}, {"â", "a"}, {"ã", "a"}, {"ç", "c"}, {"è", "e"}, {"é", "e"},
      {"ê", "e"}, {"í", "i"}, {"ì", "i"}, {"ó", "o"}, {"ò", "o"}, {"ô", "o"}, {"ú", "u"},
      {"É", "E"}, {"Á", "A"}, {"Ó", "O"}, {"ð", "d"}, {"İ", "I"}, {"ı", "i"}, {"ş", "s"},
      {"Ş", "S"}, {"ğ", "g"}, {"ł", "l"}, {"ñ", "n"}};
  static const std::vector<std::pair<std::string_view, std::string_view>> kGerman = {
      {"ä", "ae"}, {"ö", "oe"}, {"ü", "ue"}, {"Ä", "Ae"}, {"Ö", "Oe"}, {"Ü", "Ue"}};
  std::string out;
  out.reserve(s.size());
  std::size_t i = 0;
  while (i < s.size()) {
    bool replaced = false;
    if (static_cast<unsigned char>(s[i]) >= 0x80) {
      for (const auto* table : {german_style ? &kGerman : nullptr, &kFold}) {
        if (!table) continue;
        for (const auto& [from, to] : *table) {
          if (s.compare(i, from.size(), from) == 0) {
            out += to;
            i += from.size();
            replaced = true;
            break;
          }
        }
        if (replaced) break;
      }
    }
    if (!replaced) out.push_back(s[i++]);
  }
  return out;
}

SupplierView MakeSupplierView(const World& world, const SupplierProfile& profile) {
  Rng rng(profile.seed ^ (world.seed * 0x9e3779b97f4a7c15ULL));
  SupplierView view;
  view.supplier = profile.code;
  std::vector<std::pair<SupplierHotel, std::uint32_t>> listed;
  listed.reserve(world.hotels.size());
  for (const Hotel& h : world.hotels) {
    // Draw the coverage coin for every hotel so that adding exclusives does not shift the rest.
    const bool covered = rng.Chance(profile.coverage);
    if (h.exclusive_slot >= 0) {
      if (h.exclusive_slot != profile.slot) continue;
      ++view.noise.exclusives;
    } else if (!covered) {
      continue;
    }
    listed.emplace_back(Noised(rng, world, h, profile.noise, view.noise), h.id);
    if (rng.Chance(profile.noise.duplicates)) {
      listed.emplace_back(Noised(rng, world, h, profile.noise, view.noise), h.id);
      ++view.noise.duplicates;
    }
  }
  for (std::size_t i = listed.size(); i > 1; --i) {  // Fisher–Yates with our own Below()
    std::swap(listed[i - 1], listed[rng.Below(i)]);
  }
  view.hotels.reserve(listed.size());
  view.truth.reserve(listed.size());
  for (std::size_t i = 0; i < listed.size(); ++i) {
    auto& [hotel, world_id] = listed[i];
    hotel.code = profile.code + std::to_string(100000 + i * 7 + rng.Below(7));
    view.truth.emplace(hotel.code, world_id);
    view.hotels.push_back(std::move(hotel));
  }
  return view;
}

std::string Serialise(const SupplierView& view) {
  std::string out;
  char coords[64];
  for (const auto& h : view.hotels) {
    std::snprintf(coords, sizeof coords, "%.6f|%.6f|%d", h.lat, h.lon, h.stars);
    out += h.code + "|" + h.name + "|" + h.address + "|" + h.city + "|" + h.country + "|" + h.postcode + "|" +
           h.phone + "|" + h.chain + "|" + coords + "|" + std::to_string(view.truth.at(h.code)) + "\n";
  }
  return out;
}

}  // namespace hotel::world
