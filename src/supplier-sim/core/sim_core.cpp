// SimCore: prices, stock, tokens and bookings of one simulated supplier (see sim_core.hpp).
#include "supplier-sim/core/sim_core.hpp"

#include "world/world.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace hotel::sim {
namespace {

std::uint64_t Fnv1a(std::string_view s, std::uint64_t h = 1469598103934665603ULL) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

// A stable 64-bit hash of a key and the supplier seed: prices and stock are functions of it.
std::uint64_t Mix(std::uint64_t seed, std::string_view key) {
  std::uint64_t state = Fnv1a(key) ^ (seed * 0x9E3779B97F4A7C15ULL);
  return world::SplitMix64(state);
}

struct ProtocolDefaults {
  std::string_view protocol, code, currency;
  int slot;
};
constexpr std::array<ProtocolDefaults, 3> kProtocols{{
    {"hbx-json", "HBX", "EUR", 0},
    {"ota-xml", "OTA", "USD", 1},
    {"rapid-json", "RPD", "USD", 2},
}};

// Prices are made in EUR cents and converted: how many units of a currency one EUR buys, as
// a fraction (a fixed table: a simulator does not need live rates).
struct Fx {
  std::string_view code;
  std::int64_t num, den;
};
constexpr std::array<Fx, 8> kFx{{{"EUR", 1, 1},
                                 {"USD", 108, 100},
                                 {"GBP", 85, 100},
                                 {"CNY", 78, 10},
                                 {"JPY", 162, 1},
                                 {"CHF", 95, 100},
                                 {"AUD", 165, 100},
                                 {"AED", 397, 100}}};

const std::array<RoomType, 6> kRoomPool{{{"DBL.ST", "Double Standard", 3},
                                         {"TWN.ST", "Twin Standard", 2},
                                         {"SGL.ST", "Single Standard", 1},
                                         {"DBL.SU", "Double Superior", 3},
                                         {"FAM.ST", "Family Room", 5},
                                         {"STE.DX", "Deluxe Suite", 4}}};

constexpr std::array<std::pair<Scenario, std::string_view>, 11> kScenarioNames{{
    {Scenario::kNone, ""},
    {Scenario::kTimeout, "timeout"},
    {Scenario::kServerError, "server_error"},
    {Scenario::kThrottled, "throttled"},
    {Scenario::kMalformed, "malformed"},
    {Scenario::kPriceChanged, "price_changed"},
    {Scenario::kSoldOut, "sold_out"},
    {Scenario::kBookingTimeoutConfirmed, "booking_timeout_confirmed"},
    {Scenario::kBookingErrorConfirmed, "booking_error_confirmed"},
    {Scenario::kOnRequest, "on_request"},
    {Scenario::kUnknown, "unknown"},
}};

std::string Base64Url(std::string_view in) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out;
  std::uint32_t buf = 0;
  int bits = 0;
  for (unsigned char c : in) {
    buf = (buf << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buf >> bits) & 63]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buf << (6 - bits)) & 63]);
  return out;
}

std::optional<std::string> FromBase64Url(std::string_view in) {
  std::string out;
  std::uint32_t buf = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '-') v = 62;
    else if (c == '_') v = 63;
    else return std::nullopt;
    buf = (buf << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buf >> bits) & 0xFF));
    }
  }
  return out;
}

std::string Mac(const std::string& key, std::string_view payload) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(payload.data()),
       payload.size(), md, &len);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < 12; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 15]);
  }
  return out;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const auto pos = s.find(sep, start);
    out.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return out;
}

std::optional<std::int64_t> ToInt64(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

std::string OccupancyText(const std::vector<Occupancy>& rooms) {
  std::string out;
  for (const auto& r : rooms) {
    if (!out.empty()) out += ';';
    out += std::to_string(r.adults);
    for (int age : r.child_ages) out += "-" + std::to_string(age);
  }
  return out;
}

std::optional<std::vector<Occupancy>> ParseOccupancyText(std::string_view text) {
  std::vector<Occupancy> rooms;
  for (auto room : Split(text, ';')) {
    auto parts = Split(room, '-');
    auto adults = ToInt64(parts[0]);
    if (!adults) return std::nullopt;
    Occupancy o;
    o.adults = static_cast<int>(*adults);
    for (std::size_t i = 1; i < parts.size(); ++i) {
      auto age = ToInt64(parts[i]);
      if (!age) return std::nullopt;
      o.child_ages.push_back(static_cast<int>(*age));
    }
    rooms.push_back(std::move(o));
  }
  return rooms;
}

std::string StockKey(std::string_view hotel, std::string_view room, Date night) {
  std::string k(hotel);
  k += '|';
  k += room;
  k += '|';
  k += FormatDate(night);
  return k;
}

Error InvalidRateKey() { return Error::Validation("rateKey", "invalid rate key"); }

}  // namespace

Result<SimOptions> Normalise(SimOptions o) {
  const ProtocolDefaults* d = nullptr;
  for (const auto& p : kProtocols) {
    if (p.protocol == o.protocol) d = &p;
  }
  if (!d) return Error::Validation("protocol", "must be hbx-json, ota-xml or rapid-json");
  if (o.supplier_code.empty()) o.supplier_code = d->code;
  if (o.slot < 0) o.slot = d->slot;
  if (o.currency.empty()) o.currency = d->currency;
  bool known_currency = false;
  for (const auto& fx : kFx) known_currency |= fx.code == o.currency;
  if (!known_currency) return Error::Validation("currency", "one of EUR USD GBP CNY JPY CHF AUD AED");
  if (o.hotels < 10 || o.hotels > 200000) return Error::Validation("hotels", "between 10 and 200000");
  if (o.coverage <= 0 || o.coverage > 1) return Error::Validation("coverage", "in (0, 1]");
  for (auto [name, v] : {std::pair{"error-rate", o.error_rate}, {"timeout-rate", o.timeout_rate},
                         {"throttle-rate", o.throttle_rate}, {"malformed-rate", o.malformed_rate},
                         {"price-change-rate", o.price_change_rate}, {"sold-out-rate", o.sold_out_rate}}) {
    if (!(v >= 0 && v <= 1)) return Error::Validation(name, "a probability between 0 and 1");
  }
  if (o.latency_ms < 0 || o.jitter_ms < 0 || o.hang_ms < 0 || o.late_confirm_ms < 0 || o.on_request_ms < 0 ||
      o.rate_token_ttl_s <= 0 || o.hold_ttl_s <= 0 || o.quota_per_minute < 0) {
    return Error::Validation("options", "durations and quotas must not be negative");
  }
  return o;
}

std::optional<Scenario> ParseScenario(std::string_view name) {
  if (name == "price_mismatch") return Scenario::kPriceChanged;
  if (name == "rooms_unavailable") return Scenario::kSoldOut;
  if (name == "service_unavailable") return Scenario::kServerError;
  if (name == "standard") return Scenario::kNone;  // Rapid's "no scenario"
  for (const auto& [s, n] : kScenarioNames) {
    if (n == name) return s;
  }
  return std::nullopt;
}

std::string_view ScenarioName(Scenario s) {
  for (const auto& [k, n] : kScenarioNames) {
    if (k == s) return n;
  }
  return "";
}

std::string_view BookingStateName(BookingState s) {
  static constexpr std::array<std::string_view, 6> kNames{"held", "confirmed", "on_request", "unknown", "cancelled",
                                                          "released"};
  return kNames[static_cast<std::size_t>(s)];
}

SimCore::SimCore(SimOptions options, const Clock& clock) : options_(std::move(options)), clock_(clock) {
  world::WorldParams wp;
  wp.seed = options_.world_seed;
  wp.hotels = options_.hotels;
  wp.supplier_slots = 3;
  world_ = world::GenerateWorld(wp);
  world::SupplierProfile profile;
  profile.code = options_.supplier_code;
  profile.seed = options_.seed;
  profile.slot = options_.slot;
  profile.coverage = options_.coverage;
  view_ = world::MakeSupplierView(world_, profile);
  for (std::size_t i = 0; i < view_.hotels.size(); ++i) by_code_.emplace(view_.hotels[i].code, i);
  token_key_ = "sim-token-key:" + options_.supplier_code + ":" + std::to_string(Mix(options_.seed, "token"));
  dice_state_ = options_.seed ^ 0xD1CE5EEDULL;
}

const world::SupplierHotel* SimCore::FindHotel(std::string_view code) const {
  auto it = by_code_.find(std::string(code));
  return it == by_code_.end() ? nullptr : &view_.hotels[it->second];
}

int SimCore::UtcOffsetMinutes(const world::SupplierHotel& hotel) const {
  // The view may have swapped lat/lon; the hotel's real zone comes from the world's record.
  double lon = hotel.lon;
  if (auto it = view_.truth.find(hotel.code); it != view_.truth.end()) lon = world_.hotels[it->second].lon;
  return static_cast<int>(std::lround(lon / 15.0)) * 60;
}

std::vector<RoomType> SimCore::RoomTypes(const world::SupplierHotel& hotel) const {
  const std::uint64_t h = Mix(options_.seed, hotel.code + "|rooms");
  std::vector<RoomType> out{kRoomPool[0]};  // every hotel has doubles
  for (std::size_t i = 1; i < kRoomPool.size(); ++i) {
    if ((h >> (i * 3)) % 8 < 4) out.push_back(kRoomPool[i]);
  }
  return out;
}

SimRate SimCore::Price(const world::SupplierHotel& hotel, const RoomType& room, std::string_view board, RateClass rc,
                       Date check_in, Date check_out, const std::vector<Occupancy>& rooms,
                       std::int64_t bump_percent) const {
  const int stars = hotel.stars > 0 ? hotel.stars : 3;
  const std::uint64_t hh = Mix(options_.seed, hotel.code);
  std::int64_t room_factor = 100;  // percent
  if (room.code == "SGL.ST") room_factor = 80;
  else if (room.code == "DBL.SU") room_factor = 125;
  else if (room.code == "FAM.ST") room_factor = 150;
  else if (room.code == "STE.DX") room_factor = 220;
  std::int64_t board_eur = 0;  // per person per night
  if (board == "BB") board_eur = 12;
  else if (board == "HB") board_eur = 30;
  else if (board == "FB") board_eur = 45;
  else if (board == "AI") board_eur = 70;

  SimRate rate;
  for (Date night : NightsOf(check_in, check_out)) {
    const std::uint64_t nh = Mix(options_.seed, hotel.code + "|" + room.code + "|" + FormatDate(night));
    std::int64_t base = 30 + stars * 25 + static_cast<std::int64_t>(hh % 40) + static_cast<std::int64_t>(nh % 12);
    // Fridays and Saturdays (1970-01-01 was a Thursday: days % 7 == 1 is Friday).
    const auto weekday = ((night.days % 7) + 7) % 7;
    if (weekday == 1 || weekday == 2) base = base * 115 / 100;
    std::int64_t night_cents = 0;
    for (const auto& occ : rooms) {
      const std::int64_t persons = occ.adults + static_cast<std::int64_t>(occ.child_ages.size());
      std::int64_t room_cents = base * room_factor;  // EUR → cents × percent / 100
      room_cents = room_cents * (100 + 25 * (occ.adults - 1) + 15 * static_cast<std::int64_t>(occ.child_ages.size())) / 100;
      room_cents += board_eur * 100 * persons;
      night_cents += room_cents;
    }
    if (rc == RateClass::kNonRefundable) night_cents = night_cents * 90 / 100;
    night_cents = night_cents * (100 + bump_percent) / 100;
    rate.nightly.push_back(night_cents);
  }
  // EUR cents → the currency's minor units.
  const Fx* fx = &kFx[0];
  for (const auto& f : kFx) {
    if (f.code == options_.currency) fx = &f;
  }
  std::int64_t pow10 = 1;
  for (int i = 0; i < MinorDigits(options_.currency); ++i) pow10 *= 10;
  std::int64_t total = 0;
  for (auto& n : rate.nightly) {
    n = ScaleRounded(n, fx->num * pow10, fx->den * 100);
    total += n;
  }

  rate.key.hotel_code = hotel.code;
  rate.key.room_code = room.code;
  rate.key.board = std::string(board);
  rate.key.rate_class = rc;
  rate.key.check_in = check_in;
  rate.key.check_out = check_out;
  rate.key.rooms = rooms;
  rate.key.net = total;
  rate.key.issued_at_s = std::chrono::duration_cast<std::chrono::seconds>(Now().time_since_epoch()).count();
  rate.room_name = room.name;
  rate.net = total;
  rate.selling = ScaleRounded(total, 120, 100);
  rate.selling_mandatory = (Mix(options_.seed, hotel.code + "|parity") % 4) == 0;
  rate.recheck = (Mix(options_.seed, hotel.code + "|" + room.code + "|" + std::string(board)) % 10) < 3;

  // Cancellation: free until 23:59 hotel-local N days before arrival, then the first night;
  // from arrival day 00:00 local the whole stay. Non-refundable: everything from booking.
  const auto offset = std::chrono::minutes(UtcOffsetMinutes(hotel));
  const Instant arrival_local_midnight =
      Instant(std::chrono::duration_cast<Instant::duration>(std::chrono::days(check_in.days))) - offset;
  if (rc == RateClass::kNonRefundable) {
    rate.cancellation.push_back({Now(), total});
  } else {
    const int days_before = 1 + static_cast<int>(hh % 7);
    const Instant deadline = arrival_local_midnight - std::chrono::hours(24 * days_before) - std::chrono::minutes(1);
    rate.cancellation.push_back({deadline, rate.nightly.empty() ? 0 : rate.nightly.front()});
    rate.cancellation.push_back({arrival_local_midnight, total});
  }
  return rate;
}

int SimCore::StockLeft(const std::string& hotel, const std::string& room, Date check_in, Date check_out) const {
  int least = 1 << 30;
  for (Date night : NightsOf(check_in, check_out)) {
    const std::string key = StockKey(hotel, room, night);
    const std::uint64_t h = Mix(options_.seed, key + "|stock");
    int initial = static_cast<int>(h % 7);  // 0..6 rooms; about one night in seven is full
    auto it = taken_.find(key);
    if (it != taken_.end()) initial -= it->second;
    least = std::min(least, std::max(initial, 0));
  }
  return least == (1 << 30) ? 0 : least;
}

void SimCore::Take(const RateKey& key, int delta) {
  for (Date night : NightsOf(key.check_in, key.check_out)) {
    taken_[StockKey(key.hotel_code, key.room_code, night)] += delta;
  }
}

std::string SimCore::Issue(const RateKey& k) const {
  std::string payload = "v1|" + k.hotel_code + "|" + k.room_code + "|" + k.board + "|" +
                        (k.rate_class == RateClass::kNonRefundable ? "NRF" : "NOR") + "|" + FormatDate(k.check_in) +
                        "|" + FormatDate(k.check_out) + "|" + OccupancyText(k.rooms) + "|" + std::to_string(k.net) +
                        "|" + std::to_string(k.issued_at_s);
  return Base64Url(payload) + "." + Mac(token_key_, payload);
}

Result<RateKey> SimCore::Decode(std::string_view token) const {
  const auto dot = token.rfind('.');
  if (dot == std::string_view::npos || token.size() > 1024) return InvalidRateKey();
  auto payload = FromBase64Url(token.substr(0, dot));
  if (!payload) return InvalidRateKey();
  const std::string expected = Mac(token_key_, *payload);
  const auto mac = token.substr(dot + 1);
  if (mac.size() != expected.size() || CRYPTO_memcmp(mac.data(), expected.data(), mac.size()) != 0) {
    return InvalidRateKey();
  }
  auto f = Split(*payload, '|');
  if (f.size() != 10 || f[0] != "v1") return InvalidRateKey();
  RateKey k;
  k.hotel_code = std::string(f[1]);
  k.room_code = std::string(f[2]);
  k.board = std::string(f[3]);
  k.rate_class = f[4] == "NRF" ? RateClass::kNonRefundable : RateClass::kRefundable;
  auto ci = ParseDate(f[5]), co = ParseDate(f[6]);
  auto rooms = ParseOccupancyText(f[7]);
  auto net = ToInt64(f[8]), issued = ToInt64(f[9]);
  if (!ci || !co || !rooms || !net || !issued) return InvalidRateKey();
  k.check_in = *ci;
  k.check_out = *co;
  k.rooms = std::move(*rooms);
  k.net = *net;
  k.issued_at_s = *issued;
  const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(Now().time_since_epoch()).count();
  if (now_s - k.issued_at_s > options_.rate_token_ttl_s) return Error::Validation("rateKey", "rate key expired");
  return k;
}

Result<std::vector<SimRate>> SimCore::Availability(std::string_view hotel_code, Date check_in, Date check_out,
                                                   const std::vector<Occupancy>& rooms) {
  if (check_out <= check_in) return Error::Validation("checkOut", "must be after check-in");
  if (check_out - check_in > 30) return Error::Validation("checkOut", "at most 30 nights");
  if (check_in < DateOf(Now())) return Error::Validation("checkIn", "must not be in the past");
  if (rooms.empty() || rooms.size() > 9) return Error::Validation("rooms", "between 1 and 9 rooms");
  for (const auto& r : rooms) {
    if (r.adults < 1 || r.adults > 9) return Error::Validation("adults", "between 1 and 9 per room");
    if (r.child_ages.size() > 6) return Error::Validation("children", "at most 6 per room");
    for (int age : r.child_ages) {
      if (age < 0 || age > 17) return Error::Validation("childAges", "between 0 and 17");
    }
  }
  const auto* hotel = FindHotel(hotel_code);
  std::vector<SimRate> out;
  if (!hotel) return out;
  std::lock_guard lock(mutex_);
  for (const auto& room : RoomTypes(*hotel)) {
    bool fits = true;
    for (const auto& r : rooms) {
      fits &= r.adults + static_cast<int>(r.child_ages.size()) <= room.max_occupancy;
    }
    if (!fits) continue;
    const int left = StockLeft(hotel->code, room.code, check_in, check_out);
    if (left < static_cast<int>(rooms.size())) continue;
    const std::uint64_t bh = Mix(options_.seed, hotel->code + "|boards");
    std::vector<std::string_view> boards{"RO"};
    if (hotel->stars >= 2 || hotel->stars == 0) boards.push_back("BB");
    if (bh % 3 == 0) boards.push_back("HB");
    if (bh % 5 == 0) boards.push_back("FB");
    if (bh % 7 == 0) boards.push_back("AI");
    for (auto board : boards) {
      for (RateClass rc : {RateClass::kRefundable, RateClass::kNonRefundable}) {
        if (rc == RateClass::kNonRefundable && board != "RO" && board != "BB") continue;
        SimRate rate = Price(*hotel, room, board, rc, check_in, check_out, rooms, 0);
        rate.rooms_left = left;
        rate.token = Issue(rate.key);
        out.push_back(std::move(rate));
      }
    }
  }
  return out;
}

Result<RecheckResult> SimCore::Recheck(std::string_view token, Scenario scenario) {
  auto key = Decode(token);
  if (!key) return key.error();
  const auto* hotel = FindHotel(key->hotel_code);
  if (!hotel) return InvalidRateKey();
  RoomType room;
  bool found = false;
  for (const auto& r : RoomTypes(*hotel)) {
    if (r.code == key->room_code) {
      room = r;
      found = true;
    }
  }
  if (!found) return InvalidRateKey();
  std::lock_guard lock(mutex_);
  RecheckResult result;
  const int left = StockLeft(hotel->code, room.code, key->check_in, key->check_out);
  if (scenario == Scenario::kSoldOut || left < static_cast<int>(key->rooms.size())) {
    result.outcome = RecheckOutcome::kSoldOut;
    return result;
  }
  std::int64_t bump = 0;
  const bool change = scenario == Scenario::kPriceChanged || RollLocked(options_.price_change_rate);
  if (change) bump = 5 + static_cast<std::int64_t>(Mix(dice_state_++, key->hotel_code) % 11);  // +5..15 %
  result.rate = Price(*hotel, room, key->board, key->rate_class, key->check_in, key->check_out, key->rooms, bump);
  result.rate.rooms_left = left;
  result.rate.recheck = false;  // a re-checked rate is bookable as is
  result.rate.token = Issue(result.rate.key);
  result.outcome = result.rate.net == key->net ? RecheckOutcome::kAvailable : RecheckOutcome::kPriceChanged;
  return result;
}

void SimCore::Settle(SimBooking& b) {
  const Instant now = Now();
  if (b.state == BookingState::kHeld && now >= b.settles_at) {
    b.state = BookingState::kReleased;
    Take(b.key, -static_cast<int>(b.key.rooms.size()));
  } else if ((b.state == BookingState::kOnRequest || b.state == BookingState::kUnknown) && now >= b.settles_at) {
    b.state = BookingState::kConfirmed;
  }
}

Result<SimBooking> SimCore::Book(const BookInput& input) {
  auto key = Decode(input.token);
  if (!key) return key.error();
  const auto* hotel = FindHotel(key->hotel_code);
  if (!hotel) return InvalidRateKey();
  if (input.client_reference.empty()) return Error::Validation("clientReference", "required");
  std::lock_guard lock(mutex_);
  if (by_client_.count(input.client_reference)) {
    ++counts_.duplicate_refusals;
    return Error::Conflict("duplicate client reference " + input.client_reference);
  }
  if (input.expected_net && *input.expected_net != key->net) {
    return Error{Errc::price_changed, "the rate's price is " + FormatMoney(key->net), {}};
  }
  const int left = StockLeft(hotel->code, key->room_code, key->check_in, key->check_out);
  bool sold_out = input.scenario == Scenario::kSoldOut || left < static_cast<int>(key->rooms.size());
  if (!sold_out) sold_out = RollLocked(options_.sold_out_rate);
  if (sold_out) return Error{Errc::sold_out, "no room left for this rate", {}};

  SimBooking b;
  char ref[48];
  std::snprintf(ref, sizeof ref, "%s-%06llu", options_.supplier_code.c_str(),
                static_cast<unsigned long long>(next_booking_++));
  b.reference = ref;
  b.client_reference = input.client_reference;
  b.key = *key;
  b.net = key->net;
  b.holder_first = input.holder_first;
  b.holder_last = input.holder_last;
  b.created_at = Now();
  b.visible_at = b.created_at;
  b.settles_at = b.created_at;
  for (const auto& r : RoomTypes(*hotel)) {
    if (r.code == key->room_code) {
      b.room_name = r.name;
      // The policy as it was at issue time (the token's price), computed again.
      SimRate priced = Price(*hotel, r, key->board, key->rate_class, key->check_in, key->check_out, key->rooms, 0);
      b.cancellation = priced.cancellation;
      if (key->rate_class == RateClass::kNonRefundable) b.cancellation = {{b.created_at, b.net}};
      for (auto& p : b.cancellation) p.amount = std::min(p.amount, b.net);
    }
  }
  if (input.hold) {
    b.state = BookingState::kHeld;
    b.settles_at = b.created_at + std::chrono::seconds(options_.hold_ttl_s);
  } else if (input.scenario == Scenario::kOnRequest || input.scenario == Scenario::kUnknown) {
    b.state = input.scenario == Scenario::kOnRequest ? BookingState::kOnRequest : BookingState::kUnknown;
    b.settles_at = b.created_at + std::chrono::milliseconds(options_.on_request_ms);
  } else {
    b.state = BookingState::kConfirmed;
    if (input.scenario == Scenario::kBookingTimeoutConfirmed) {
      b.visible_at = b.created_at + std::chrono::milliseconds(options_.late_confirm_ms);
    }
  }
  Take(b.key, static_cast<int>(b.key.rooms.size()));
  by_client_[b.client_reference] = b.reference;
  bookings_[b.reference] = b;
  ++counts_.bookings;
  return b;
}

Result<SimBooking> SimCore::Retrieve(std::string_view reference, std::string_view client_reference) {
  std::lock_guard lock(mutex_);
  std::string ref(reference);
  if (ref.empty()) {
    auto it = by_client_.find(std::string(client_reference));
    if (it == by_client_.end()) return Error::NotFound("no booking with this client reference");
    ref = it->second;
  }
  auto it = bookings_.find(ref);
  if (it == bookings_.end() || Now() < it->second.visible_at) return Error::NotFound("no booking " + ref);
  Settle(it->second);
  return it->second;
}

std::vector<SimBooking> SimCore::AllBookings() {
  std::lock_guard lock(mutex_);
  std::vector<SimBooking> out;
  out.reserve(bookings_.size());
  for (auto& [ref, b] : bookings_) {
    Settle(b);
    out.push_back(b);
  }
  return out;
}

Result<SimBooking> SimCore::Commit(std::string_view reference) {
  std::lock_guard lock(mutex_);
  auto it = bookings_.find(std::string(reference));
  if (it == bookings_.end()) return Error::NotFound("no booking " + std::string(reference));
  Settle(it->second);
  auto& b = it->second;
  if (b.state == BookingState::kReleased) return Error{Errc::gone, "the hold expired and was released", {}};
  if (b.state == BookingState::kConfirmed) return b;  // committing twice is harmless
  if (b.state != BookingState::kHeld) return Error::Conflict("booking is " + std::string(BookingStateName(b.state)));
  b.state = BookingState::kConfirmed;
  return b;
}

Result<SimBooking> SimCore::Release(std::string_view reference) {
  std::lock_guard lock(mutex_);
  auto it = bookings_.find(std::string(reference));
  if (it == bookings_.end()) return Error::NotFound("no booking " + std::string(reference));
  Settle(it->second);
  auto& b = it->second;
  if (b.state == BookingState::kReleased) return b;
  if (b.state != BookingState::kHeld) return Error::Conflict("booking is " + std::string(BookingStateName(b.state)));
  b.state = BookingState::kReleased;
  Take(b.key, -static_cast<int>(b.key.rooms.size()));
  return b;
}

Result<std::int64_t> SimCore::CancelQuote(std::string_view reference) {
  std::lock_guard lock(mutex_);
  auto it = bookings_.find(std::string(reference));
  if (it == bookings_.end() || Now() < it->second.visible_at) return Error::NotFound("no booking " + std::string(reference));
  Settle(it->second);
  const auto& b = it->second;
  if (b.state == BookingState::kCancelled || b.state == BookingState::kReleased) {
    return Error::Conflict("booking is " + std::string(BookingStateName(b.state)));
  }
  std::int64_t penalty = 0;
  for (const auto& p : b.cancellation) {
    if (p.from <= Now()) penalty = std::max(penalty, p.amount);
  }
  return penalty;
}

Result<SimBooking> SimCore::Cancel(std::string_view reference) {
  auto penalty = CancelQuote(reference);
  if (!penalty) return penalty.error();
  std::lock_guard lock(mutex_);
  auto& b = bookings_.at(std::string(reference));
  if (b.state == BookingState::kCancelled) return Error::Conflict("booking is cancelled");
  b.state = BookingState::kCancelled;
  b.cancellation_penalty = *penalty;
  Take(b.key, -static_cast<int>(b.key.rooms.size()));
  return b;
}

std::vector<world::SupplierHotel> SimCore::ContentPage(std::size_t offset, std::size_t limit) const {
  if (offset >= view_.hotels.size()) return {};
  const auto end = std::min(view_.hotels.size(), offset + limit);
  return {view_.hotels.begin() + static_cast<std::ptrdiff_t>(offset), view_.hotels.begin() + static_cast<std::ptrdiff_t>(end)};
}

bool SimCore::Roll(double probability) {
  std::lock_guard lock(mutex_);
  return RollLocked(probability);
}

bool SimCore::RollLocked(double probability) {
  if (probability <= 0) return false;
  if (probability >= 1) return true;
  std::uint64_t s = dice_state_;
  dice_state_ = world::SplitMix64(s);
  return static_cast<double>(dice_state_ >> 11) / 9007199254740992.0 < probability;  // 53 bits → [0, 1)
}

bool SimCore::TakeQuota(int* remaining, int* reset_s) {
  const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(Now().time_since_epoch()).count();
  std::lock_guard lock(mutex_);
  const std::int64_t window = now_s / 60;
  if (window != quota_window_) {
    quota_window_ = window;
    quota_used_ = 0;
  }
  *reset_s = static_cast<int>(60 - now_s % 60);
  if (options_.quota_per_minute <= 0) {
    *remaining = 1 << 20;
    return true;
  }
  if (quota_used_ >= options_.quota_per_minute) {
    *remaining = 0;
    return false;
  }
  ++quota_used_;
  *remaining = options_.quota_per_minute - quota_used_;
  return true;
}

}  // namespace hotel::sim
