// Injectable time: production reads the system clock, tests set it by hand.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace hotel {

using Instant = std::chrono::system_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Instant Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Instant Now() const override { return std::chrono::system_clock::now(); }
};

class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant start) : now_(start.time_since_epoch().count()) {}
  Instant Now() const override { return Instant(Instant::duration(now_.load())); }
  void Advance(Instant::duration d) { now_ += d.count(); }
  void Set(Instant t) { now_ = t.time_since_epoch().count(); }

 private:
  std::atomic<Instant::rep> now_;
};

// The instants the platform takes from outside as numbers (a token's iat/exp, a cursor, a
// sealed offer's expiry): system_clock counts nanoseconds in int64, which ends in 2262, so a
// count is accepted only within [1970-01-01, 2200-01-01) and converted without overflow.
inline constexpr std::int64_t kMaxUnixSeconds = 7'258'118'400;  // 2200-01-01T00:00:00Z
constexpr bool UnixSecondsInBounds(std::int64_t s) { return s >= 0 && s < kMaxUnixSeconds; }
std::optional<Instant> InstantFromUnixSeconds(std::int64_t seconds);  // nullopt outside the bounds
std::optional<Instant> InstantFromUnixMillis(std::int64_t millis);    // likewise

// "2026-11-25T20:36:23.123Z" (millisecond precision, UTC; years 0000–9999). Plain arithmetic:
// no gmtime_r, whose time-zone lock serialises threads formatting many instants.
std::string FormatIso8601(Instant t);
void AppendIso8601(std::string& out, Instant t);

}  // namespace hotel
