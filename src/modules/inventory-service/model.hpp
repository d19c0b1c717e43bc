// Inventory's domain types: calendar nights, allotment rows, holds and their states.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::inventory {

// A hotel-local calendar date ("YYYY-MM-DD"), as days since 1970-01-01: nights are counted
// by subtraction, never through a time zone.
struct Date {
  std::int64_t days = 0;
  auto operator<=>(const Date&) const = default;
  Date operator+(std::int64_t n) const { return Date{days + n}; }
  std::int64_t operator-(Date other) const { return days - other.days; }
};

// Strict: four-digit year 2000..2999, a real month and day (no "2026-02-30", no time part).
std::optional<Date> ParseDate(std::string_view text);
std::string FormatDate(Date d);

// The nights of a stay: check_in, ..., check_out - 1.
std::vector<Date> NightsOf(Date check_in, Date check_out);

inline constexpr int kMaxStayNights = 30;
inline constexpr int kMaxRooms = 9;
inline constexpr int kMaxRangeNights = 366;  // one PUT or GET of allotments
inline constexpr int kMaxTotal = 10000;

// One night of one room type's allotment. available = total - sold - held.
struct AllotmentNight {
  std::string hotel_id;
  std::string room_type;
  std::string night;  // YYYY-MM-DD
  std::int64_t total = 0;
  std::int64_t sold = 0;
  std::int64_t held = 0;
  std::string updated_at;
  std::int64_t Available() const { return total - sold - held; }
};

// held → confirmed (rooms move to sold) | released (rooms back) | expired (rooms back, by the
// sweep); confirmed → released (a cancelled booking gives its sold rooms back).
enum class HoldStatus { held, confirmed, released, expired };
std::string_view HoldStatusName(HoldStatus s);
std::optional<HoldStatus> ParseHoldStatus(std::string_view name);

struct Hold {
  std::string id;  // "hld_…"
  std::string hotel_id;
  std::string room_type;
  std::string check_in;   // YYYY-MM-DD
  std::string check_out;  // YYYY-MM-DD, exclusive
  int rooms = 0;
  HoldStatus status = HoldStatus::held;
  std::string expires_at;  // ISO 8601 UTC
  std::optional<std::string> reference;
  std::string created_at;
  std::string updated_at;
};

struct HoldRequest {
  std::string hotel_id;
  std::string room_type;
  Date check_in;
  Date check_out;
  int rooms = 1;
  std::chrono::seconds ttl{900};
  std::optional<std::string> reference;  // an order id, say: repeating it returns the same hold
};

struct HoldOutcome {
  Hold hold;
  bool created = false;  // false: an existing hold with the same reference
};

// Per night of a stay: what can still be held (0 where no allotment is loaded).
struct NightAvailability {
  std::string night;
  std::int64_t available = 0;
};

}  // namespace hotel::inventory
