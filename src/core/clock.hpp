// Injectable time: production reads the system clock, tests set it by hand.
#pragma once

#include <atomic>
#include <chrono>
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

// "2026-11-25T20:36:23.123Z" (millisecond precision, UTC; years 0000–9999). Plain arithmetic:
// no gmtime_r, whose time-zone lock serialises threads formatting many instants.
std::string FormatIso8601(Instant t);
void AppendIso8601(std::string& out, Instant t);

}  // namespace hotel
