// Calendar dates and instants on the wire: stay dates are hotel-local calendar dates, counted
// as days since 1970-01-01 (nights by subtraction, never through a time zone); instants are
// UTC (core/clock.hpp) and parsed from ISO 8601 with their offset.
#pragma once

#include "core/clock.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel {

struct Date {
  std::int64_t days = 0;
  auto operator<=>(const Date&) const = default;
  Date operator+(std::int64_t n) const { return Date{days + n}; }
  Date operator-(std::int64_t n) const { return Date{days - n}; }
  std::int64_t operator-(Date other) const { return days - other.days; }
};

// Strict "YYYY-MM-DD": four-digit year 2000..2199, a real month and day (no "2026-02-30", no
// time part).
std::optional<Date> ParseDate(std::string_view text);
std::string FormatDate(Date d);
Date DateOf(Instant t);  // the UTC calendar date of an instant

// The nights of a stay: check_in, ..., check_out - 1.
std::vector<Date> NightsOf(Date check_in, Date check_out);

// ISO 8601 date-time with an offset: "2026-12-01T23:59:00Z", "…T23:59:00.5+01:00", "…+0100".
// Without an offset (a hotel-local time whose zone is unknown) it returns nullopt.
std::optional<Instant> ParseIso8601(std::string_view text);

// A supplier's deadline in the hotel's local time. With an offset it is exact; without one the
// hotel's zone is unknown, and the earliest instant it can mean is taken (the local time read in
// UTC+14, the easternmost zone), the field's convention for staying on the safe side.
// "YYYY-MM-DD" alone means the start of that day. nullopt when unparseable.
std::optional<Instant> ParseLocalDeadline(std::string_view text);

}  // namespace hotel
