// InProcessRateLimiter: exact counts under concurrency, window reset on an injected clock,
// bounded memory.
#include "modules/api-gateway/in_process_rate_limiter.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace hotel::api_gateway {
namespace {

using namespace std::chrono_literals;

const Instant kStart = Instant(std::chrono::seconds(1'800'000'000));

TEST(InProcessRateLimiter, ExactlyMaxAllowedUnderParallelAcquiresOnOneKey) {
  InProcessRateLimiter limiter;
  ManualClock clock(kStart);
  const Policy policy{100, 60s};
  std::atomic<int> allowed{0};
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    // 8 threads x 63 = 504 attempts, released together to maximise contention.
    threads.emplace_back([&] {
      while (!go.load()) std::this_thread::yield();
      for (int i = 0; i < 63; ++i) allowed += limiter.TryAcquire("key_hot", policy, clock.Now()).allowed;
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 100);
}

TEST(InProcessRateLimiter, ExactPerKeyWhenManyKeysAreHitInParallel) {
  InProcessRateLimiter limiter({.shards = 4});
  const Policy policy{10, 60s};
  std::vector<std::atomic<int>> allowed(32);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 32 * 20; ++i) {
        const int k = (i + t) % 32;
        allowed[k] += limiter.TryAcquire("usr_" + std::to_string(k), policy, kStart).allowed;
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int k = 0; k < 32; ++k) EXPECT_EQ(allowed[k].load(), 10) << "key " << k;
}

TEST(InProcessRateLimiter, ReportsRemainingAndResetThenRefuses) {
  InProcessRateLimiter limiter;
  const Policy policy{3, 10s};
  auto d1 = limiter.TryAcquire("k", policy, kStart);
  EXPECT_TRUE(d1.allowed);
  EXPECT_EQ(d1.limit, 3u);
  EXPECT_EQ(d1.remaining, 2u);
  EXPECT_EQ(d1.reset_after, 10s);
  limiter.TryAcquire("k", policy, kStart + 1s);
  auto d3 = limiter.TryAcquire("k", policy, kStart + 2500ms);
  EXPECT_TRUE(d3.allowed);
  EXPECT_EQ(d3.remaining, 0u);
  EXPECT_EQ(d3.reset_after, 7500ms);  // the window started with the first request
  auto d4 = limiter.TryAcquire("k", policy, kStart + 4s);
  EXPECT_FALSE(d4.allowed);
  EXPECT_EQ(d4.remaining, 0u);
  EXPECT_EQ(d4.reset_after, 6s);
}

TEST(InProcessRateLimiter, WindowResetRestoresTheWholeQuota) {
  InProcessRateLimiter limiter;
  ManualClock clock(kStart);
  const Policy policy{2, 1s};
  EXPECT_TRUE(limiter.TryAcquire("k", policy, clock.Now()).allowed);
  EXPECT_TRUE(limiter.TryAcquire("k", policy, clock.Now()).allowed);
  clock.Advance(999ms);
  EXPECT_FALSE(limiter.TryAcquire("k", policy, clock.Now()).allowed);
  clock.Advance(1ms);
  auto d = limiter.TryAcquire("k", policy, clock.Now());
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.remaining, 1u);
  EXPECT_EQ(d.reset_after, 1s);
}

TEST(InProcessRateLimiter, DeniedRequestsDoNotExtendTheBlock) {
  InProcessRateLimiter limiter;
  const Policy policy{1, 1s};
  EXPECT_TRUE(limiter.TryAcquire("k", policy, kStart).allowed);
  for (int i = 0; i < 10; ++i) EXPECT_FALSE(limiter.TryAcquire("k", policy, kStart + i * 90ms).allowed);
  EXPECT_TRUE(limiter.TryAcquire("k", policy, kStart + 1s).allowed);
}

TEST(InProcessRateLimiter, KeysAreIndependent) {
  InProcessRateLimiter limiter;
  const Policy policy{1, 1s};
  EXPECT_TRUE(limiter.TryAcquire("usr_1", policy, kStart).allowed);
  EXPECT_FALSE(limiter.TryAcquire("usr_1", policy, kStart).allowed);
  EXPECT_TRUE(limiter.TryAcquire("usr_2", policy, kStart).allowed);
}

TEST(InProcessRateLimiter, ExpiredKeysAreEvictedByUse) {
  InProcessRateLimiter limiter({.shards = 1});
  const Policy policy{5, 1s};
  for (int i = 0; i < 1000; ++i) limiter.TryAcquire("ip-" + std::to_string(i), policy, kStart);
  EXPECT_EQ(limiter.KeyCount(), 1000u);
  // Traffic after the windows ended sweeps them away (amortised, without a timer).
  for (int i = 0; i < 2000; ++i) limiter.TryAcquire("late", policy, kStart + 2s);
  EXPECT_EQ(limiter.KeyCount(), 1u);
}

TEST(InProcessRateLimiter, SweepDropsOnlyEndedWindows) {
  InProcessRateLimiter limiter;
  limiter.TryAcquire("short", {5, 1s}, kStart);
  limiter.TryAcquire("long", {5, 60s}, kStart);
  limiter.Sweep(kStart + 2s);
  EXPECT_EQ(limiter.KeyCount(), 1u);
}

TEST(InProcessRateLimiter, MemoryIsBoundedUnderAFloodOfLiveKeys) {
  InProcessRateLimiter limiter({.shards = 2, .max_keys = 100});
  for (int i = 0; i < 10'000; ++i) limiter.TryAcquire("flood-" + std::to_string(i), {5, 60s}, kStart);
  EXPECT_LE(limiter.KeyCount(), 100u);
}

TEST(InProcessRateLimiter, PolicyChangeAppliesToTheCurrentWindow) {
  InProcessRateLimiter limiter;
  EXPECT_TRUE(limiter.TryAcquire("k", {1, 60s}, kStart).allowed);
  EXPECT_FALSE(limiter.TryAcquire("k", {1, 60s}, kStart + 1s).allowed);
  // A tenant override raised the limit: the same window now has room.
  auto d = limiter.TryAcquire("k", {3, 60s}, kStart + 2s);
  EXPECT_TRUE(d.allowed);
  EXPECT_EQ(d.remaining, 1u);
  // ...and shortened the window: it has already ended.
  EXPECT_TRUE(limiter.TryAcquire("k", {1, 1s}, kStart + 3s).allowed);
}

TEST(InProcessRateLimiter, ClockSteppingBackNeverPromisesMoreThanAWindow) {
  InProcessRateLimiter limiter;
  limiter.TryAcquire("k", {1, 10s}, kStart);
  auto d = limiter.TryAcquire("k", {1, 10s}, kStart - 1h);
  EXPECT_FALSE(d.allowed);
  EXPECT_LE(d.reset_after, 10s);
}

}  // namespace
}  // namespace hotel::api_gateway
