// The embedded RateLimiter: fixed windows per key in sharded hash maps, exact under
// concurrency, with memory bounded by evicting expired keys.
#pragma once

#include "modules/api-gateway/rate_limiter.hpp"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace hotel::api_gateway {

struct InProcessRateLimiterOptions {
  std::size_t shards = 64;            // rounded up to a power of two
  std::size_t max_keys = 1'000'000;   // across all shards; ~100 bytes each
};

// Algorithm: a fixed window per key that starts at the key's first request (not at epoch
// multiples, so clients do not all reset in the same instant) and holds `max` requests.
// Chosen over a sliding log because it needs one counter per key (a sliding log needs
// `max` timestamps), it is what the seed's RATE_LIMIT_WINDOW_MS/RATE_LIMIT_MAX meant
// (express-rate-limit's memory store), and a Redis version is one INCR + PEXPIRE.
// Trade-off: a client can fit up to 2 x max requests around a window boundary.
// Denied requests are not counted, so hammering does not prolong the block.
// Exactness: each key lives in one shard and every decision is made under that shard's
// mutex; there is no global lock.
class InProcessRateLimiter final : public RateLimiter {
 public:
  explicit InProcessRateLimiter(InProcessRateLimiterOptions options = {});
  ~InProcessRateLimiter() override;

  boost::asio::awaitable<Result<Decision>> Acquire(std::string_view key, Policy policy, Instant now) override;

  // The same decision, synchronously: never fails, never blocks beyond a shard mutex.
  Decision TryAcquire(std::string_view key, Policy policy, Instant now);

  // Keys currently tracked (expired ones may linger until their shard is next swept).
  std::size_t KeyCount() const;
  // Drops every key whose window has ended by `now`.
  void Sweep(Instant now);

 private:
  struct Shard;
  Shard& ShardFor(std::size_t hash);

  std::unique_ptr<Shard[]> shards_;
  std::size_t shard_mask_;
  std::size_t max_keys_per_shard_;
};

}  // namespace hotel::api_gateway
