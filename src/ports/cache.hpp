// The cache port: short-lived shared values (search results) by key. In-process LRU with TTL
// now (adapters/memory/lru_cache.hpp); Redis later behind the same interface. Values are
// immutable strings (serialised JSON) shared by pointer so a hit copies nothing.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace hotel::ports {

class Cache {
 public:
  virtual ~Cache() = default;
  // The value, or null when absent or expired. Thread-safe; never blocks on I/O for the
  // in-process adapter.
  virtual std::shared_ptr<const std::string> Get(std::string_view key) = 0;
  virtual void Put(std::string_view key, std::shared_ptr<const std::string> value, std::chrono::milliseconds ttl) = 0;
  virtual void Erase(std::string_view key) = 0;
  struct Stats {
    std::uint64_t hits = 0, misses = 0, evictions = 0, entries = 0, bytes = 0;
  };
  virtual Stats GetStats() const = 0;
};

}  // namespace hotel::ports
