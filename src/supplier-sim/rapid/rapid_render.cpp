// The rapid simulator's shared pieces: state, auth, errors, and rate/itinerary renderings.
#include "supplier-sim/rapid/rapid_sim.hpp"

#include <boost/json/serialize.hpp>
#include <boost/url/parse_query.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>

namespace hotel::sim::rapid {
namespace {

std::string HexDigest(const EVP_MD* md, std::string_view text, std::size_t hex_chars) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int n = 0;
  EVP_Digest(text.data(), text.size(), out.data(), &n, md, nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s;
  for (unsigned i = 0; i < n && s.size() < hex_chars; ++i) {
    s.push_back(kHex[out[i] >> 4]);
    s.push_back(kHex[out[i] & 15]);
  }
  return s;
}

std::optional<std::int64_t> ToInt(std::string_view s) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc{} || p != s.data() + s.size()) return std::nullopt;
  return v;
}

// `total` over `n` parts, the remainder on the first ones: the parts always add up.
std::int64_t Share(std::int64_t total, std::size_t n, std::size_t i) {
  const auto count = static_cast<std::int64_t>(n);
  return total / count + (static_cast<std::int64_t>(i) < total % count ? 1 : 0);
}

json::object Price(std::int64_t minor, const SimCore& core) {
  return {{"value", core.FormatMoney(minor)}, {"currency", core.currency()}};
}

// One night of one room: the base rate and (about 12 % of it) taxes and fees.
json::array NightComponents(std::int64_t night, const SimCore& core) {
  const std::int64_t tax = night * 12 / 112;
  return {json::object{{"type", "base_rate"}, {"value", core.FormatMoney(night - tax)}, {"currency", core.currency()}},
          json::object{{"type", "tax_and_service_fee"}, {"value", core.FormatMoney(tax)}, {"currency", core.currency()}}};
}

// Rapid prices per room of each occupancy; SimCore prices the whole stay. Each night's total is
// split by a weight per occupancy; the rounding remainder goes to an occupancy booked once, so
// the rooms add up exactly (identical rooms only can leave a few minor units unassigned).
struct OccupancyPrice {
  std::string key;
  std::int64_t count = 0;
  std::vector<std::int64_t> nightly;  // per room
  std::int64_t total = 0;             // per room
};

std::vector<OccupancyPrice> SplitByOccupancy(const SimRate& rate) {
  std::vector<OccupancyPrice> keys;
  std::vector<std::int64_t> weights;
  for (const auto& room : rate.key.rooms) {
    const std::string key = OccupancyKey(room);
    auto it = std::find_if(keys.begin(), keys.end(), [&](const auto& k) { return k.key == key; });
    if (it != keys.end()) {
      ++it->count;
      continue;
    }
    keys.push_back({key, 1, {}, 0});
    weights.push_back(100 + 25 * (room.adults - 1) + 15 * static_cast<std::int64_t>(room.child_ages.size()));
  }
  std::int64_t weight_sum = 0;
  for (std::size_t k = 0; k < keys.size(); ++k) weight_sum += keys[k].count * weights[k];
  for (std::int64_t night : rate.nightly) {
    std::int64_t assigned = 0;
    for (std::size_t k = 0; k < keys.size(); ++k) {
      keys[k].nightly.push_back(night * weights[k] / weight_sum);
      assigned += keys[k].count * keys[k].nightly.back();
    }
    std::int64_t rest = night - assigned;
    auto single = std::find_if(keys.begin(), keys.end(), [](const auto& k) { return k.count == 1; });
    auto& target = single != keys.end() ? *single : keys.front();
    target.nightly.back() += rest / target.count;
  }
  for (auto& k : keys) {
    for (auto n : k.nightly) k.total += n;
  }
  return keys;
}

json::object Link(std::string_view method, std::string href) { return {{"method", method}, {"href", std::move(href)}}; }

json::object Amenities(std::string_view board) {
  json::object a{{"free_wifi", json::object{{"id", "free_wifi"}, {"name", "Free WiFi"}}}};
  static const std::map<std::string_view, std::string_view> kNames{{"free_breakfast", "Free breakfast"},
                                                                    {"half_board", "Half board"},
                                                                    {"full_board", "Full board"},
                                                                    {"all_inclusive", "All inclusive"}};
  if (auto id = BoardAmenity(board); !id.empty()) a[id] = json::object{{"id", id}, {"name", kNames.at(id)}};
  return a;
}

json::array NonRefundableNights(const RateKey& key) {
  return {json::object{{"start", FormatDate(key.check_in)}, {"end", FormatDate(key.check_out - 1)}}};
}

std::string_view RoomStatus(BookingState s) {
  switch (s) {
    case BookingState::kHeld: return "on_hold";
    case BookingState::kConfirmed: return "booked";
    case BookingState::kOnRequest:
    case BookingState::kUnknown: return "pending";
    case BookingState::kCancelled:
    case BookingState::kReleased: return "canceled";
  }
  return "pending";
}

}  // namespace

std::string_view BoardAmenity(std::string_view board) {
  if (board == "BB") return "free_breakfast";
  if (board == "HB") return "half_board";
  if (board == "FB") return "full_board";
  if (board == "AI") return "all_inclusive";
  return {};
}

RapidState::RapidState(std::shared_ptr<SimCore> c) : core(std::move(c)) {
  token_key = "rapid-sim:" + core->options().supplier_code + ":" + std::to_string(core->options().seed);
}

std::string RapidState::ItineraryToken(std::string_view reference) const {
  return HexDigest(EVP_sha256(), token_key + "|itinerary|" + std::string(reference), 32);
}

std::string RapidState::ContentToken(std::size_t offset) const {
  const std::string o = std::to_string(offset);
  return "c" + o + "_" + HexDigest(EVP_sha256(), token_key + "|content|" + o, 12);
}

std::optional<std::size_t> RapidState::ContentOffset(std::string_view token) const {
  const auto us = token.find('_');
  if (token.size() < 3 || token[0] != 'c' || us == std::string_view::npos) return std::nullopt;
  auto offset = ToInt(token.substr(1, us - 1));
  if (!offset || *offset < 0) return std::nullopt;
  if (ContentToken(static_cast<std::size_t>(*offset)) != token) return std::nullopt;
  return static_cast<std::size_t>(*offset);
}

runtime::Response RapidError(int status, std::string_view type, std::string_view message,
                             std::vector<FieldProblem> fields) {
  json::object body{{"type", type}, {"message", message}};
  if (!fields.empty()) {
    json::array fs;
    for (auto& f : fields) fs.push_back(json::object{{"name", f.name}, {"type", f.type}, {"value", f.value}});
    body["fields"] = std::move(fs);
  }
  return runtime::Response::Json(status, json::serialize(body));
}

runtime::Response RapidErrorOf(const Error& e, std::string_view conflict_type) {
  switch (e.code) {
    case Errc::validation_failed: {
      std::vector<FieldProblem> fields;
      for (const auto& f : e.fields) fields.push_back({f.field == "rateKey" ? "token" : f.field, "querystring", ""});
      const std::string message = e.fields.empty() ? e.detail : e.fields[0].message;
      return RapidError(400, "invalid_input", message, std::move(fields));
    }
    case Errc::not_found: return RapidError(404, "resource_not_found", e.detail);
    case Errc::conflict: return RapidError(409, conflict_type, e.detail);
    case Errc::sold_out: return RapidError(409, "rooms_unavailable", e.detail);
    case Errc::price_changed: return RapidError(409, "price_mismatch", e.detail);
    case Errc::gone: return RapidError(410, "hold_expired", e.detail);
    default: return RapidError(500, "unknown_internal_error", "An internal server error has occurred.");
  }
}

std::optional<runtime::Response> CheckAuth(const SimCore& core, const runtime::Request& req) {
  const auto& o = core.options();
  if (o.api_key.empty()) return std::nullopt;
  auto reject = [](std::string_view why) { return RapidError(401, "request_unauthenticated", why); };
  std::string_view h = req.Header("Authorization");
  if (h.substr(0, 4) != "EAN ") return reject("Missing or malformed Authorization header: EAN APIKey=…,Signature=…,timestamp=…");
  h.remove_prefix(4);
  std::string_view key, signature, timestamp;
  while (!h.empty()) {
    const auto comma = h.find(',');
    auto part = h.substr(0, comma);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    const auto eq = part.find('=');
    if (eq != std::string_view::npos) {
      const auto name = part.substr(0, eq), value = part.substr(eq + 1);
      if (name == "APIKey") key = value;
      else if (name == "Signature") signature = value;
      else if (name == "timestamp") timestamp = value;
    }
    h = comma == std::string_view::npos ? std::string_view{} : h.substr(comma + 1);
  }
  if (key != o.api_key) return reject("Invalid API key");
  if (o.secret.empty()) return std::nullopt;
  const auto ts = ToInt(timestamp);
  const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(core.Now().time_since_epoch()).count();
  if (!ts || *ts < now_s - 300 || *ts > now_s + 300) return reject("Signature timestamp is missing or more than 300 s off");
  const std::string expected = HexDigest(EVP_sha512(), std::string(key) + o.secret + std::string(timestamp), 128);
  if (signature.size() != expected.size() || CRYPTO_memcmp(signature.data(), expected.data(), expected.size()) != 0) {
    return reject("Invalid signature");
  }
  return std::nullopt;
}

std::multimap<std::string, std::string> QueryParams(std::string_view query) {
  std::multimap<std::string, std::string> out;
  auto parsed = boost::urls::parse_query(query);
  if (!parsed) return out;
  boost::urls::encoding_opts form;
  form.space_as_plus = true;
  for (auto p : *parsed) out.emplace(p.key.decode(form), p.has_value ? p.value.decode(form) : std::string());
  return out;
}

std::optional<Occupancy> ParseOccupancy(std::string_view text) {
  Occupancy o;
  const auto dash = text.find('-');
  auto adults = ToInt(text.substr(0, dash));
  if (!adults || *adults < 1 || *adults > 8) return std::nullopt;
  o.adults = static_cast<int>(*adults);
  if (dash == std::string_view::npos) return o;
  std::string_view ages = text.substr(dash + 1);
  while (true) {
    const auto comma = ages.find(',');
    auto age = ToInt(ages.substr(0, comma));
    if (!age || *age < 0 || *age > 17 || o.child_ages.size() >= 6) return std::nullopt;
    o.child_ages.push_back(static_cast<int>(*age));
    if (comma == std::string_view::npos) break;
    ages.remove_prefix(comma + 1);
  }
  return o;
}

std::string OccupancyKey(const Occupancy& o) {
  std::string out = std::to_string(o.adults);
  for (std::size_t i = 0; i < o.child_ages.size(); ++i) out += (i == 0 ? "-" : ",") + std::to_string(o.child_ages[i]);
  return out;
}

std::string FormatLocal(Instant t, int offset_minutes) {
  const Instant local = t + std::chrono::minutes(offset_minutes);
  const auto secs = std::chrono::floor<std::chrono::seconds>(local.time_since_epoch()).count();
  const Date day{secs >= 0 ? secs / 86400 : (secs - 86399) / 86400};
  const auto in_day = secs - day.days * 86400;
  const int off = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  // "THH:MM:SS.000+HH:MM", by hand (one per penalty of every rate).
  std::string out = FormatDate(day);
  const auto two = [&out](long v) {
    out += static_cast<char>('0' + v / 10 % 10);
    out += static_cast<char>('0' + v % 10);
  };
  out += 'T';
  two(in_day / 3600);
  out += ':';
  two(in_day / 60 % 60);
  out += ':';
  two(in_day % 60);
  out += ".000";
  out += offset_minutes < 0 ? '-' : '+';
  two(off / 60);
  out += ':';
  two(off % 60);
  return out;
}

void RenderRateTerms(json::object& out, const SimCore& core, const world::SupplierHotel& hotel, const SimRate& rate) {
  const auto split = SplitByOccupancy(rate);
  json::object pricing;
  std::int64_t reported = 0, first_night = 0;
  for (const auto& k : split) {
    json::array nightly;
    for (auto n : k.nightly) nightly.push_back(NightComponents(n, core));
    std::int64_t exclusive = 0;
    for (auto n : k.nightly) exclusive += n - n * 12 / 112;
    json::object totals{{"inclusive", {{"billable_currency", Price(k.total, core)}}},
                        {"exclusive", {{"billable_currency", Price(exclusive, core)}}}};
    if (rate.selling_mandatory) {
      totals["minimum_selling_price"] = json::object{{"billable_currency", Price(ScaleRounded(k.total, 120, 100), core)}};
    }
    pricing[k.key] = json::object{{"nightly", std::move(nightly)}, {"totals", std::move(totals)}};
    reported += k.count * k.total;
    if (!k.nightly.empty()) first_night += k.count * k.nightly.front();
  }
  out["occupancy_pricing"] = std::move(pricing);
  const bool refundable = rate.key.rate_class == RateClass::kRefundable;
  out["refundable"] = refundable;
  out["amenities"] = Amenities(rate.key.board);

  // Windows between SimCore's points, in the hotel's local time; the last ends at check-out.
  const int offset = core.UtcOffsetMinutes(hotel);
  const Instant stay_end =
      Instant(std::chrono::duration_cast<Instant::duration>(std::chrono::days(rate.key.check_out.days))) -
      std::chrono::minutes(offset);
  json::array penalties;
  for (std::size_t i = 0; i < rate.cancellation.size(); ++i) {
    const auto& p = rate.cancellation[i];
    const Instant end = i + 1 < rate.cancellation.size() ? rate.cancellation[i + 1].from : stay_end;
    json::object w{{"currency", core.currency()}, {"start", FormatLocal(p.from, offset)}, {"end", FormatLocal(end, offset)}};
    // Rapid states a penalty as an amount, a number of nights or a percentage: use the form a
    // person would, when it says exactly the same.
    if (p.amount == rate.net && reported == rate.net) w["percent"] = "100%";
    else if (!rate.nightly.empty() && p.amount == rate.nightly.front() && first_night == p.amount) w["nights"] = "1";
    else w["amount"] = core.FormatMoney(p.amount);
    penalties.push_back(std::move(w));
  }
  out["cancel_penalties"] = std::move(penalties);
  if (!refundable) out["nonrefundable_date_ranges"] = NonRefundableNights(rate.key);
}

json::object RenderItinerary(RapidState& state, const SimBooking& b) {
  SimCore& core = *state.core;
  const std::string token = state.ItineraryToken(b.reference);
  const std::string base = "/v3/itineraries/" + b.reference;
  const auto* hotel = core.FindHotel(b.key.hotel_code);
  const int offset = hotel ? core.UtcOffsetMinutes(*hotel) : 0;
  const bool refundable = b.key.rate_class == RateClass::kRefundable;
  const bool active = b.state == BookingState::kConfirmed || b.state == BookingState::kOnRequest ||
                      b.state == BookingState::kUnknown;

  // What cancelling costs: charged once cancelled, else what it would cost now (a hold: nothing).
  std::int64_t penalty = 0;
  if (b.state == BookingState::kCancelled) {
    penalty = std::max<std::int64_t>(b.cancellation_penalty, 0);
  } else if (active) {
    if (auto q = core.CancelQuote(b.reference)) penalty = *q;
  }

  const std::size_t n = std::max<std::size_t>(b.key.rooms.size(), 1);
  const auto nights = static_cast<std::size_t>(std::max<std::int64_t>(b.key.check_out - b.key.check_in, 1));
  std::string email;
  {
    std::lock_guard lock(state.mutex);
    if (auto it = state.emails.find(b.reference); it != state.emails.end()) email = it->second;
  }
  json::array rooms;
  for (std::size_t i = 0; i < n; ++i) {
    const Occupancy occ = i < b.key.rooms.size() ? b.key.rooms[i] : Occupancy{};
    const std::int64_t share = Share(b.net, n, i);
    json::array nightly;
    for (std::size_t night = 0; night < nights; ++night) nightly.push_back(NightComponents(Share(share, nights, night), core));
    json::array penalties;
    for (std::size_t p = 0; p < b.cancellation.size(); ++p) {
      const auto& point = b.cancellation[p];
      const Instant end = p + 1 < b.cancellation.size() ? b.cancellation[p + 1].from : point.from + std::chrono::days(400);
      json::object w{{"currency", core.currency()}, {"start", FormatLocal(point.from, offset)}, {"end", FormatLocal(end, offset)}};
      if (point.amount == b.net) w["percent"] = "100%";
      else w["amount"] = core.FormatMoney(Share(point.amount, n, i));
      penalties.push_back(std::move(w));
    }
    json::object rate{{"id", b.key.room_code + "-" + b.key.board + (refundable ? "-NOR" : "-NRF")},
                      {"merchant_of_record", "expedia"},
                      {"refundable", refundable},
                      {"cancel_refund", {{"amount", core.FormatMoney(share - Share(penalty, n, i))}, {"currency", core.currency()}}},
                      {"amenities", Amenities(b.key.board)},
                      {"cancel_penalties", std::move(penalties)},
                      {"pricing", {{"nightly", std::move(nightly)},
                                   {"totals", {{"inclusive", {{"billable_currency", Price(share, core)}}}}}}}};
    if (!refundable) rate["nonrefundable_date_ranges"] = NonRefundableNights(b.key);
    json::array ages;
    for (int a : occ.child_ages) ages.push_back(a);
    const std::string room_id = b.reference + "-" + std::to_string(i + 1);
    json::object room{{"id", room_id},
                      {"confirmation_id", {{"expedia", b.reference}, {"property", "H" + b.reference}}},
                      {"bed_group_id", "1"},
                      {"checkin", FormatDate(b.key.check_in)},
                      {"checkout", FormatDate(b.key.check_out)},
                      {"number_of_adults", occ.adults},
                      {"child_ages", std::move(ages)},
                      {"given_name", b.holder_first},
                      {"family_name", b.holder_last},
                      {"status", RoomStatus(b.state)},
                      {"smoking", false},
                      {"rate", std::move(rate)}};
    if (active) room["links"] = json::object{{"cancel", Link("DELETE", base + "/rooms/" + room_id + "?token=" + token)}};
    rooms.push_back(std::move(room));
  }
  json::object links{{"retrieve", Link("GET", base + "?token=" + token)}};
  if (b.state == BookingState::kHeld) {
    links["resume"] = Link("PUT", base + "?token=" + token);
    links["cancel"] = Link("DELETE", base + "?token=" + token);
  }
  return {{"itinerary_id", b.reference},
          {"property_id", b.key.hotel_code},
          {"affiliate_reference_id", b.client_reference},
          {"creation_date_time", FormatIso8601(b.created_at)},
          {"email", email},
          {"links", std::move(links)},
          {"rooms", std::move(rooms)}};
}

}  // namespace hotel::sim::rapid
