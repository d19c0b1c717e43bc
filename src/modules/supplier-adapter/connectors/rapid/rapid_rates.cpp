// Rapid rates → canonical rates: pricing, meal plans, cancellation policies, and the
// availability and price-check answers built from them.
#include "modules/supplier-adapter/connectors/rapid/rapid_rates.hpp"

#include "modules/supplier-adapter/connectors/rapid/rapid_wire.hpp"

#include <algorithm>
#include <climits>
#include <limits>
#include <utility>

namespace hotel::supplier::rapid {
namespace {

bool Add(std::int64_t& acc, std::int64_t v) { return !__builtin_add_overflow(acc, v, &acc); }

// One nightly component list ([{type, value, currency}, …]) summed.
std::optional<std::int64_t> NightTotal(JsonWalk& w, const json::value& night, std::string_view currency,
                                       const JsonPath& path) {
  if (!night.is_array()) {
    w.Fail(path, "expected an array of price components");
    return std::nullopt;
  }
  std::int64_t sum = 0;
  const auto& components = night.get_array();
  for (std::size_t i = 0; i < components.size(); ++i) {
    const JsonPath p = path.At(i);
    const json::object* c = w.AsObject(components[i], p);
    if (!c) return std::nullopt;
    const auto value = w.String(*c, "value", p, true);
    const auto cur = w.String(*c, "currency", p, false);
    if (!value) return std::nullopt;
    if (cur && *cur != currency) {
      w.Fail(p, "component currency differs from the total's");
      return std::nullopt;
    }
    const auto minor = ParseDecimalMinor(*value, currency);
    if (!minor || !Add(sum, *minor)) {
      w.Fail(p, "not an amount");
      return std::nullopt;
    }
  }
  return sum;
}

std::optional<Money> PenaltyOf(JsonWalk& w, const json::object& penalty, const Pricing& price,
                               const JsonPath& path) {
  const auto currency = w.String(penalty, "currency", path, false).value_or(price.total.currency);
  const bool has_amount = w.Member(penalty, "amount", path, false) != nullptr;
  const bool has_nights = w.Member(penalty, "nights", path, false) != nullptr;
  const bool has_percent = w.Member(penalty, "percent", path, false) != nullptr;
  if (has_amount + has_nights + has_percent != 1) {
    w.Fail(path, "expected exactly one of amount, nights, percent");
    return std::nullopt;
  }
  if (has_amount) {
    const auto text = w.String(penalty, "amount", path, true);
    if (!text) return std::nullopt;
    auto money = ParseMoney(*text, currency);
    if (!money || money->minor < 0) w.Fail(path.Key("amount"), "not an amount");
    return money;
  }
  if (has_nights) {
    const auto n = w.Integer(penalty, "nights", path, true, 0, 366);
    if (!n) return std::nullopt;
    if (static_cast<std::size_t>(*n) > price.nightly.size()) {
      w.Fail(path.Key("nights"), "more nights than the nightly prices say");
      return std::nullopt;
    }
    std::int64_t sum = 0;
    for (std::int64_t i = 0; i < *n; ++i) {
      if (!Add(sum, price.nightly[static_cast<std::size_t>(i)])) {
        w.Fail(path.Key("nights"), "penalty out of range");
        return std::nullopt;
      }
    }
    return Money{sum, price.total.currency};
  }
  auto text = w.String(penalty, "percent", path, true);
  if (!text) return std::nullopt;
  std::string_view p = *text;
  if (!p.empty() && p.back() == '%') p.remove_suffix(1);
  // Hundredths of a percent, exactly (never through a double).
  const auto hundredths = ParseDecimalMinor(p, "USD");
  if (!hundredths || *hundredths < 0 || *hundredths > 10000) {
    w.Fail(path.Key("percent"), "expected a percentage between 0% and 100%");
    return std::nullopt;
  }
  return Money{ScaleRounded(price.total.minor, *hundredths, 10000), price.total.currency};
}

// Nights inside nonrefundable_date_ranges ({start, end} dates of nights, inclusive), summed.
std::optional<std::int64_t> NonRefundableNights(JsonWalk& w, const json::array& ranges, const Pricing& price,
                                                Date check_in, const JsonPath& path) {
  std::int64_t sum = 0;
  bool any = false;
  for (std::size_t i = 0; i < ranges.size(); ++i) {
    const JsonPath p = path.At(i);
    const json::object* r = w.AsObject(ranges[i], p);
    if (!r) return std::nullopt;
    const auto start = w.String(*r, "start", p, true);
    const auto end = w.String(*r, "end", p, true);
    if (!start || !end) return std::nullopt;
    const auto from = ParseDate(*start), to = ParseDate(*end);
    if (!from || !to || *to < *from) {
      w.Fail(p, "expected start <= end as YYYY-MM-DD");
      return std::nullopt;
    }
    any = true;
    // Without a nightly breakdown the nights cannot be priced: the whole stay, to be safe.
    if (price.nightly.empty()) return price.total.minor;
    for (std::size_t n = 0; n < price.nightly.size(); ++n) {
      const Date night = check_in + static_cast<std::int64_t>(n);
      if (night >= *from && night <= *to && !Add(sum, price.nightly[n])) {
        w.Fail(p, "amount out of range");
        return std::nullopt;
      }
    }
  }
  return any ? sum : 0;
}

// "/v3/properties/RPD1/rooms/DBL.ST/rates/X?token=…" → "DBL.ST".
std::string RoomOfHref(std::string_view href) {
  href = href.substr(0, href.find('?'));
  const auto at = href.find("/rooms/");
  if (at == std::string_view::npos) return {};
  auto rest = href.substr(at + 7);
  return std::string(rest.substr(0, rest.find('/')));
}

// The rooms of a request grouped as occupancy_pricing keys them, in request order.
std::vector<std::pair<std::string, std::int64_t>> OccupancyKeys(const std::vector<RoomOccupancy>& rooms) {
  std::vector<std::pair<std::string, std::int64_t>> keys;
  for (const auto& room : rooms) {
    std::string key = OccupancyParam(room);
    auto it = std::find_if(keys.begin(), keys.end(), [&](const auto& k) { return k.first == key; });
    if (it == keys.end()) keys.emplace_back(std::move(key), 1);
    else ++it->second;
  }
  return keys;
}

// Σ over the requested rooms of occupancy_pricing[their occupancy].
std::optional<Pricing> PriceOfRooms(JsonWalk& w, const json::object& owner, const std::vector<RoomOccupancy>& rooms,
                                    const JsonPath& path) {
  const json::object* op = w.Object(owner, "occupancy_pricing", path, true);
  if (!op) return std::nullopt;
  const JsonPath opp = path.Key("occupancy_pricing");
  Pricing sum;
  for (const auto& [key, count] : OccupancyKeys(rooms)) {
    const json::object* per = w.Object(*op, key, opp, true);
    if (!per) return std::nullopt;
    const JsonPath kp = opp.Key(key);
    auto part = ReadPricing(w, *per, kp);
    if (!part || !AddPricing(w, sum, *part, count, kp)) return std::nullopt;
  }
  if (sum.total.currency.empty()) {
    w.Fail(opp, "no rooms priced");
    return std::nullopt;
  }
  return sum;
}

}  // namespace

std::optional<Pricing> ReadPricing(JsonWalk& w, const json::object& pricing, const JsonPath& path) {
  const json::object* totals = w.Object(pricing, "totals", path, true);
  if (!totals) return std::nullopt;
  const JsonPath tp = path.Key("totals");
  const json::object* inclusive = w.Object(*totals, "inclusive", tp, true);
  if (!inclusive) return std::nullopt;
  auto total = w.Amount(*inclusive, "billable_currency", tp.Key("inclusive"), true);
  if (!total) return std::nullopt;
  if (total->minor < 0) {
    w.Fail(tp, "negative total");
    return std::nullopt;
  }
  Pricing p{*total, {}, std::nullopt};
  if (const json::object* msp = w.Object(*totals, "minimum_selling_price", tp, false)) {
    p.minimum_selling = w.Amount(*msp, "billable_currency", tp.Key("minimum_selling_price"), true);
  }
  if (const json::array* nightly = w.Array(pricing, "nightly", path, false)) {
    const JsonPath np = path.Key("nightly");
    for (std::size_t i = 0; i < nightly->size(); ++i) {
      auto night = NightTotal(w, (*nightly)[i], total->currency, np.At(i));
      if (!night) return std::nullopt;
      p.nightly.push_back(*night);
    }
  }
  if (w.failed()) return std::nullopt;
  return p;
}

bool AddPricing(JsonWalk& w, Pricing& sum, const Pricing& part, std::int64_t count, const JsonPath& path) {
  const bool first = sum.total.currency.empty();
  if (!first && part.total.currency != sum.total.currency) {
    w.Fail(path, "rooms priced in different currencies");
    return false;
  }
  std::int64_t scaled = 0;
  if (__builtin_mul_overflow(part.total.minor, count, &scaled) || !Add(sum.total.minor, scaled)) {
    w.Fail(path, "total out of range");
    return false;
  }
  if (first) {
    sum.total.currency = part.total.currency;
    sum.nightly.assign(part.nightly.size(), 0);
    if (part.minimum_selling) sum.minimum_selling = Money{0, part.minimum_selling->currency};
  }
  if (sum.nightly.size() != part.nightly.size()) {
    sum.nightly.clear();  // rooms disagree on the nights: no breakdown rather than a wrong one
  } else {
    for (std::size_t i = 0; i < part.nightly.size(); ++i) {
      std::int64_t n = 0;
      if (__builtin_mul_overflow(part.nightly[i], count, &n) || !Add(sum.nightly[i], n)) {
        w.Fail(path, "nightly price out of range");
        return false;
      }
    }
  }
  if (sum.minimum_selling) {
    std::int64_t m = 0;
    if (!part.minimum_selling || part.minimum_selling->currency != sum.minimum_selling->currency ||
        __builtin_mul_overflow(part.minimum_selling->minor, count, &m) || !Add(sum.minimum_selling->minor, m)) {
      sum.minimum_selling.reset();  // a floor only when every room states one
    }
  }
  return true;
}

Board BoardFromAmenities(const json::value* amenities) {
  auto rank = [](std::string_view id) -> int {
    if (id == kAmenityAllInclusive) return 4;
    if (id == kAmenityFullBoard) return 3;
    if (id == kAmenityHalfBoard) return 2;
    if (id == kAmenityBreakfast) return 1;
    return 0;
  };
  int best = 0;
  auto consider = [&](const json::value& v, std::string_view key) {
    std::string_view id = key;
    if (const auto* o = v.if_object()) {
      if (const auto* s = o->if_contains("id"); s && s->is_string()) id = std::string_view(s->get_string());
    } else if (const auto* s = v.if_string()) {
      id = std::string_view(*s);
    }
    best = std::max(best, rank(id));
  };
  if (!amenities) return Board::kRoomOnly;
  if (const auto* o = amenities->if_object()) {
    for (const auto& kv : *o) consider(kv.value(), std::string_view(kv.key()));
  } else if (const auto* a = amenities->if_array()) {
    for (const auto& v : *a) consider(v, {});
  }
  static constexpr Board kByRank[] = {Board::kRoomOnly, Board::kBedAndBreakfast, Board::kHalfBoard,
                                      Board::kFullBoard, Board::kAllInclusive};
  return kByRank[best];
}

std::optional<std::vector<CancellationPenalty>> ReadPolicy(JsonWalk& w, const json::object& rate, const Pricing& price,
                                                           Date check_in, bool refundable, const JsonPath& path) {
  std::vector<CancellationPenalty> points;
  if (const json::array* penalties = w.Array(rate, "cancel_penalties", path, false)) {
    const JsonPath pp = path.Key("cancel_penalties");
    for (std::size_t i = 0; i < penalties->size(); ++i) {
      const JsonPath p = pp.At(i);
      const json::object* penalty = w.AsObject((*penalties)[i], p);
      if (!penalty) return std::nullopt;
      const auto start = w.String(*penalty, "start", p, true);
      if (!start) return std::nullopt;
      // Rapid states the hotel's offset; without one, ParseLocalDeadline takes the earliest
      // instant the local time can mean.
      const auto from = ParseLocalDeadline(*start);
      if (!from) {
        w.Fail(p.Key("start"), "not a date-time");
        return std::nullopt;
      }
      auto amount = PenaltyOf(w, *penalty, price, p);
      if (!amount) return std::nullopt;
      points.push_back({*from, *amount});
    }
  }
  if (const json::array* ranges = w.Array(rate, "nonrefundable_date_ranges", path, false)) {
    auto nights = NonRefundableNights(w, *ranges, price, check_in, path.Key("nonrefundable_date_ranges"));
    if (!nights) return std::nullopt;
    if (*nights > 0) {
      // Those nights are charged whenever one cancels: from the start, and under every window.
      for (auto& p : points) {
        if (p.penalty.currency == price.total.currency) p.penalty.minor = std::max(p.penalty.minor, *nights);
      }
      points.push_back({Instant{}, Money{*nights, price.total.currency}});
    }
  }
  if (!refundable && points.empty()) points.push_back({Instant{}, price.total});
  std::stable_sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.from < b.from; });
  return points;
}

Money PenaltyAt(const std::vector<CancellationPenalty>& policy, Instant at, std::string_view currency) {
  Money out{0, std::string(currency)};
  for (const auto& p : policy) {
    if (p.from <= at && p.penalty.minor >= out.minor) out = p.penalty;
  }
  return out;
}

std::vector<CancellationPenalty> MergePolicies(const std::vector<std::vector<CancellationPenalty>>& rooms,
                                               std::string_view currency) {
  std::vector<Instant> times;
  for (const auto& room : rooms) {
    for (const auto& p : room) times.push_back(p.from);
  }
  std::sort(times.begin(), times.end());
  times.erase(std::unique(times.begin(), times.end()), times.end());
  std::vector<CancellationPenalty> merged;
  for (Instant t : times) {
    Money sum{0, std::string(currency)};
    for (const auto& room : rooms) {
      // Saturates: amounts this large are nonsense already, but must not overflow.
      if (__builtin_add_overflow(sum.minor, PenaltyAt(room, t, currency).minor, &sum.minor)) {
        sum.minor = std::numeric_limits<std::int64_t>::max();
      }
    }
    if (!merged.empty() && merged.back().penalty == sum) continue;
    merged.push_back({t, sum});
  }
  return merged;
}

Result<SearchResult> ParseAvailability(std::string_view body, const SearchRequest& request) {
  auto root = ParseBody(body);
  if (!root) return root.error();
  const json::array* properties = (*root)->if_array();
  if (!properties) return Malformed("availability: expected an array of properties", body);
  JsonWalk w(body);
  SearchResult out;
  const JsonPath document;
  for (std::size_t i = 0; i < properties->size(); ++i) {
    const JsonPath pp = document.At(i);
    const json::object* property = w.AsObject((*properties)[i], pp);
    if (!property) break;
    const auto property_id = w.String(*property, "property_id", pp, true);
    const auto status = w.String(*property, "status", pp, false);
    if (!property_id || (status && *status != "available")) continue;
    const json::array* rooms = w.Array(*property, "rooms", pp, true);
    if (!rooms) break;
    HotelOffers offers{std::string(*property_id), {}};
    const JsonPath rooms_path = pp.Key("rooms");
    for (std::size_t j = 0; j < rooms->size() && !w.failed(); ++j) {
      const JsonPath rp = rooms_path.At(j);
      const json::object* room = w.AsObject((*rooms)[j], rp);
      if (!room) break;
      const auto room_id = w.String(*room, "id", rp, true);
      const auto room_name = w.String(*room, "room_name", rp, false);
      const json::array* rates = w.Array(*room, "rates", rp, true);
      if (!room_id || !rates) break;
      const JsonPath rates_path = rp.Key("rates");
      for (std::size_t k = 0; k < rates->size() && !w.failed(); ++k) {
        const JsonPath ratep = rates_path.At(k);
        const json::object* rate = w.AsObject((*rates)[k], ratep);
        if (!rate) break;
        const auto rate_status = w.String(*rate, "status", ratep, false);
        if (rate_status && *rate_status != "available") continue;
        const auto refundable = w.Bool(*rate, "refundable", ratep, true);
        const auto left = w.Integer(*rate, "available_rooms", ratep, false, 0, INT_MAX);
        const auto merchant = w.String(*rate, "merchant_of_record", ratep, false);
        auto price = PriceOfRooms(w, *rate, request.rooms, ratep);
        if (!refundable || !price) break;
        auto policy = ReadPolicy(w, *rate, *price, request.check_in, *refundable, ratep);
        const json::object* bed_groups = w.Object(*rate, "bed_groups", ratep, true);
        if (!policy || !bed_groups) break;
        const JsonPath groups_path = ratep.Key("bed_groups");
        if (bed_groups->empty()) w.Fail(groups_path, "no bed group to book");
        // Each bed group is priced and booked through its own link: one canonical rate each.
        for (const auto& bg : *bed_groups) {
          const JsonPath bp = groups_path.Key(std::string_view(bg.key()));
          const json::object* group = w.AsObject(bg.value(), bp);
          const json::object* links = group ? w.Object(*group, "links", bp, true) : nullptr;
          const json::object* check = links ? w.Object(*links, "price_check", bp.Key("links"), true) : nullptr;
          const auto href = check ? w.String(*check, "href", bp.Key("links.price_check"), true) : std::nullopt;
          if (!href) break;
          if (!IsRapidPath(*href, "/v3/properties/")) {
            w.Fail(bp.Key("links.price_check.href"), "not a rapid price check path");
            break;
          }
          Rate r;
          r.rate_token = std::string(*href);
          r.room_code = std::string(*room_id);
          r.room_name = std::string(room_name.value_or(""));
          r.board = BoardFromAmenities(w.Member(*rate, "amenities", ratep, false));
          r.net = price->total;
          r.selling_floor = price->minimum_selling;
          r.refundable = *refundable;
          r.cancellation = *policy;
          r.rooms_left = left ? static_cast<int>(*left) : -1;
          r.recheck_required = true;  // Rapid books only from a price check's book link
          r.payment = merchant && *merchant == "property" ? PaymentType::kAtHotel : PaymentType::kAtWeb;
          offers.rates.push_back(std::move(r));
        }
      }
    }
    if (w.failed()) break;
    if (!offers.rates.empty()) out.hotels.push_back(std::move(offers));
  }
  if (w.failed()) return w.error();
  return out;
}

Result<Quote> ParsePriceCheck(std::string_view body, const QuoteRequest& request) {
  auto root = ParseBody(body);
  if (!root) return root.error();
  const json::object* o = (*root)->if_object();
  if (!o) return Malformed("price check: expected an object", body);
  JsonWalk w(body);
  const JsonPath document;
  const auto status = w.String(*o, "status", document, true);
  if (!status) return w.error();
  Quote quote;
  quote.rate.room_code = RoomOfHref(request.rate_token);
  if (*status == "sold_out") {
    quote.status = QuoteStatus::kSoldOut;
    return quote;
  }
  if (*status == "available") quote.status = QuoteStatus::kAvailable;
  else if (*status == "price_changed") quote.status = QuoteStatus::kPriceChanged;
  else return Malformed("price check: unknown status", body);

  auto price = PriceOfRooms(w, *o, request.rooms, document);
  const json::object* links = w.Object(*o, "links", document, true);
  const json::object* book = links ? w.Object(*links, "book", JsonPath("links"), true) : nullptr;
  const auto href = book ? w.String(*book, "href", JsonPath("links.book"), true) : std::nullopt;
  if (href && !IsRapidPath(*href, "/v3/itineraries")) w.Fail(JsonPath("links.book.href"), "not a rapid itinerary path");
  // Rapid's price check may also restate the rate's terms; without them the search's stand.
  const bool refundable = w.Bool(*o, "refundable", document, false).value_or(true);
  if (w.failed() || !price || !href) return w.error();
  auto policy = ReadPolicy(w, *o, *price, request.check_in, refundable, document);
  const auto left = w.Integer(*o, "available_rooms", document, false, 0, INT_MAX);
  const auto room_name = w.String(*o, "room_name", document, false);
  const auto merchant = w.String(*o, "merchant_of_record", document, false);
  if (w.failed() || !policy) return w.error();
  Rate& r = quote.rate;
  r.rate_token = std::string(*href);
  r.room_name = std::string(room_name.value_or(""));
  r.board = BoardFromAmenities(w.Member(*o, "amenities", document, false));
  r.net = price->total;
  r.selling_floor = price->minimum_selling;
  r.refundable = refundable;
  r.cancellation = std::move(*policy);
  r.rooms_left = left ? static_cast<int>(*left) : -1;
  r.recheck_required = false;
  r.payment = merchant && *merchant == "property" ? PaymentType::kAtHotel : PaymentType::kAtWeb;
  // A price the caller did not expect is a change even if the supplier calls it available.
  if (quote.status == QuoteStatus::kAvailable && request.expected_net && *request.expected_net != r.net) {
    quote.status = QuoteStatus::kPriceChanged;
  }
  return quote;
}

}  // namespace hotel::supplier::rapid
