// Inventory's domain types: calendar nights, allotment rows, holds and their states.
#pragma once

#include "core/date.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::inventory {

// Stay dates are core's hotel-local calendar dates.
using hotel::Date;
using hotel::FormatDate;
using hotel::NightsOf;
using hotel::ParseDate;

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
