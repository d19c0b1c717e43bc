// CircuitBreaker transitions on an injected clock, and its state gauge.
#include "modules/api-gateway/circuit_breaker.hpp"

#include <gtest/gtest.h>

namespace hotel::api_gateway {
namespace {

using namespace std::chrono_literals;

class CircuitBreakerTest : public ::testing::Test {
 protected:
  CircuitBreakerTest()
      : gauge_(metrics_.AddGauge("gateway_upstream_breaker_state", "state", {"upstream"}).WithLabels({"orders"})),
        breaker_({.failure_threshold = 3, .open_for = 10s, .half_open_probes = 1}, clock_, &gauge_) {}

  void Fail(int n) {
    for (int i = 0; i < n; ++i) {
      auto t = breaker_.Admit();
      ASSERT_TRUE(t.admitted());
      t.Failed();
    }
  }

  runtime::MetricsRegistry metrics_;
  ManualClock clock_{Instant(std::chrono::seconds(1'800'000'000))};
  runtime::Gauge& gauge_;
  CircuitBreaker breaker_;
};

TEST_F(CircuitBreakerTest, StaysClosedBelowTheThreshold) {
  Fail(2);
  EXPECT_EQ(breaker_.state(), BreakerState::closed);
  EXPECT_EQ(gauge_.Value(), 0);
}

TEST_F(CircuitBreakerTest, OpensAfterConsecutiveFailuresAndRefusesWithRetryAfter) {
  Fail(3);
  EXPECT_EQ(breaker_.state(), BreakerState::open);
  EXPECT_EQ(gauge_.Value(), 2);
  clock_.Advance(4s);
  auto refused = breaker_.Admit();
  EXPECT_FALSE(refused.admitted());
  EXPECT_EQ(refused.retry_after(), 6s);
}

TEST_F(CircuitBreakerTest, ASuccessResetsTheConsecutiveCount) {
  Fail(2);
  breaker_.Admit().Succeeded();
  Fail(2);
  EXPECT_EQ(breaker_.state(), BreakerState::closed);
  Fail(1);
  EXPECT_EQ(breaker_.state(), BreakerState::open);
}

TEST_F(CircuitBreakerTest, AfterTheCoolDownAdmitsOneProbeAndASuccessCloses) {
  Fail(3);
  clock_.Advance(10s);
  auto probe = breaker_.Admit();
  ASSERT_TRUE(probe.admitted());
  EXPECT_EQ(breaker_.state(), BreakerState::half_open);
  EXPECT_EQ(gauge_.Value(), 1);
  auto second = breaker_.Admit();
  EXPECT_FALSE(second.admitted()) << "only one probe at a time";
  EXPECT_EQ(second.retry_after(), 1s);
  probe.Succeeded();
  EXPECT_EQ(breaker_.state(), BreakerState::closed);
  EXPECT_EQ(gauge_.Value(), 0);
  EXPECT_TRUE(breaker_.Admit().admitted());
}

TEST_F(CircuitBreakerTest, AFailedProbeReopensForAnotherCoolDown) {
  Fail(3);
  clock_.Advance(10s);
  breaker_.Admit().Failed();
  EXPECT_EQ(breaker_.state(), BreakerState::open);
  EXPECT_EQ(gauge_.Value(), 2);
  clock_.Advance(9s);
  EXPECT_FALSE(breaker_.Admit().admitted());
  clock_.Advance(1s);
  EXPECT_TRUE(breaker_.Admit().admitted());
}

TEST_F(CircuitBreakerTest, AnAbandonedProbeGivesItsSlotBack) {
  Fail(3);
  clock_.Advance(10s);
  { auto probe = breaker_.Admit(); ASSERT_TRUE(probe.admitted()); }  // caller cancelled: no verdict
  EXPECT_EQ(breaker_.state(), BreakerState::half_open);
  auto next = breaker_.Admit();
  EXPECT_TRUE(next.admitted());
  next.Succeeded();
  EXPECT_EQ(breaker_.state(), BreakerState::closed);
}

TEST_F(CircuitBreakerTest, LateResultsOfCallsAdmittedBeforeOpeningDoNotCount) {
  auto early = breaker_.Admit();
  Fail(3);
  early.Succeeded();  // admitted while closed, finishes while open
  EXPECT_EQ(breaker_.state(), BreakerState::open);
}

TEST_F(CircuitBreakerTest, SeveralProbesWhenConfigured) {
  CircuitBreaker b({.failure_threshold = 1, .open_for = 1s, .half_open_probes = 2}, clock_);
  b.Admit().Failed();
  clock_.Advance(1s);
  auto p1 = b.Admit();
  auto p2 = b.Admit();
  auto p3 = b.Admit();
  EXPECT_TRUE(p1.admitted());
  EXPECT_TRUE(p2.admitted());
  EXPECT_FALSE(p3.admitted());
  p1.Succeeded();
  EXPECT_EQ(b.state(), BreakerState::closed);
  p2.Failed();  // a probe answering after the breaker closed changes nothing
  EXPECT_EQ(b.state(), BreakerState::closed);
}

}  // namespace
}  // namespace hotel::api_gateway
