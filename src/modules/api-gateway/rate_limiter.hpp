// The rate-limiter port: "may this key do one more request now?", so that a Redis-backed
// limiter can replace the in-process one when several gateway replicas share the quota.
#pragma once

#include "core/clock.hpp"
#include "core/error.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <cstdint>
#include <string_view>

namespace hotel::api_gateway {

// At most `max` requests per `window` and key.
struct Policy {
  std::uint32_t max = 100;
  std::chrono::milliseconds window{60000};
  bool operator==(const Policy&) const = default;
};

struct Decision {
  bool allowed = false;
  std::uint32_t limit = 0;      // the policy's max
  std::uint32_t remaining = 0;  // requests left in the current window after this one
  // Until the window frees capacity again (the whole quota comes back then).
  std::chrono::milliseconds reset_after{0};
};

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Counts one request for `key` at `now` and says whether it is within `policy`. Awaitable
  // because a shared (Redis) limiter is a network call; the in-process one completes at once.
  // An error (limiter backend down) is a value: the caller decides to fail open or closed.
  virtual boost::asio::awaitable<Result<Decision>> Acquire(std::string_view key, Policy policy, Instant now) = 0;
};

}  // namespace hotel::api_gateway
