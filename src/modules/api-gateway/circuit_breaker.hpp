// A circuit breaker per upstream: stop calling an upstream that keeps failing, probe it
// again after a cool-down, and export the state as a gauge (0 closed, 1 half-open, 2 open).
#pragma once

#include "core/clock.hpp"
#include "runtime/metrics.hpp"

#include <atomic>
#include <chrono>
#include <mutex>

namespace hotel::api_gateway {

enum class BreakerState { closed = 0, half_open = 1, open = 2 };

struct BreakerOptions {
  int failure_threshold = 5;                  // consecutive failures (incl. timeouts) that open it
  std::chrono::milliseconds open_for{30000};  // cool-down before probing
  int half_open_probes = 1;                   // probes in flight at once while half-open
};

class CircuitBreaker;

// The permission to make one call, or a refusal. An admitted call reports its outcome with
// Succeeded()/Failed(); a ticket dropped without a verdict (the caller was cancelled) only
// gives its probe slot back, so a half-open breaker cannot get stuck.
class BreakerTicket {
 public:
  BreakerTicket(BreakerTicket&& other) noexcept;
  BreakerTicket& operator=(BreakerTicket&&) = delete;
  ~BreakerTicket();

  bool admitted() const { return breaker_ != nullptr; }
  // For a refusal: how long until the breaker may admit again (for Retry-After).
  std::chrono::milliseconds retry_after() const { return retry_after_; }
  void Succeeded();
  void Failed();

 private:
  friend class CircuitBreaker;
  BreakerTicket(CircuitBreaker* breaker, bool probe, std::chrono::milliseconds retry_after)
      : breaker_(breaker), probe_(probe), retry_after_(retry_after) {}
  CircuitBreaker* breaker_;
  bool probe_;
  std::chrono::milliseconds retry_after_;
};

// Thread-safe. While closed, admitting and recording a success are lock-free (the hot path);
// failures and every transition take the breaker's own mutex (one per upstream).
// Open -> half-open happens on the first Admit() after the cool-down, so the gauge shows 2
// until traffic arrives to probe.
class CircuitBreaker {
 public:
  CircuitBreaker(BreakerOptions options, const Clock& clock, runtime::Gauge* state_gauge = nullptr);
  CircuitBreaker(const CircuitBreaker&) = delete;
  CircuitBreaker& operator=(const CircuitBreaker&) = delete;

  BreakerTicket Admit();
  BreakerState state() const { return state_.load(std::memory_order_acquire); }

 private:
  friend class BreakerTicket;
  void Record(bool probe, bool success);
  void Release(bool probe);
  void SetStateLocked(BreakerState s);

  const BreakerOptions options_;
  const Clock& clock_;
  runtime::Gauge* gauge_;
  std::atomic<BreakerState> state_{BreakerState::closed};
  std::atomic<int> consecutive_failures_{0};
  std::mutex mutex_;
  Instant opened_at_{};
  int probes_in_flight_ = 0;
};

}  // namespace hotel::api_gateway
