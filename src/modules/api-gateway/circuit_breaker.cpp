// Circuit breaker transitions: closed -> open -> half-open -> closed (or open again).
#include "modules/api-gateway/circuit_breaker.hpp"

#include <algorithm>
#include <utility>

namespace hotel::api_gateway {

BreakerTicket::BreakerTicket(BreakerTicket&& other) noexcept
    : breaker_(other.breaker_), probe_(other.probe_), retry_after_(other.retry_after_) {
  other.breaker_ = nullptr;
}

BreakerTicket::~BreakerTicket() {
  if (breaker_) breaker_->Release(probe_);
}

void BreakerTicket::Succeeded() {
  if (auto* b = std::exchange(breaker_, nullptr)) b->Record(probe_, true);
}

void BreakerTicket::Failed() {
  if (auto* b = std::exchange(breaker_, nullptr)) b->Record(probe_, false);
}

CircuitBreaker::CircuitBreaker(BreakerOptions options, const Clock& clock, runtime::Gauge* state_gauge)
    : options_(options), clock_(clock), gauge_(state_gauge) {
  if (gauge_) gauge_->Set(0);
}

BreakerTicket CircuitBreaker::Admit() {
  if (state_.load(std::memory_order_acquire) == BreakerState::closed) return {this, false, {}};
  std::lock_guard lock(mutex_);
  const Instant now = clock_.Now();
  switch (state_.load(std::memory_order_relaxed)) {
    case BreakerState::closed:
      return {this, false, {}};
    case BreakerState::open: {
      const Instant reopen = opened_at_ + options_.open_for;
      if (now < reopen) {
        return {nullptr, false, std::chrono::ceil<std::chrono::milliseconds>(reopen - now)};
      }
      // probes_in_flight_ is not reset: probes of an earlier round still give their slot back.
      SetStateLocked(BreakerState::half_open);
      [[fallthrough]];
    }
    case BreakerState::half_open:
      if (probes_in_flight_ < std::max(1, options_.half_open_probes)) {
        ++probes_in_flight_;
        return {this, true, {}};
      }
      // A probe is out; its answer decides. Ask callers to come back soon, not after a full
      // cool-down.
      return {nullptr, false, std::chrono::milliseconds(1000)};
  }
  return {nullptr, false, options_.open_for};
}

void CircuitBreaker::Record(bool probe, bool success) {
  if (!probe) {
    if (success) {
      // Lock-free on the hot path: only write when there is something to reset.
      if (consecutive_failures_.load(std::memory_order_relaxed) != 0) consecutive_failures_.store(0, std::memory_order_relaxed);
      return;
    }
    std::lock_guard lock(mutex_);
    // Results of calls admitted before the breaker opened do not count twice.
    if (state_.load(std::memory_order_relaxed) != BreakerState::closed) return;
    if (consecutive_failures_.fetch_add(1, std::memory_order_relaxed) + 1 >= options_.failure_threshold) {
      opened_at_ = clock_.Now();
      SetStateLocked(BreakerState::open);
    }
    return;
  }
  std::lock_guard lock(mutex_);
  --probes_in_flight_;
  if (state_.load(std::memory_order_relaxed) != BreakerState::half_open) return;
  if (success) {
    consecutive_failures_.store(0, std::memory_order_relaxed);
    SetStateLocked(BreakerState::closed);
  } else {
    opened_at_ = clock_.Now();
    SetStateLocked(BreakerState::open);
  }
}

void CircuitBreaker::Release(bool probe) {
  if (!probe) return;
  std::lock_guard lock(mutex_);
  --probes_in_flight_;
}

void CircuitBreaker::SetStateLocked(BreakerState s) {
  state_.store(s, std::memory_order_release);
  if (gauge_) gauge_->Set(static_cast<double>(s));
}

}  // namespace hotel::api_gateway
