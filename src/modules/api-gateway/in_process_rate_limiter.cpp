// Fixed-window counters in sharded maps; see the header for the choice of algorithm.
#include "modules/api-gateway/in_process_rate_limiter.hpp"

#include <algorithm>
#include <bit>
#include <functional>
#include <mutex>
#include <unordered_map>

namespace hotel::api_gateway {
namespace {

struct KeyHash {
  using is_transparent = void;  // find() by string_view: no std::string per request
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

struct Window {
  Instant start;
  Instant end;  // start + the window of the policy last applied; used for eviction
  std::uint32_t count = 0;
};

// Whole milliseconds, rounded up: "retry after 0 ms" while still blocked would be a lie.
std::chrono::milliseconds CeilMs(Instant::duration d) {
  if (d <= Instant::duration::zero()) return std::chrono::milliseconds(0);
  return std::chrono::ceil<std::chrono::milliseconds>(d);
}

}  // namespace

// One cache line or more each, so that two threads on different shards do not share one.
struct alignas(64) InProcessRateLimiter::Shard {
  mutable std::mutex mutex;
  std::unordered_map<std::string, Window, KeyHash, std::equal_to<>> windows;
  std::size_t ops_since_sweep = 0;

  // Amortised O(1): a full pass only after as many operations as there are keys.
  void MaybeSweep(Instant now) {
    if (++ops_since_sweep < std::max<std::size_t>(64, windows.size())) return;
    SweepLocked(now);
  }
  void SweepLocked(Instant now) {
    ops_since_sweep = 0;
    std::erase_if(windows, [now](const auto& kv) { return now >= kv.second.end; });
  }
};

InProcessRateLimiter::InProcessRateLimiter(InProcessRateLimiterOptions options) {
  const std::size_t n = std::bit_ceil(std::max<std::size_t>(1, options.shards));
  shards_ = std::make_unique<Shard[]>(n);
  shard_mask_ = n - 1;
  max_keys_per_shard_ = std::max<std::size_t>(1, options.max_keys / n);
}

InProcessRateLimiter::~InProcessRateLimiter() = default;

InProcessRateLimiter::Shard& InProcessRateLimiter::ShardFor(std::size_t hash) {
  // The map's buckets use the low bits of the same hash; take the shard from mixed high bits.
  const std::uint64_t mixed = static_cast<std::uint64_t>(hash) * 0x9E3779B97F4A7C15ull;
  return shards_[(mixed >> 40) & shard_mask_];
}

boost::asio::awaitable<Result<Decision>> InProcessRateLimiter::Acquire(std::string_view key, Policy policy, Instant now) {
  co_return TryAcquire(key, policy, now);
}

Decision InProcessRateLimiter::TryAcquire(std::string_view key, Policy policy, Instant now) {
  const auto window_length = std::chrono::duration_cast<Instant::duration>(policy.window);
  Shard& shard = ShardFor(KeyHash{}(key));
  std::lock_guard lock(shard.mutex);
  shard.MaybeSweep(now);

  auto it = shard.windows.find(key);
  if (it == shard.windows.end()) {
    if (shard.windows.size() >= max_keys_per_shard_) {
      shard.SweepLocked(now);
      // Still full of live keys (a flood of distinct callers): forget an arbitrary one. Its
      // counter restarts, which errs towards allowing; memory stays bounded.
      if (shard.windows.size() >= max_keys_per_shard_) shard.windows.erase(shard.windows.begin());
    }
    it = shard.windows.emplace(std::string(key), Window{now, now + window_length, 0}).first;
  }
  Window& w = it->second;
  // The current policy applies at once (a tenant override may have changed the window).
  if (now >= w.start + window_length) w = Window{now, now + window_length, 0};
  w.end = w.start + window_length;

  Decision d;
  d.limit = policy.max;
  d.allowed = w.count < policy.max;
  if (d.allowed) ++w.count;
  d.remaining = policy.max > w.count ? policy.max - w.count : 0;
  // A clock that stepped backwards must not promise more than one window of waiting.
  d.reset_after = std::min(CeilMs(w.end - now), policy.window);
  return d;
}

std::size_t InProcessRateLimiter::KeyCount() const {
  std::size_t n = 0;
  for (std::size_t i = 0; i <= shard_mask_; ++i) {
    std::lock_guard lock(shards_[i].mutex);
    n += shards_[i].windows.size();
  }
  return n;
}

void InProcessRateLimiter::Sweep(Instant now) {
  for (std::size_t i = 0; i <= shard_mask_; ++i) {
    std::lock_guard lock(shards_[i].mutex);
    shards_[i].SweepLocked(now);
  }
}

}  // namespace hotel::api_gateway
