// The in-process ports::Cache: an LRU with a TTL per entry, bounded by entries and by bytes,
// split into shards (one mutex each) so concurrent searches rarely wait on each other.
#pragma once

#include "core/clock.hpp"
#include "ports/cache.hpp"

#include <atomic>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace hotel::memory {

struct LruCacheOptions {
  std::size_t max_entries = 10000;
  // Key + value bytes. A city search answer is 0.1–1 MB (sealed offer ids), so this bounds
  // the process's memory more than max_entries does.
  std::size_t max_bytes = 32u * 1024 * 1024;
  std::size_t shards = 16;
  // Time source for expiry; null: the system clock. Must outlive the cache.
  const Clock* clock = nullptr;
};

class LruCache final : public ports::Cache {
 public:
  explicit LruCache(LruCacheOptions options = {});

  std::shared_ptr<const std::string> Get(std::string_view key) override;
  void Put(std::string_view key, std::shared_ptr<const std::string> value, std::chrono::milliseconds ttl) override;
  void Erase(std::string_view key) override;
  Stats GetStats() const override;

 private:
  struct Entry {
    std::string key;
    std::shared_ptr<const std::string> value;
    Instant expires_at;
    std::size_t bytes = 0;
  };
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  struct Shard {
    std::mutex mutex;
    std::list<Entry> lru;  // front: most recently used
    std::unordered_map<std::string, std::list<Entry>::iterator, Hash, std::equal_to<>> index;
    std::size_t bytes = 0;
  };

  Shard& ShardOf(std::string_view key);
  Instant Now() const;
  // Drops `it` from `shard` (mutex held), adjusting the totals.
  void Remove(Shard& shard, std::list<Entry>::iterator it);

  LruCacheOptions options_;
  SystemClock system_clock_;
  std::size_t shard_max_entries_, shard_max_bytes_;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::atomic<std::uint64_t> hits_{0}, misses_{0}, evictions_{0}, entries_{0}, bytes_{0};
};

}  // namespace hotel::memory
