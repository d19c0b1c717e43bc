// APItude answers 410 to a request repeated within a window after it failed (SUPPLIERS.md
// §Behaviour 5): a bounded memory of recently failed requests, by hash of method, target and
// body. The oldest entries go first when it is full, so a flood cannot grow it.
#pragma once

#include "core/clock.hpp"

#include <cstdint>
#include <deque>
#include <mutex>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace hotel::sim::hbx {

class RepeatGuard {
 public:
  explicit RepeatGuard(std::size_t capacity = 10000) : capacity_(capacity) {}

  static std::uint64_t Key(std::string_view method, std::string_view target, std::string_view body);

  // True while a failure of this request is remembered (now < until).
  bool RecentlyFailed(std::uint64_t key, Instant now);
  void RememberFailure(std::uint64_t key, Instant until);
  std::size_t size() const;

 private:
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::uint64_t, Instant> until_;
  std::deque<std::pair<std::uint64_t, Instant>> order_;  // insertion order, for eviction
};

}  // namespace hotel::sim::hbx
