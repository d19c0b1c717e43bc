// ota-xml response parsers and error mapping (see ota_wire.hpp). Strict about structure and
// money (a rate whose amount cannot be read is not sold), tolerant of what a supplier may add
// (unknown meal plans skip that rate; unknown elements are ignored).
#include "modules/supplier-adapter/connectors/ota/ota_wire.hpp"

#include "modules/supplier-adapter/connectors/ota/ota_xml.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <utility>
#include <vector>

namespace hotel::supplier::ota {
namespace {

using xml::Attr;
using xml::Child;
using xml::ForEach;
using xml::Path;

constexpr std::int64_t kMaxNights = 366;

Error Broken(std::string_view what, std::string detail) {
  return Error::Unavailable(fmt::format("ota-xml {}: {}", what, detail));
}

template <class T>
std::optional<T> ParseNumber(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  T v{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

bool IsTrue(std::string_view s) { return s == "true" || s == "1"; }

// An OTA amount: decimal text ("205.40"), or implied decimals ("20540" with DecimalPlaces="2").
// `fallback_currency` applies when the element has no CurrencyCode. Negative amounts are not
// prices: nullopt, as for anything unreadable.
std::optional<Money> AmountOf(const pugi::xml_node& node, const char* attribute, std::string_view fallback_currency = {}) {
  std::string_view text = Attr(node, attribute);
  std::string_view currency = Attr(node, "CurrencyCode");
  if (currency.empty()) currency = fallback_currency;
  if (text.empty() || !IsCurrencyCode(currency)) return std::nullopt;
  std::string decimal;
  const std::string_view places_text = Attr(node, "DecimalPlaces");
  if (!places_text.empty() && text.find('.') == std::string_view::npos) {
    auto places = ParseNumber<int>(places_text);
    if (!places || *places < 0 || *places > 18) return std::nullopt;
    if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
    decimal = std::string(text);
    if (*places > 0) {
      const auto p = static_cast<std::size_t>(*places);
      if (decimal.size() <= p) decimal.insert(0, p + 1 - decimal.size(), '0');
      decimal.insert(decimal.size() - p, 1, '.');
    }
    text = decimal;
  }
  auto money = ParseMoney(text, currency);
  if (!money || money->minor < 0) return std::nullopt;
  return money;
}

// The first <Error> of <Errors>, as the port's error; nullopt when the answer has none.
std::optional<Error> OtaErrors(const pugi::xml_node& root, std::string_view what) {
  pugi::xml_node errors = Child(root, "Errors");
  if (!errors) return std::nullopt;
  pugi::xml_node error = Child(errors, "Error");
  const int type = ParseNumber<int>(Attr(error, "Type")).value_or(0);
  const int code = ParseNumber<int>(Attr(error, "Code")).value_or(0);
  std::string_view text = Attr(error, "ShortText");
  if (text.empty()) text = xml::Text(error);
  return Error{ErrcForOtaError(type, code),
               fmt::format("ota-xml {}: supplier error {} (type {}): {}", what, code, type, Excerpt(text)),
               {}};
}

// The common envelope: parsed, an OTA root of the right kind, no <Errors>, a <Success/>.
Result<pugi::xml_node> Envelope(pugi::xml_document& doc, std::string_view body,
                                std::initializer_list<std::string_view> roots, std::string_view what) {
  auto root = xml::Load(doc, body, roots, what);
  if (!root) return root.error();
  if (auto e = OtaErrors(*root, what)) return *e;
  if (!Child(*root, "Success")) return Broken(what, "answer has neither <Success/> nor <Errors>: " + Excerpt(body));
  return *root;
}

BookingStatus StatusOf(std::string_view s) {
  if (s == "Committed" || s == "Confirmed" || s == "Reserved" || s == "Book") return BookingStatus::kConfirmed;
  if (s == "Pending" || s == "Initiate" || s == "Hold") return BookingStatus::kHeld;
  if (s == "OnRequest" || s == "Requested" || s == "Waitlisted") return BookingStatus::kOnRequest;
  if (s == "Cancelled" || s == "Canceled" || s == "Cancel") return BookingStatus::kCancelled;
  if (s == "Ignored" || s == "Released" || s == "Rejected" || s == "Failed") return BookingStatus::kFailed;
  // Anything else, or nothing: never assume failure; the caller polls Retrieve.
  return BookingStatus::kUnknown;
}

// The nights of a <Rates> list, all rooms, in order (a Rate spanning several nights counts its
// Base once per night).
Result<std::vector<std::int64_t>> Nightly(const pugi::xml_node& rates, std::string_view currency, std::string_view what) {
  std::vector<std::int64_t> nightly;
  std::optional<Error> error;
  ForEach(rates, "Rate", [&](const pugi::xml_node& rate) {
    if (error) return;
    auto base = AmountOf(Child(rate, "Base"), "AmountAfterTax", currency);
    if (!base || (!currency.empty() && base->currency != currency)) {
      error = Broken(what, "unreadable nightly <Base> amount " + Excerpt(Attr(Child(rate, "Base"), "AmountAfterTax")));
      return;
    }
    std::int64_t nights = 1;
    auto from = ParseDate(Attr(rate, "EffectiveDate"));
    auto to = ParseDate(Attr(rate, "ExpireDate"));
    if (from && to && *to > *from) nights = *to - *from;
    // No stay is longer than a year: more nights than that is a broken list, not a price.
    if (nights > kMaxNights - static_cast<std::int64_t>(nightly.size())) {
      error = Broken(what, "more than a year of nightly rates");
      return;
    }
    for (std::int64_t i = 0; i < nights; ++i) nightly.push_back(base->minor);
  });
  if (error) return *error;
  return nightly;
}

// A rate plan's cancellation policy for a rate of `net`: {refundable, points sorted by time}.
Result<std::pair<bool, std::vector<CancellationPenalty>>> Penalties(const pugi::xml_node& plan, const Money& net,
                                                                     const std::vector<std::int64_t>& nightly,
                                                                     const ParseContext& ctx, std::string_view what) {
  bool refundable = true;
  std::vector<CancellationPenalty> points;
  std::optional<Error> error;
  ForEach(Child(plan, "CancelPenalties"), "CancelPenalty", [&](const pugi::xml_node& p) {
    if (error) return;
    const bool non_refundable = IsTrue(Attr(p, "NonRefundable"));
    if (non_refundable) refundable = false;
    // When the penalty starts: an absolute hotel-local deadline, or one relative to arrival.
    Instant from = ctx.now;
    pugi::xml_node deadline = Child(p, "Deadline");
    if (std::string_view absolute = Attr(deadline, "AbsoluteDeadline"); !absolute.empty()) {
      auto t = ParseLocalDeadline(absolute);
      if (!t) {
        error = Broken(what, "unreadable cancellation deadline " + Excerpt(absolute));
        return;
      }
      from = *t;
    } else if (deadline) {
      auto n = ParseNumber<int>(Attr(deadline, "OffsetUnitMultiplier"));
      const std::string_view unit = Attr(deadline, "OffsetTimeUnit");
      const std::string_view drop = Attr(deadline, "OffsetDropTime");
      const std::chrono::hours unit_hours = unit == "Day" ? std::chrono::hours(24)
                                            : unit == "Week" ? std::chrono::hours(24 * 7)
                                                             : std::chrono::hours(1);
      if (!n || *n < 0 || *n > 1000 || (unit != "Day" && unit != "Hour" && unit != "Week")) {
        error = Broken(what, "unreadable relative cancellation deadline");
        return;
      }
      if (drop == "AfterBooking") {
        from = ctx.now + unit_hours * *n;
      } else {
        auto arrival = ParseLocalDeadline(FormatDate(ctx.check_in));
        from = (arrival ? *arrival : ctx.now) - unit_hours * *n;
      }
    }
    // How much: an amount, a percentage of the stay, or a number of nights.
    std::int64_t amount = net.minor;
    pugi::xml_node ap = Child(p, "AmountPercent");
    if (!Attr(ap, "Amount").empty()) {
      auto m = AmountOf(ap, "Amount", net.currency);
      if (!m || m->currency != net.currency) {
        error = Broken(what, "unreadable cancellation amount " + Excerpt(Attr(ap, "Amount")));
        return;
      }
      amount = m->minor;
    } else if (!Attr(ap, "Percent").empty()) {
      // Hundredths of a percent, read exactly as a two-decimal amount.
      auto hundredths = ParseDecimalMinor(Attr(ap, "Percent"), "EUR");
      if (!hundredths || *hundredths < 0 || *hundredths > 10000) {
        error = Broken(what, "unreadable cancellation percent " + Excerpt(Attr(ap, "Percent")));
        return;
      }
      amount = ScaleRounded(net.minor, *hundredths, 10000);
    } else if (!Attr(ap, "NmbrOfNights").empty()) {
      auto n = ParseNumber<int>(Attr(ap, "NmbrOfNights"));
      const auto stay_nights = static_cast<std::int64_t>(nightly.size());
      if (!n || *n < 0) {
        error = Broken(what, "unreadable cancellation nights " + Excerpt(Attr(ap, "NmbrOfNights")));
        return;
      }
      if (*n >= stay_nights || stay_nights == 0) {
        amount = net.minor;
      } else {
        amount = 0;
        for (int i = 0; i < *n; ++i) amount += nightly[static_cast<std::size_t>(i)];
      }
    } else if (!non_refundable) {
      error = Broken(what, "cancellation penalty without an amount");
      return;
    }
    points.push_back({from, Money{amount, net.currency}});
  });
  if (error) return *error;
  if (!refundable && points.empty()) points.push_back({ctx.now, net});
  std::stable_sort(points.begin(), points.end(), [](const auto& a, const auto& b) { return a.from < b.from; });
  return std::pair{refundable, std::move(points)};
}

std::optional<Board> PlanBoard(const pugi::xml_node& plan) {
  pugi::xml_node meals = Child(plan, "MealsIncluded");
  if (!meals) return Board::kRoomOnly;
  if (std::string_view codes = Attr(meals, "MealPlanCodes"); !codes.empty()) return BoardFromMealPlanCodes(codes);
  const bool breakfast = IsTrue(Attr(meals, "Breakfast"));
  const bool lunch = IsTrue(Attr(meals, "Lunch"));
  const bool dinner = IsTrue(Attr(meals, "Dinner"));
  if (breakfast && lunch && dinner) return Board::kFullBoard;
  if (breakfast && (lunch || dinner)) return Board::kHalfBoard;
  if (breakfast) return Board::kBedAndBreakfast;
  return Board::kRoomOnly;
}

std::string RoomName(const pugi::xml_node& type) {
  pugi::xml_node description = Child(type, "RoomDescription");
  if (std::string_view name = Attr(description, "Name"); !name.empty()) return std::string(name);
  if (std::string_view text = xml::Text(Child(description, "Text")); !text.empty()) return std::string(text);
  return std::string(Attr(type, "RoomTypeCode"));
}

// One RoomStay's rates. A RoomStay may list one or many room types and rate plans; RoomRates
// link them by code.
Result<std::vector<Rate>> RoomStayRates(const pugi::xml_node& stay, const ParseContext& ctx, std::string_view what) {
  std::map<std::string_view, pugi::xml_node> types, plans;
  ForEach(Child(stay, "RoomTypes"), "RoomType", [&](const pugi::xml_node& t) { types.emplace(Attr(t, "RoomTypeCode"), t); });
  ForEach(Child(stay, "RatePlans"), "RatePlan", [&](const pugi::xml_node& p) { plans.emplace(Attr(p, "RatePlanCode"), p); });
  std::vector<Rate> rates;
  std::optional<Error> error;
  ForEach(Child(stay, "RoomRates"), "RoomRate", [&](const pugi::xml_node& rr) {
    if (error) return;
    const std::string_view room = Attr(rr, "RoomTypeCode");
    const std::string_view plan_code = Attr(rr, "RatePlanCode");
    const std::string_view booking_code = Attr(rr, "BookingCode");
    if (room.empty() || plan_code.empty() || booking_code.empty()) {
      error = Broken(what, "RoomRate without RoomTypeCode, RatePlanCode or BookingCode");
      return;
    }
    auto plan = plans.find(plan_code);
    if (plan == plans.end()) {
      error = Broken(what, "RoomRate refers to an undeclared rate plan " + Excerpt(plan_code));
      return;
    }
    auto board = PlanBoard(plan->second);
    if (!board) return;  // a meal plan we do not know: not sold rather than sold wrong
    pugi::xml_node total_node = Child(rr, "Total");
    std::optional<Money> total = AmountOf(total_node, "AmountAfterTax");
    if (total_node && !total) {
      error = Broken(what, "unreadable RoomRate total " + Excerpt(Attr(total_node, "AmountAfterTax")));
      return;
    }
    auto nightly = Nightly(Child(rr, "Rates"), total ? std::string_view(total->currency) : std::string_view(), what);
    if (!nightly) {
      error = nightly.error();
      return;
    }
    if (!total) {
      // No Total: the sum of the nights, in the currency of the first one.
      auto first = AmountOf(Path(rr, {"Rates", "Rate", "Base"}), "AmountAfterTax");
      if (!first || nightly->empty()) {
        error = Broken(what, "RoomRate without a readable total");
        return;
      }
      std::int64_t sum = 0;
      for (std::int64_t n : *nightly) {
        if (__builtin_add_overflow(sum, n, &sum)) {
          error = Broken(what, "RoomRate nightly amounts overflow");
          return;
        }
      }
      total = Money{sum, first->currency};
    }
    Rate rate;
    rate.rate_token = MakeRateToken({std::string(room), std::string(plan_code), std::string(booking_code)});
    rate.room_code = std::string(room);
    auto type = types.find(room);
    rate.room_name = type != types.end() ? RoomName(type->second) : std::string(room);
    rate.board = *board;
    rate.net = *total;
    if (std::string_view units = Attr(rr, "NumberOfUnits"); !units.empty()) {
      auto n = ParseNumber<int>(units);
      if (!n || *n < 0) {
        error = Broken(what, "unreadable NumberOfUnits " + Excerpt(units));
        return;
      }
      rate.rooms_left = *n;
    }
    auto policy = Penalties(plan->second, rate.net, *nightly, ctx, what);
    if (!policy) {
      error = policy.error();
      return;
    }
    rate.refundable = policy->first;
    rate.cancellation = std::move(policy->second);
    rates.push_back(std::move(rate));
  });
  if (error) return *error;
  return rates;
}

pugi::xml_node ReservationNode(const pugi::xml_node& root) {
  if (auto r = Path(root, {"HotelReservations", "HotelReservation"})) return r;
  return Path(root, {"ReservationsList", "HotelReservation"});
}

}  // namespace

Errc ErrcForOtaError(int type, int code) {
  switch (code) {
    case 497: return Errc::upstream_unavailable;
    case 322: return Errc::sold_out;
    case 189: return Errc::price_changed;
    case 95:
    case 16:
    case 356: return Errc::conflict;
    case 245: return Errc::not_found;
    case 450: return Errc::gone;
    case 187:
    case 448: return Errc::upstream_unavailable;
    default: break;
  }
  // Authentication, authentication timeout, authorization.
  if (type == 4 || type == 5 || type == 6) return Errc::upstream_unavailable;
  return Errc::validation_failed;
}

std::optional<Error> ErrorForHttpStatus(int status, std::string_view body, std::string_view retry_after) {
  if (status == 200) return std::nullopt;
  std::string lower(body.substr(0, 4096));
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  const bool over_quota = lower.find("qps") != std::string::npos || lower.find("quota") != std::string::npos ||
                          lower.find("rate limit") != std::string::npos;
  if (status == 429 || (status == 403 && over_quota)) {
    std::string detail = fmt::format("ota-xml supplier is throttling (HTTP {})", status);
    if (auto seconds = ParseNumber<int>(retry_after); seconds && *seconds >= 0) {
      detail += fmt::format("; retry after {} ms", static_cast<std::int64_t>(*seconds) * 1000);
    }
    return Error{Errc::rate_limited, std::move(detail), {}};
  }
  if (status == 401 || status == 403) {
    return Error{Errc::upstream_unavailable, fmt::format("ota-xml supplier refused our credentials (HTTP {})", status), {}};
  }
  if (status == 400 || status == 413 || status == 422) {
    return Error{Errc::validation_failed, fmt::format("ota-xml supplier rejected the request (HTTP {}): {}", status, Excerpt(body)), {}};
  }
  return Error::Unavailable(fmt::format("ota-xml supplier answered HTTP {}: {}", status, Excerpt(body)));
}

Result<SearchResult> ParseAvailRS(std::string_view body, const ParseContext& context) {
  constexpr std::string_view what = "availability";
  pugi::xml_document doc;
  auto root = Envelope(doc, body, {"OTA_HotelAvailRS"}, what);
  if (!root) return root.error();
  SearchResult result;
  std::map<std::string, std::size_t, std::less<>> by_hotel;
  std::optional<Error> error;
  ForEach(Child(*root, "RoomStays"), "RoomStay", [&](const pugi::xml_node& stay) {
    if (error) return;
    const std::string_view hotel = Attr(Child(stay, "BasicPropertyInfo"), "HotelCode");
    if (hotel.empty()) {
      error = Broken(what, "RoomStay without BasicPropertyInfo HotelCode");
      return;
    }
    auto rates = RoomStayRates(stay, context, what);
    if (!rates) {
      error = rates.error();
      return;
    }
    if (rates->empty()) return;
    auto [it, inserted] = by_hotel.try_emplace(std::string(hotel), result.hotels.size());
    if (inserted) result.hotels.push_back(HotelOffers{std::string(hotel), {}});
    auto& target = result.hotels[it->second].rates;
    std::move(rates->begin(), rates->end(), std::back_inserter(target));
  });
  if (error) return *error;
  return result;
}

Result<Booking> ParseReservationRS(std::string_view body, const ParseContext& context) {
  constexpr std::string_view what = "reservation";
  pugi::xml_document doc;
  auto root = Envelope(doc, body, {"OTA_HotelResRS", "OTA_ResRetrieveRS"}, what);
  if (!root) return root.error();
  pugi::xml_node reservation = ReservationNode(*root);
  if (!reservation) return Broken(what, "answer without a HotelReservation: " + Excerpt(body));
  Booking b;
  std::string_view status = Attr(reservation, "ResStatus");
  if (status.empty()) status = Attr(*root, "ResResStatus");
  if (status.empty()) status = Attr(*root, "ResResponseType");
  b.status = StatusOf(status);
  const auto take_reference = [&b](std::string_view type, std::string_view value) {
    if (type == "14" && b.supplier_reference.empty()) b.supplier_reference = std::string(value);
    if (type == "16" && b.client_reference.empty()) b.client_reference = std::string(value);
  };
  ForEach(Path(reservation, {"ResGlobalInfo", "HotelReservationIDs"}), "HotelReservationID",
          [&](const pugi::xml_node& id) { take_reference(Attr(id, "ResID_Type"), Attr(id, "ResID_Value")); });
  ForEach(reservation, "UniqueID", [&](const pugi::xml_node& id) { take_reference(Attr(id, "Type"), Attr(id, "ID")); });
  if (b.supplier_reference.empty()) return Broken(what, "answer without the supplier's reservation id (ResID_Type 14)");

  ParseContext ctx = context;
  pugi::xml_node stay = Path(reservation, {"RoomStays", "RoomStay"});
  b.hotel_code = std::string(Attr(Child(stay, "BasicPropertyInfo"), "HotelCode"));
  pugi::xml_node span = Child(stay, "TimeSpan");
  if (auto d = ParseDate(Attr(span, "Start"))) b.check_in = ctx.check_in = *d;
  if (auto d = ParseDate(Attr(span, "End"))) b.check_out = ctx.check_out = *d;
  if (pugi::xml_node total = Child(stay, "Total")) {
    auto net = AmountOf(total, "AmountAfterTax");
    if (!net) return Broken(what, "unreadable reservation total " + Excerpt(Attr(total, "AmountAfterTax")));
    b.net = *net;
    auto policy = Penalties(Path(stay, {"RatePlans", "RatePlan"}), b.net, {}, ctx, what);
    if (!policy) return policy.error();
    b.cancellation = std::move(policy->second);
  }
  if (pugi::xml_node charge = Path(reservation, {"TPA_Extensions", "CancellationCharge"})) {
    auto penalty = AmountOf(charge, "Amount");
    if (!penalty) return Broken(what, "unreadable cancellation charge " + Excerpt(Attr(charge, "Amount")));
    b.cancellation_penalty = *penalty;
  }
  return b;
}

Result<CancelOutcome> ParseCancelRS(std::string_view body) {
  constexpr std::string_view what = "cancellation";
  pugi::xml_document doc;
  auto root = Envelope(doc, body, {"OTA_CancelRS"}, what);
  if (!root) return root.error();
  CancelOutcome out;
  const std::string_view status = Attr(*root, "Status");
  out.status = StatusOf(status);
  const auto take_reference = [&out](const pugi::xml_node& id) {
    if (Attr(id, "Type") == "14" && out.supplier_reference.empty()) out.supplier_reference = std::string(Attr(id, "ID"));
  };
  ForEach(*root, "UniqueID", take_reference);
  pugi::xml_node info = Child(*root, "CancelInfoRS");
  ForEach(info, "UniqueID", take_reference);
  std::optional<Error> error;
  ForEach(Child(info, "CancelRules"), "CancelRule", [&](const pugi::xml_node& rule) {
    if (error || Attr(rule, "Amount").empty()) return;
    auto m = AmountOf(rule, "Amount");
    if (!m || (out.penalty && out.penalty->currency != m->currency) ||
        (out.penalty && __builtin_add_overflow(out.penalty->minor, m->minor, &m->minor))) {
      error = Broken(what, "unreadable CancelRule amount " + Excerpt(Attr(rule, "Amount")));
      return;
    }
    out.penalty = *m;
  });
  if (error) return *error;
  return out;
}

Result<ContentPage> ParseDescriptiveInfoRS(std::string_view body, std::int64_t start, int max) {
  constexpr std::string_view what = "content";
  pugi::xml_document doc;
  auto root = Envelope(doc, body, {"OTA_HotelDescriptiveInfoRS"}, what);
  if (!root) return root.error();
  pugi::xml_node list = Child(*root, "HotelDescriptiveContents");
  ContentPage page;
  if (std::string_view total = Attr(list, "Total"); !total.empty()) {
    auto t = ParseNumber<std::int64_t>(total);
    if (!t || *t < 0) return Broken(what, "unreadable Total " + Excerpt(total));
    page.total = *t;
  }
  std::int64_t entries = 0;
  const auto coordinate = [](std::string_view s) {
    auto v = ParseNumber<double>(s);
    return v && std::isfinite(*v) && std::fabs(*v) <= 180 ? *v : 0.0;
  };
  ForEach(list, "HotelDescriptiveContent", [&](const pugi::xml_node& h) {
    ++entries;
    ContentHotel hotel;
    hotel.code = std::string(Attr(h, "HotelCode"));
    if (hotel.code.empty()) return;  // nothing a mapper could refer to
    hotel.name = std::string(Attr(h, "HotelName"));
    hotel.chain = std::string(Attr(h, "ChainCode"));
    if (hotel.chain.empty()) hotel.chain = std::string(Attr(h, "BrandName"));
    pugi::xml_node info = Child(h, "HotelInfo");
    if (auto stars = ParseNumber<int>(Attr(Path(info, {"CategoryCodes", "HotelCategory"}), "Code"));
        stars && *stars >= 0 && *stars <= 7) {
      hotel.stars = *stars;
    }
    pugi::xml_node position = Child(info, "Position");
    hotel.lat = coordinate(Attr(position, "Latitude"));
    hotel.lon = coordinate(Attr(position, "Longitude"));
    pugi::xml_node contact = Path(h, {"ContactInfos", "ContactInfo"});
    pugi::xml_node address = Path(contact, {"Addresses", "Address"});
    ForEach(address, "AddressLine", [&](const pugi::xml_node& line) {
      if (std::string_view text = xml::Text(line); !text.empty()) {
        if (!hotel.address.empty()) hotel.address += ", ";
        hotel.address += text;
      }
    });
    hotel.city = std::string(xml::Text(Child(address, "CityName")));
    hotel.postcode = std::string(xml::Text(Child(address, "PostalCode")));
    std::string_view country = Attr(Child(address, "CountryName"), "Code");
    if (country.size() == 2 && std::isalpha(static_cast<unsigned char>(country[0])) &&
        std::isalpha(static_cast<unsigned char>(country[1]))) {
      hotel.country = {static_cast<char>(std::toupper(static_cast<unsigned char>(country[0]))),
                       static_cast<char>(std::toupper(static_cast<unsigned char>(country[1])))};
    }
    hotel.phone = std::string(Attr(Path(contact, {"Phones", "Phone"}), "PhoneNumber"));
    page.hotels.push_back(std::move(hotel));
  });
  const std::int64_t next = start + entries;
  const bool more = page.total >= 0 ? next < page.total : entries >= max;
  if (entries > 0 && more) page.next_cursor = std::to_string(next);
  return page;
}

}  // namespace hotel::supplier::ota
