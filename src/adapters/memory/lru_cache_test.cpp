// The in-process cache: TTL expiry on an injected clock, least-recently-used eviction, the
// byte bound, stats, and concurrent use from many threads (run under ASan/UBSan).
#include "adapters/memory/lru_cache.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace hotel::memory {
namespace {

using namespace std::chrono_literals;

std::shared_ptr<const std::string> V(std::string s) { return std::make_shared<const std::string>(std::move(s)); }

TEST(LruCacheTest, ValueIsReturnedUntilItsTtlPasses) {
  ManualClock clock(Instant(std::chrono::hours(1000)));
  LruCache cache({.clock = &clock});
  cache.Put("k", V("v"), 5000ms);
  auto hit = cache.Get("k");
  ASSERT_TRUE(hit);
  EXPECT_EQ(*hit, "v");
  clock.Advance(4999ms);
  EXPECT_TRUE(cache.Get("k"));
  clock.Advance(1ms);
  EXPECT_FALSE(cache.Get("k"));
  const auto stats = cache.GetStats();
  EXPECT_EQ(stats.hits, 2u);
  EXPECT_EQ(stats.misses, 1u);
  EXPECT_EQ(stats.entries, 0u) << "an expired entry found by Get is dropped";
}

TEST(LruCacheTest, EachEntryHasItsOwnTtl) {
  ManualClock clock(Instant(std::chrono::hours(1000)));
  LruCache cache({.clock = &clock});
  cache.Put("short", V("a"), 5s);
  cache.Put("long", V("b"), 60s);
  clock.Advance(10s);
  EXPECT_FALSE(cache.Get("short"));
  EXPECT_TRUE(cache.Get("long"));
}

TEST(LruCacheTest, LeastRecentlyUsedIsEvictedFirst) {
  LruCache cache({.max_entries = 3, .shards = 1});
  cache.Put("a", V("1"), 60s);
  cache.Put("b", V("2"), 60s);
  cache.Put("c", V("3"), 60s);
  EXPECT_TRUE(cache.Get("a"));  // a is now the most recent; b the least
  cache.Put("d", V("4"), 60s);
  EXPECT_FALSE(cache.Get("b"));
  EXPECT_TRUE(cache.Get("a"));
  EXPECT_TRUE(cache.Get("c"));
  EXPECT_TRUE(cache.Get("d"));
  EXPECT_EQ(cache.GetStats().evictions, 1u);
  EXPECT_EQ(cache.GetStats().entries, 3u);
}

TEST(LruCacheTest, ExpiredEntriesMakeRoomBeforeLiveOnes) {
  ManualClock clock(Instant(std::chrono::hours(1000)));
  LruCache cache({.max_entries = 2, .shards = 1, .clock = &clock});
  cache.Put("old-live", V("1"), 60s);
  cache.Put("new-expiring", V("2"), 1s);
  clock.Advance(2s);
  cache.Put("third", V("3"), 60s);
  EXPECT_TRUE(cache.Get("old-live"));
  EXPECT_TRUE(cache.Get("third"));
  EXPECT_EQ(cache.GetStats().evictions, 0u);
}

TEST(LruCacheTest, ByteBoundEvictsUntilTheNewValueFits) {
  LruCache cache({.max_entries = 100, .max_bytes = 100, .shards = 1});
  cache.Put("a", V(std::string(40, 'x')), 60s);  // 41 bytes with the key
  cache.Put("b", V(std::string(40, 'y')), 60s);  // 82
  cache.Put("c", V(std::string(40, 'z')), 60s);  // 123 > 100: a goes
  EXPECT_FALSE(cache.Get("a"));
  EXPECT_TRUE(cache.Get("b"));
  EXPECT_TRUE(cache.Get("c"));
  EXPECT_EQ(cache.GetStats().bytes, 82u);
  cache.Put("huge", V(std::string(200, 'h')), 60s);  // never fits: not cached, nothing evicted
  EXPECT_FALSE(cache.Get("huge"));
  EXPECT_TRUE(cache.Get("b"));
}

TEST(LruCacheTest, ReplacingAKeyKeepsOneEntryAndTheNewValue) {
  LruCache cache;
  cache.Put("k", V("first"), 60s);
  cache.Put("k", V("second-value"), 60s);
  EXPECT_EQ(*cache.Get("k"), "second-value");
  EXPECT_EQ(cache.GetStats().entries, 1u);
  EXPECT_EQ(cache.GetStats().bytes, 1u + 12u);
  cache.Erase("k");
  EXPECT_FALSE(cache.Get("k"));
  EXPECT_EQ(cache.GetStats().bytes, 0u);
}

TEST(LruCacheTest, AHitSharesTheStoredStringWithoutCopying) {
  LruCache cache;
  auto value = V("body");
  cache.Put("k", value, 60s);
  EXPECT_EQ(cache.Get("k").get(), value.get());
}

TEST(LruCacheTest, ConcurrentUseFromEightThreadsStaysConsistent) {
  LruCache cache({.max_entries = 512, .max_bytes = 64 * 1024, .shards = 16});
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 4000; ++i) {
        const std::string key = "key-" + std::to_string((i * 7 + t) % 1000);
        if (i % 3 == 0) {
          cache.Put(key, V("value-of-" + key), 60s);
        } else if (i % 17 == 0) {
          cache.Erase(key);
        } else if (auto v = cache.Get(key); v && *v != "value-of-" + key) {
          ++wrong;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  const auto stats = cache.GetStats();
  EXPECT_LE(stats.entries, 512u);
  EXPECT_LE(stats.bytes, 64u * 1024);
  EXPECT_GT(stats.hits + stats.misses, 0u);
}

}  // namespace
}  // namespace hotel::memory
