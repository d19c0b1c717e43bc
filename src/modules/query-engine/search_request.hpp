// A search as the API takes it (POST /api/v1/search): parsing and validation that names every
// bad field, and the normalised form the result cache keys on.
#pragma once

#include "core/clock.hpp"
#include "core/date.hpp"
#include "core/error.hpp"
#include "ports/supplier_connector.hpp"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::query {

inline constexpr int kMaxNights = 30;
inline constexpr int kMaxRooms = 9;
inline constexpr std::size_t kMaxChildrenPerRoom = 6;  // as Hotelbeds and Expedia Rapid accept
inline constexpr int kMaxDaysAhead = 730;              // check-in at most two years ahead
inline constexpr std::size_t kMaxHotelIds = 250;
inline constexpr double kMaxRadiusKm = 100;
inline constexpr int kDefaultMaxHotels = 50;
inline constexpr int kMaxMaxHotels = 200;

enum class SortOrder { kPrice, kRecommended };

struct SearchQuery {
  // Exactly one destination kind.
  std::optional<std::string> city;
  std::string country;  // with city only; "" any
  std::vector<std::string> hotel_ids;
  std::optional<double> lat, lon, radius_km;

  Date check_in, check_out;
  std::vector<supplier::RoomOccupancy> rooms;
  std::string currency;     // "" → the pricing service's default
  std::string nationality;  // "" → "GB"
  SortOrder sort = SortOrder::kPrice;
  int max_hotels = kDefaultMaxHotels;
};

// validation_failed naming each bad field. `known_currency` says whether the FX table can
// convert into a currency. A check-in is accepted while it is still that day somewhere on
// Earth (UTC−12), so a guest in Honolulu can book tonight.
Result<SearchQuery> ParseSearchQuery(std::string_view body, Instant now,
                                     const std::function<bool(std::string_view)>& known_currency);

// The query in one canonical text (defaults filled, city folded): equal for searches that must
// answer the same.
std::string CanonicalQuery(const SearchQuery& q);

// A short human summary for events and logs: "city:munchen/DE", "hotels:3", "geo:48.1,11.5,5km".
std::string DestinationSummary(const SearchQuery& q);

}  // namespace hotel::query
