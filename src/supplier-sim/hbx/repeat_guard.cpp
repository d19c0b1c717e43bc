// The bounded failed-request memory behind hbx-json's 410 (see repeat_guard.hpp).
#include "supplier-sim/hbx/repeat_guard.hpp"

namespace hotel::sim::hbx {
namespace {

std::uint64_t Fnv1a(std::string_view s, std::uint64_t h) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

}  // namespace

std::uint64_t RepeatGuard::Key(std::string_view method, std::string_view target, std::string_view body) {
  std::uint64_t h = Fnv1a(method, 1469598103934665603ULL);
  h = Fnv1a("\n", h);
  h = Fnv1a(target, h);
  h = Fnv1a("\n", h);
  return Fnv1a(body, h);
}

bool RepeatGuard::RecentlyFailed(std::uint64_t key, Instant now) {
  std::lock_guard lock(mutex_);
  auto it = until_.find(key);
  if (it == until_.end()) return false;
  if (now < it->second) return true;
  until_.erase(it);
  return false;
}

void RepeatGuard::RememberFailure(std::uint64_t key, Instant until) {
  std::lock_guard lock(mutex_);
  until_[key] = until;
  order_.emplace_back(key, until);
  while (order_.size() > capacity_) {
    const auto [old, old_until] = order_.front();
    order_.pop_front();
    // A later failure of the same request re-added it: that entry stays.
    if (auto it = until_.find(old); it != until_.end() && it->second == old_until) until_.erase(it);
  }
}

std::size_t RepeatGuard::size() const {
  std::lock_guard lock(mutex_);
  return until_.size();
}

}  // namespace hotel::sim::hbx
