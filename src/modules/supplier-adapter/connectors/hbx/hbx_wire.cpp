// hbx-json request builders and response parsers (see hbx_wire.hpp).
#include "modules/supplier-adapter/connectors/hbx/hbx_wire.hpp"

#include "modules/supplier-adapter/connectors/hbx/hbx_json_reader.hpp"
#include "runtime/json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <limits>
#include <utility>

namespace hotel::supplier::hbx {
namespace {

namespace json = boost::json;

Error Unavailable(std::string detail) { return Error{Errc::upstream_unavailable, std::move(detail), {}}; }

Error Malformed(std::string_view what, std::string_view problem, std::string_view body) {
  return Unavailable(
      fmt::format("hbx-json {} is not what the protocol says: {}; body: \"{}\"", what, problem, Excerpt(body)));
}

// The whole body as a JSON object, refusing oversized bodies before parsing them. Its nodes
// live in the document's arena, released at once.
Result<runtime::JsonDocument> ParseBody(std::string_view what, std::string_view body) {
  if (body.size() > kMaxBodyBytes) {
    return Unavailable(
        fmt::format("hbx-json {} of {} bytes is over the {} byte limit", what, body.size(), kMaxBodyBytes));
  }
  auto doc = runtime::ParseJsonDocument(body);
  if (!doc) {
    const auto& e = doc.error();
    return Malformed(what, e.fields.empty() ? e.detail : e.fields.front().message, body);
  }
  if (!doc->value().is_object()) return Malformed(what, "the body is not a JSON object", body);
  return doc;
}

// APItude policy amounts are "from this instant on, cancelling costs this much" per rate; a
// booking's policy is the sum of its rates' at every instant any of them changes.
std::vector<CancellationPenalty> MergePolicies(const std::vector<std::vector<CancellationPenalty>>& per_rate,
                                               const std::string& currency) {
  if (per_rate.size() == 1) return per_rate.front();
  std::vector<Instant> points;
  for (const auto& policy : per_rate) {
    for (const auto& p : policy) points.push_back(p.from);
  }
  std::sort(points.begin(), points.end());
  points.erase(std::unique(points.begin(), points.end()), points.end());
  std::vector<CancellationPenalty> out;
  for (Instant t : points) {
    std::int64_t total = 0;
    for (const auto& policy : per_rate) {
      std::int64_t at = 0;
      for (const auto& p : policy) {
        if (p.from <= t) at = std::max(at, p.penalty.minor);
      }
      if (total > std::numeric_limits<std::int64_t>::max() - at) return {};  // absurd amounts: no merge
      total += at;
    }
    out.push_back({t, Money{total, currency}});
  }
  return out;
}

std::vector<CancellationPenalty> ReadPolicies(JsonObjectReader& rate, const std::string& currency) {
  std::vector<CancellationPenalty> out;
  rate.Each("cancellationPolicies", false, [&](JsonObjectReader& p) {
    auto amount = p.Amount("amount", currency, true);
    auto from_text = p.Str("from", true);
    if (!p.ok()) return;
    // Hotel-local time with its offset; without one the safe (earliest) reading.
    auto from = ParseLocalDeadline(from_text);
    if (!from) {
      p.Fail("from", "must be an ISO 8601 date-time");
      return;
    }
    out.push_back({*from, *amount});
  });
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.from < b.from; });
  return out;
}

// One APItude rate; nullopt (without a problem) when its board cannot be placed.
std::optional<Rate> ReadRate(JsonObjectReader& r, const std::string& currency, const std::string& room_code,
                             const std::string& room_name) {
  Rate rate;
  rate.rate_token = r.Str("rateKey", true);
  if (r.ok() && rate.rate_token.empty()) r.Fail("rateKey", "is empty");
  rate.room_code = room_code;
  rate.room_name = room_name;
  const auto board_code = r.Str("boardCode", true);
  auto net = r.Amount("net", currency, true);
  auto selling = r.Amount("sellingRate", currency, false);
  const bool mandatory = r.Bool("hotelMandatory", false);
  const auto rate_class = r.Str("rateClass", false);
  const auto rate_type = r.Str("rateType", false);
  const auto payment = r.Str("paymentType", false);
  auto allotment = r.Int("allotment", false, 0, 1'000'000);
  rate.cancellation = ReadPolicies(r, currency);
  if (!r.ok()) return std::nullopt;
  auto board = BoardFromCode(board_code);
  if (!board) return std::nullopt;
  rate.board = *board;
  rate.net = *net;
  if (mandatory && selling) rate.selling_floor = *selling;
  rate.refundable = rate_class != "NRF";
  rate.recheck_required = rate_type == "RECHECK";
  rate.payment = payment == "AT_HOTEL" ? PaymentType::kAtHotel : PaymentType::kAtWeb;
  rate.rooms_left = allotment ? static_cast<int>(*allotment) : -1;
  return rate;
}

// A hotel of an availability or checkrates answer: its code and rates (known boards only).
HotelOffers ReadHotel(JsonObjectReader& h) {
  HotelOffers offers;
  offers.hotel_code = h.Code("code");
  const auto currency = h.Currency("currency", true);
  h.Each("rooms", false, [&](JsonObjectReader& room) {
    const auto code = room.Str("code", true);
    const auto name = room.Str("name", false);
    room.Each("rates", false, [&](JsonObjectReader& r) {
      if (auto rate = ReadRate(r, currency, code, name)) offers.rates.push_back(std::move(*rate));
    });
  });
  return offers;
}

BookingStatus StatusFromText(std::string_view s) {
  if (s == "CONFIRMED") return BookingStatus::kConfirmed;
  if (s == "CANCELLED") return BookingStatus::kCancelled;
  if (s == "PENDING" || s == "ON_REQUEST") return BookingStatus::kOnRequest;
  // Anything else, UNKNOWN included, is a state to poll, never a failure to assume.
  return BookingStatus::kUnknown;
}

Booking ReadBooking(JsonObjectReader& b) {
  Booking out;
  out.supplier_reference = b.Str("reference", true);
  if (b.ok() && out.supplier_reference.empty()) b.Fail("reference", "is empty");
  out.client_reference = b.Str("clientReference", false);
  out.status = StatusFromText(b.Str("status", true));
  auto hotel = b.Object("hotel", true);
  auto currency = b.Currency("currency", false);
  if (currency.empty()) currency = hotel.Currency("currency", true);
  out.hotel_code = hotel.Code("code");
  if (auto d = hotel.Day("checkIn")) out.check_in = *d;
  if (auto d = hotel.Day("checkOut")) out.check_out = *d;
  if (auto net = b.Amount("totalNet", currency, true)) out.net = *net;
  std::vector<std::vector<CancellationPenalty>> policies;
  hotel.Each("rooms", false, [&](JsonObjectReader& room) {
    room.Each("rates", false, [&](JsonObjectReader& rate) { policies.push_back(ReadPolicies(rate, currency)); });
  });
  if (!policies.empty()) out.cancellation = MergePolicies(policies, currency);
  if (out.status == BookingStatus::kCancelled) {
    // A cancelled booking's hotel totalNet is what the cancellation cost.
    if (auto penalty = hotel.Amount("totalNet", currency, false)) out.cancellation_penalty = *penalty;
  }
  return out;
}

struct ErrorBody {
  std::string code;
  std::string message;
};

// {"error":{"code","message"}} or {"error":"text"}; empty when the body is something else.
ErrorBody ReadErrorBody(std::string_view body) {
  ErrorBody out;
  if (body.size() > 64 * 1024) return out;
  auto value = runtime::ParseJson(body);
  if (!value || !value->is_object()) return out;
  const auto* error = value->get_object().if_contains("error");
  if (!error) return out;
  auto text = [](const json::value* v) -> std::string {
    const auto* s = v ? v->if_string() : nullptr;
    return s ? std::string(s->data(), std::min<std::size_t>(s->size(), kMaxExcerpt)) : std::string();
  };
  if (const auto* o = error->if_object()) {
    out.code = text(o->if_contains("code"));
    out.message = text(o->if_contains("message"));
  } else {
    out.message = text(error);
  }
  return out;
}

bool ContainsNoCase(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
  });
  return it != haystack.end();
}

std::string PercentEncode(std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

bool ValidClientReference(std::string_view s) {
  if (s.size() < 3 || s.size() > 28) return false;
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; });
}

}  // namespace

// ---- Requests ------------------------------------------------------------------------------

Result<std::string> AvailabilityBody(const SearchRequest& request) {
  if (request.hotel_codes.empty() || request.hotel_codes.size() > 250) {
    return Error::Validation("hotel_codes", "between 1 and 250 hotel codes");
  }
  for (const auto& code : request.hotel_codes) {
    if (code.empty()) return Error::Validation("hotel_codes", "a hotel code is empty");
  }
  if (request.check_out <= request.check_in) return Error::Validation("check_out", "must be after check_in");
  if (request.check_out - request.check_in > 30) return Error::Validation("check_out", "at most 30 nights");
  if (request.rooms.empty() || request.rooms.size() > 9) return Error::Validation("rooms", "between 1 and 9 rooms");
  json::array occupancies;
  std::vector<const RoomOccupancy*> seen;
  for (std::size_t i = 0; i < request.rooms.size(); ++i) {
    const auto& room = request.rooms[i];
    if (room.adults < 1 || room.adults > 9) {
      return Error::Validation("rooms[" + std::to_string(i) + "].adults", "between 1 and 9");
    }
    for (int age : room.child_ages) {
      if (age < 0 || age > 17)
        return Error::Validation("rooms[" + std::to_string(i) + "].child_ages", "between 0 and 17");
    }
    auto same = std::find_if(seen.begin(), seen.end(), [&](const RoomOccupancy* r) { return *r == room; });
    if (same != seen.end()) {
      auto& occupancy = occupancies[static_cast<std::size_t>(same - seen.begin())].as_object();
      occupancy["rooms"] = occupancy["rooms"].as_int64() + 1;
      continue;
    }
    seen.push_back(&room);
    json::array paxes;
    for (int a = 0; a < room.adults; ++a) paxes.push_back(json::object{{"type", "AD"}, {"age", 30}});
    for (int age : room.child_ages) paxes.push_back(json::object{{"type", "CH"}, {"age", age}});
    occupancies.push_back(json::object{{"rooms", 1},
                                       {"adults", room.adults},
                                       {"children", static_cast<std::int64_t>(room.child_ages.size())},
                                       {"paxes", std::move(paxes)}});
  }
  json::array codes;
  for (const auto& code : request.hotel_codes) codes.push_back(json::string(code));
  json::object body{
      {"stay", json::object{{"checkIn", FormatDate(request.check_in)}, {"checkOut", FormatDate(request.check_out)}}},
      {"occupancies", std::move(occupancies)},
      {"hotels", json::object{{"hotel", std::move(codes)}}}};
  if (!request.nationality.empty()) body["sourceMarket"] = request.nationality;
  return json::serialize(body);
}

std::string CheckRatesBody(std::string_view rate_token) {
  json::object body{{"rooms", json::array{json::object{{"rateKey", rate_token}}}}};
  return json::serialize(body);
}

Result<std::string> BookingBody(const BookRequest& request) {
  if (request.rate_token.empty()) return Error::Validation("rate_token", "is required");
  if (!ValidClientReference(request.client_reference)) {
    return Error::Validation("client_reference", "3 to 28 characters of A-Z a-z 0-9 _ -");
  }
  if (request.guests.empty() || request.guests.front().empty()) {
    return Error::Validation("guests", "the first room needs a guest (the holder)");
  }
  const auto& holder = request.guests.front().front();
  if (holder.first_name.empty() || holder.last_name.empty()) {
    return Error::Validation("guests[0][0]", "the holder needs a first and a last name");
  }
  json::array paxes;
  for (std::size_t room = 0; room < request.guests.size(); ++room) {
    for (const auto& guest : request.guests[room]) {
      json::object pax{{"roomId", static_cast<std::int64_t>(room + 1)},
                       {"type", guest.child ? "CH" : "AD"},
                       {"name", guest.first_name},
                       {"surname", guest.last_name}};
      if (guest.child) pax["age"] = guest.age;
      paxes.push_back(std::move(pax));
    }
  }
  json::object body{{"holder", json::object{{"name", holder.first_name}, {"surname", holder.last_name}}},
                    {"rooms", json::array{json::object{{"rateKey", request.rate_token}, {"paxes", std::move(paxes)}}}},
                    {"clientReference", request.client_reference}};
  if (!request.remark.empty()) body["remark"] = request.remark;
  return json::serialize(body);
}

std::string BookingPath(std::string_view reference) {
  return std::string(kBookingsPath) + "/" + PercentEncode(reference);
}

std::string BookingListPath(std::string_view client_reference) {
  return std::string(kBookingsPath) + "?clientReference=" + PercentEncode(client_reference) + "&from=1&to=25";
}

std::string CancelPath(std::string_view reference, bool simulation) {
  return BookingPath(reference) + (simulation ? "?cancellationFlag=SIMULATION" : "?cancellationFlag=CANCELLATION");
}

Result<std::string> ContentPath(std::string_view cursor, int page_size) {
  std::int64_t from = 1;
  if (!cursor.empty()) {
    auto [p, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), from);
    if (ec != std::errc{} || p != cursor.data() + cursor.size() || from < 1 || from > 1'000'000'000) {
      return Error::Validation("cursor", "not a cursor this connector issued");
    }
  }
  const std::int64_t size = std::clamp(page_size, 1, kMaxContentPage);
  return fmt::format("{}?fields=all&language=ENG&from={}&to={}", kContentPath, from, from + size - 1);
}

std::string Signature(std::string_view api_key, std::string_view secret, std::int64_t unix_seconds) {
  const std::string input = std::string(api_key) + std::string(secret) + std::to_string(unix_seconds);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(input.data(), input.size(), md, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 15]);
  }
  return out;
}

// ---- Responses -----------------------------------------------------------------------------

Result<SearchResult> ParseAvailability(std::string_view body) {
  constexpr std::string_view kWhat = "availability response";
  auto value = ParseBody(kWhat, body);
  if (!value) return value.error();
  std::string problem;
  JsonObjectReader root(&value->value(), "", &problem);
  auto hotels = root.Object("hotels", true);
  SearchResult result;
  hotels.Each("hotels", false, [&](JsonObjectReader& h) {
    auto offers = ReadHotel(h);
    if (!offers.rates.empty()) result.hotels.push_back(std::move(offers));
  });
  if (!problem.empty()) return Malformed(kWhat, problem, body);
  return result;
}

Result<CheckedRate> ParseCheckRates(std::string_view body) {
  constexpr std::string_view kWhat = "checkrates response";
  auto value = ParseBody(kWhat, body);
  if (!value) return value.error();
  std::string problem;
  JsonObjectReader root(&value->value(), "", &problem);
  auto hotel = root.Object("hotel", true);
  auto offers = ReadHotel(hotel);
  if (problem.empty() && offers.rates.empty()) problem = "hotel.rooms has no rate with a known board";
  if (!problem.empty()) return Malformed(kWhat, problem, body);
  return CheckedRate{std::move(offers.hotel_code), std::move(offers.rates.front())};
}

Result<Booking> ParseBooking(std::string_view body) {
  constexpr std::string_view kWhat = "booking response";
  auto value = ParseBody(kWhat, body);
  if (!value) return value.error();
  std::string problem;
  JsonObjectReader root(&value->value(), "", &problem);
  auto b = root.Object("booking", true);
  auto booking = ReadBooking(b);
  if (!problem.empty()) return Malformed(kWhat, problem, body);
  return booking;
}

Result<std::optional<Booking>> ParseBookingList(std::string_view body, std::string_view client_reference) {
  constexpr std::string_view kWhat = "booking list response";
  auto value = ParseBody(kWhat, body);
  if (!value) return value.error();
  std::string problem;
  JsonObjectReader root(&value->value(), "", &problem);
  auto list = root.Object("bookings", true);
  std::optional<Booking> found;
  list.Each("bookings", false, [&](JsonObjectReader& b) {
    auto booking = ReadBooking(b);
    // The list is a search: only an exact match of our reference is our booking.
    if (!found && booking.client_reference == client_reference) found = std::move(booking);
  });
  if (!problem.empty()) return Malformed(kWhat, problem, body);
  return found;
}

Result<Money> ParseCancellationCost(std::string_view body) {
  constexpr std::string_view kWhat = "cancellation response";
  auto value = ParseBody(kWhat, body);
  if (!value) return value.error();
  std::string problem;
  JsonObjectReader root(&value->value(), "", &problem);
  auto b = root.Object("booking", true);
  auto hotel = b.Object("hotel", true);
  auto currency = b.Currency("currency", false);
  if (currency.empty()) currency = hotel.Currency("currency", true);
  auto cost = hotel.Amount("totalNet", currency, true);
  if (!problem.empty()) return Malformed(kWhat, problem, body);
  return *cost;
}

Result<ContentPage> ParseContent(std::string_view body) {
  constexpr std::string_view kWhat = "content response";
  auto value = ParseBody(kWhat, body);
  if (!value) return value.error();
  std::string problem;
  JsonObjectReader root(&value->value(), "", &problem);
  constexpr std::int64_t kMaxIndex = 1'000'000'000;
  const auto from = root.Int("from", false, 0, kMaxIndex);
  auto to = root.Int("to", false, 0, kMaxIndex);
  const auto total = root.Int("total", false, 0, kMaxIndex);
  ContentPage page;
  root.Each("hotels", true, [&](JsonObjectReader& h) {
    ContentHotel hotel;
    hotel.code = h.Code("code");
    hotel.name = h.Text("name");
    hotel.address = h.Text("address");
    hotel.city = h.Text("city");
    hotel.country = h.Str("countryCode", false);
    hotel.postcode = h.Str("postalCode", false);
    hotel.chain = h.Str("chainCode", false);
    hotel.stars = StarsFromCategory(h.Str("categoryCode", false));
    auto coordinates = h.Object("coordinates", false);
    hotel.lat = coordinates.Number("latitude").value_or(0);
    hotel.lon = coordinates.Number("longitude").value_or(0);
    h.Each("phones", false, [&](JsonObjectReader& phone) {
      auto number = phone.Str("phoneNumber", false);
      const bool booking = phone.Str("phoneType", false) == "PHONEBOOKING";
      if (!number.empty() && (hotel.phone.empty() || booking)) hotel.phone = std::move(number);
    });
    page.hotels.push_back(std::move(hotel));
  });
  if (!problem.empty()) return Malformed(kWhat, problem, body);
  if (total) page.total = *total;
  if (!to && from && !page.hotels.empty()) to = *from + static_cast<std::int64_t>(page.hotels.size()) - 1;
  // An empty page ends the paging even if `total` says more: never loop on a supplier's count.
  if (!page.hotels.empty() && to && total && *to < *total) page.next_cursor = std::to_string(*to + 1);
  return page;
}

// ---- Errors --------------------------------------------------------------------------------

Error ErrorFromResponse(int status, std::string_view body, std::string_view retry_after) {
  const auto error = ReadErrorBody(body);
  std::string detail = fmt::format("hbx-json answered {}", status);
  if (!error.code.empty()) detail += " " + Excerpt(std::string_view(error.code).substr(0, 64));
  detail += ": " + (error.message.empty() ? Excerpt(body) : Excerpt(error.message));
  if (status == 429 || status == 403) {
    // APItude throttles with 403 "Over QPS"; a 403 that does not say so is an access problem.
    if (status == 429 || ContainsNoCase(body, "qps") || ContainsNoCase(body, "quota") ||
        ContainsNoCase(body, "rate limit")) {
      if (!retry_after.empty()) detail += fmt::format(" (retry after {} s)", Excerpt(retry_after));
      return Error{Errc::rate_limited, std::move(detail), {}};
    }
    return Unavailable("hbx-json refused our credentials or access: " + detail);
  }
  if (status == 401) return Unavailable("hbx-json refused our credentials: " + detail);
  if (status >= 500) return Unavailable(std::move(detail));
  if (status == 410 || error.code == "REPEATED_FAILED_REQUEST") return Error{Errc::gone, std::move(detail), {}};
  if (status >= 400) {
    static constexpr std::array<std::pair<std::string_view, Errc>, 6> kCodes{{
        {"PRODUCT_NOT_AVAILABLE", Errc::sold_out},
        {"DUPLICATED_BOOKING", Errc::conflict},
        {"BOOKING_NOT_FOUND", Errc::not_found},
        {"INVALID_DATA", Errc::validation_failed},
        {"INVALID_REQUEST", Errc::validation_failed},
        {"PRICE_CHANGED", Errc::price_changed},
    }};
    for (const auto& [code, errc] : kCodes) {
      if (error.code == code) return Error{errc, std::move(detail), {}};
    }
    if (error.code == "SYSTEM_ERROR") return Unavailable(std::move(detail));
    if (status == 400 || status == 422) return Error{Errc::validation_failed, std::move(detail), {}};
    if (status == 409) return Error{Errc::conflict, std::move(detail), {}};
    // A 404 with the protocol's own error body is about the booking; without one (an HTML
    // page) the endpoint itself is wrong.
    if (status == 404 && (!error.code.empty() || !error.message.empty())) {
      return Error{Errc::not_found, std::move(detail), {}};
    }
  }
  return Unavailable(std::move(detail));
}

// ---- Codes ---------------------------------------------------------------------------------

std::optional<Board> BoardFromCode(std::string_view code) {
  static constexpr std::array<std::pair<std::string_view, Board>, 16> kBoards{{
      {"RO", Board::kRoomOnly},
      {"SC", Board::kRoomOnly},
      {"BB", Board::kBedAndBreakfast},
      {"CB", Board::kBedAndBreakfast},
      {"AB", Board::kBedAndBreakfast},
      {"BF", Board::kBedAndBreakfast},
      {"DB", Board::kBedAndBreakfast},
      {"IB", Board::kBedAndBreakfast},
      {"HB", Board::kHalfBoard},
      {"MB", Board::kHalfBoard},
      {"HD", Board::kHalfBoard},
      {"FB", Board::kFullBoard},
      {"PB", Board::kFullBoard},
      {"AI", Board::kAllInclusive},
      {"TI", Board::kAllInclusive},
      {"AS", Board::kAllInclusive},
  }};
  for (const auto& [c, b] : kBoards) {
    if (c == code) return b;
  }
  return std::nullopt;
}

int StarsFromCategory(std::string_view category_code) {
  if (category_code.size() < 2) return 0;
  const char d = category_code[0];
  if (d < '1' || d > '5') return 0;
  const auto rest = category_code.substr(1);
  // APItude: nEST (stars), nLL (keys, "llaves"), nLUX; nH* are other schemes we do not map.
  if (rest == "EST" || rest == "LL" || rest == "LUX" || rest == "*") return d - '0';
  return 0;
}

}  // namespace hotel::supplier::hbx
