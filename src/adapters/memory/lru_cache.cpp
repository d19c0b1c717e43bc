// Sharded LRU with TTL: see lru_cache.hpp.
#include "adapters/memory/lru_cache.hpp"

#include <algorithm>

namespace hotel::memory {

LruCache::LruCache(LruCacheOptions options) : options_(options) {
  const std::size_t n = std::max<std::size_t>(1, options_.shards);
  // Each shard holds its share of the bounds: the total never exceeds them, at the cost of
  // evicting a little early when keys hash unevenly.
  shard_max_entries_ = std::max<std::size_t>(1, options_.max_entries / n);
  shard_max_bytes_ = std::max<std::size_t>(1, options_.max_bytes / n);
  shards_.reserve(n);
  for (std::size_t i = 0; i < n; ++i) shards_.push_back(std::make_unique<Shard>());
}

Instant LruCache::Now() const { return options_.clock ? options_.clock->Now() : system_clock_.Now(); }

LruCache::Shard& LruCache::ShardOf(std::string_view key) {
  // Mixed so that a shard count that divides the hash's low bits still spreads keys.
  std::size_t h = std::hash<std::string_view>{}(key);
  h ^= h >> 17;
  h *= 0x9E3779B97F4A7C15ull;
  return *shards_[(h >> 32) % shards_.size()];
}

void LruCache::Remove(Shard& shard, std::list<Entry>::iterator it) {
  shard.bytes -= it->bytes;
  bytes_.fetch_sub(it->bytes, std::memory_order_relaxed);
  entries_.fetch_sub(1, std::memory_order_relaxed);
  shard.index.erase(it->key);
  shard.lru.erase(it);
}

std::shared_ptr<const std::string> LruCache::Get(std::string_view key) {
  Shard& shard = ShardOf(key);
  const Instant now = Now();
  std::lock_guard lock(shard.mutex);
  auto found = shard.index.find(key);
  if (found == shard.index.end()) {
    misses_.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  auto it = found->second;
  if (now >= it->expires_at) {
    Remove(shard, it);
    misses_.fetch_add(1, std::memory_order_relaxed);
    return nullptr;
  }
  shard.lru.splice(shard.lru.begin(), shard.lru, it);
  hits_.fetch_add(1, std::memory_order_relaxed);
  return it->value;
}

void LruCache::Put(std::string_view key, std::shared_ptr<const std::string> value, std::chrono::milliseconds ttl) {
  if (!value || ttl <= std::chrono::milliseconds::zero()) {
    Erase(key);
    return;
  }
  const std::size_t bytes = key.size() + value->size();
  Shard& shard = ShardOf(key);
  if (bytes > shard_max_bytes_) {
    Erase(key);  // would evict everything and still not fit: not cached at all
    return;
  }
  const Instant now = Now();
  std::lock_guard lock(shard.mutex);
  if (auto found = shard.index.find(key); found != shard.index.end()) Remove(shard, found->second);
  auto over = [&] { return shard.lru.size() + 1 > shard_max_entries_ || shard.bytes + bytes > shard_max_bytes_; };
  // Over a bound: expired entries go first (one sweep), then the least recently used.
  if (over()) {
    for (auto it = shard.lru.begin(); it != shard.lru.end();) {
      auto next = std::next(it);
      if (now >= it->expires_at) Remove(shard, it);
      it = next;
    }
  }
  while (!shard.lru.empty() && over()) {
    Remove(shard, std::prev(shard.lru.end()));
    evictions_.fetch_add(1, std::memory_order_relaxed);
  }
  shard.lru.push_front(Entry{std::string(key), std::move(value), now + ttl, bytes});
  shard.index.emplace(shard.lru.front().key, shard.lru.begin());
  shard.bytes += bytes;
  bytes_.fetch_add(bytes, std::memory_order_relaxed);
  entries_.fetch_add(1, std::memory_order_relaxed);
}

void LruCache::Erase(std::string_view key) {
  Shard& shard = ShardOf(key);
  std::lock_guard lock(shard.mutex);
  if (auto found = shard.index.find(key); found != shard.index.end()) Remove(shard, found->second);
}

ports::Cache::Stats LruCache::GetStats() const {
  return Stats{hits_.load(std::memory_order_relaxed), misses_.load(std::memory_order_relaxed),
               evictions_.load(std::memory_order_relaxed), entries_.load(std::memory_order_relaxed),
               bytes_.load(std::memory_order_relaxed)};
}

}  // namespace hotel::memory
