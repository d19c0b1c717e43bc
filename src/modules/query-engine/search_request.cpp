// Parsing and validating a search: see search_request.hpp.
#include "modules/query-engine/search_request.hpp"

#include "core/ids.hpp"
#include "core/money.hpp"
#include "modules/matching-service/catalog_model.hpp"
#include "runtime/json.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hotel::query {
namespace {

using runtime::JsonReader;

std::optional<Date> ReadDate(JsonReader& r, std::string_view field) {
  auto text = r.Required<std::string>(field);
  if (!r.ok() && text.empty()) return std::nullopt;
  auto d = ParseDate(text);
  r.Check(field, d.has_value(), "must be a date YYYY-MM-DD");
  return d;
}

void ReadDestination(JsonReader& r, SearchQuery& q) {
  r.Object("destination", true, [&](JsonReader& d) {
    d.NoOtherFields({"city", "country", "hotelIds", "lat", "lon", "radiusKm"});
    const bool by_city = d.Optional<std::string>("city").has_value();
    const bool by_ids = d.ArraySize("hotelIds") > 0;
    auto lat = d.Optional<double>("lat");
    auto lon = d.Optional<double>("lon");
    auto radius = d.Optional<double>("radiusKm");
    const bool by_geo = lat || lon || radius;
    const int kinds = int(by_city) + int(by_ids) + int(by_geo);
    if (kinds != 1) {
      r.AddError("destination", "must be exactly one of {city, country?}, {hotelIds}, {lat, lon, radiusKm}");
      return;
    }
    if (by_city) {
      q.city = d.Optional<std::string>("city");
      d.Check("city", !matching::CityKey(*q.city).empty(), "must name a city");
      auto country = d.Optional<std::string>("country");
      if (country) {
        d.Check("country", country->size() == 2 && std::all_of(country->begin(), country->end(), ::isupper),
                "must be an ISO 3166-1 alpha-2 code (\"DE\")");
        q.country = *country;
      }
    } else if (by_ids) {
      const std::size_t n = d.ArraySize("hotelIds");
      d.Check("hotelIds", n <= kMaxHotelIds, "at most " + std::to_string(kMaxHotelIds) + " hotel ids");
      // Not objects: read them from the JSON array directly through the reader's Array is
      // for objects only, so the array is walked here.
    } else {
      d.Check("lat", lat && *lat >= -90 && *lat <= 90, "must be a latitude in -90..90");
      d.Check("lon", lon && *lon >= -180 && *lon <= 180, "must be a longitude in -180..180");
      d.Check("radiusKm", radius && *radius > 0 && *radius <= kMaxRadiusKm,
              "must be more than 0 and at most 100 (km)");
      q.lat = lat;
      q.lon = lon;
      q.radius_km = radius;
    }
  });
}

}  // namespace

Result<SearchQuery> ParseSearchQuery(std::string_view body, Instant now,
                                     const std::function<bool(std::string_view)>& known_currency) {
  auto parsed = runtime::ParseJson(body);
  if (!parsed) return parsed.error();
  if (!parsed->is_object()) return Error::Validation("body", "must be a JSON object");
  JsonReader r(*parsed);
  SearchQuery q;
  r.NoOtherFields({"destination", "checkIn", "checkOut", "rooms", "currency", "nationality", "sort", "maxHotels"});
  ReadDestination(r, q);
  // hotelIds is an array of strings: read it here with its element paths.
  if (const auto* dest = parsed->as_object().if_contains("destination"); dest && dest->is_object()) {
    if (const auto* ids = dest->as_object().if_contains("hotelIds"); ids && !q.city && !q.lat) {
      if (!ids->is_array()) {
        r.AddError("destination.hotelIds", "must be an array of hotel ids");
      } else if (ids->as_array().size() <= kMaxHotelIds) {
        const auto& arr = ids->as_array();
        for (std::size_t i = 0; i < arr.size(); ++i) {
          const std::string field = "destination.hotelIds[" + std::to_string(i) + "]";
          if (!arr[i].is_string() || !IsId(arr[i].as_string(), "htl")) {
            r.AddError(field, "must be a master hotel id (htl_…)");
          } else {
            q.hotel_ids.emplace_back(arr[i].as_string());
          }
        }
        std::sort(q.hotel_ids.begin(), q.hotel_ids.end());
        q.hotel_ids.erase(std::unique(q.hotel_ids.begin(), q.hotel_ids.end()), q.hotel_ids.end());
      }
    }
  }

  auto check_in = ReadDate(r, "checkIn");
  auto check_out = ReadDate(r, "checkOut");
  if (check_in) {
    // Still today somewhere: the latest zone is UTC−12.
    const Date earliest = DateOf(now - std::chrono::hours(12));
    r.Check("checkIn", *check_in >= earliest, "must not be in the past");
    r.Check("checkIn", *check_in - earliest <= kMaxDaysAhead,
            "must be at most " + std::to_string(kMaxDaysAhead) + " days ahead");
    q.check_in = *check_in;
  }
  if (check_in && check_out) {
    r.Check("checkOut", *check_out > *check_in, "must be after checkIn");
    r.Check("checkOut", *check_out - *check_in <= kMaxNights, "at most 30 nights after checkIn");
    q.check_out = *check_out;
  }

  const std::size_t rooms = r.ArraySize("rooms");
  // Bounded before anything is walked (an over-long list is an error, not work).
  r.Array("rooms", true, [&](JsonReader& room) {
    room.NoOtherFields({"adults", "childrenAges"});
    supplier::RoomOccupancy occ;
    occ.adults = room.Required<int>("adults");
    room.Check("adults", occ.adults >= 1 && occ.adults <= 9, "must be 1..9");
    q.rooms.push_back(std::move(occ));
  }, kMaxRooms);
  // childrenAges is an array of integers: walked directly for its element paths.
  if (const auto* arr = parsed->as_object().if_contains("rooms"); arr && arr->is_array()) {
    for (std::size_t i = 0; i < arr->as_array().size() && i < q.rooms.size(); ++i) {
      const auto& room = arr->as_array()[i];
      const auto* ages = room.is_object() ? room.as_object().if_contains("childrenAges") : nullptr;
      if (!ages || ages->is_null()) continue;
      const std::string base = "rooms[" + std::to_string(i) + "].childrenAges";
      if (!ages->is_array()) {
        r.AddError(base, "must be an array of ages");
        continue;
      }
      if (ages->as_array().size() > kMaxChildrenPerRoom) {
        r.AddError(base, "at most " + std::to_string(kMaxChildrenPerRoom) + " children per room");
        continue;
      }
      for (std::size_t j = 0; j < ages->as_array().size(); ++j) {
        const auto& a = ages->as_array()[j];
        if (!a.is_int64() || a.as_int64() < 0 || a.as_int64() > 17) {
          r.AddError(base + "[" + std::to_string(j) + "]", "must be an age 0..17");
        } else {
          q.rooms[i].child_ages.push_back(static_cast<int>(a.as_int64()));
        }
      }
    }
  }
  if (parsed->as_object().contains("rooms")) {
    r.Check("rooms", rooms >= 1 && rooms <= static_cast<std::size_t>(kMaxRooms), "must hold 1..9 rooms");
  }

  if (auto currency = r.Optional<std::string>("currency")) {
    r.Check("currency", IsCurrencyCode(*currency) && known_currency(*currency),
            "must be a currency the platform converts to (ISO 4217, e.g. \"EUR\")");
    q.currency = *currency;
  }
  if (auto nationality = r.Optional<std::string>("nationality")) {
    r.Check("nationality",
            nationality->size() == 2 && std::all_of(nationality->begin(), nationality->end(), ::isupper),
            "must be an ISO 3166-1 alpha-2 code (\"GB\")");
    q.nationality = *nationality;
  }
  if (auto sort = r.Optional<std::string>("sort")) {
    r.Check("sort", *sort == "price" || *sort == "recommended", "must be \"price\" or \"recommended\"");
    if (*sort == "recommended") q.sort = SortOrder::kRecommended;
  }
  if (auto max_hotels = r.Optional<int>("maxHotels")) {
    r.Check("maxHotels", *max_hotels >= 1 && *max_hotels <= kMaxMaxHotels, "must be 1..200");
    q.max_hotels = *max_hotels;
  }
  if (auto err = r.Finish()) return *err;
  if (q.nationality.empty()) q.nationality = "GB";
  return q;
}

std::string CanonicalQuery(const SearchQuery& q) {
  std::string out = DestinationSummary(q);
  if (!q.hotel_ids.empty()) {
    for (const auto& id : q.hotel_ids) out += "," + id;
  }
  out += "|" + FormatDate(q.check_in) + "|" + FormatDate(q.check_out) + "|";
  for (const auto& r : q.rooms) {
    out += std::to_string(r.adults);
    for (int a : r.child_ages) out += "-" + std::to_string(a);
    out += ";";
  }
  out += "|" + q.currency + "|" + q.nationality + "|" + (q.sort == SortOrder::kPrice ? "price" : "recommended") + "|" +
         std::to_string(q.max_hotels);
  return out;
}

std::string DestinationSummary(const SearchQuery& q) {
  if (q.city) return "city:" + matching::CityKey(*q.city) + (q.country.empty() ? "" : "/" + q.country);
  if (q.lat) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "geo:%.5f,%.5f,%gkm", *q.lat, *q.lon, *q.radius_km);
    return buf;
  }
  return "hotels:" + std::to_string(q.hotel_ids.size());
}

}  // namespace hotel::query
