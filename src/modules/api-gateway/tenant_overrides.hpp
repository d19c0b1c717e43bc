// Per-tenant rate-limit policies from the config center (gateway.rate_limit.tenant_overrides
// = {"tnt_…": {"max": 500, "windowMs": 60000}}), parsed once per change, read per request.
#pragma once

#include "core/error.hpp"
#include "modules/api-gateway/rate_limiter.hpp"

#include <boost/json/value.hpp>

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace hotel::api_gateway {

struct TransparentHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
using TenantPolicies = std::unordered_map<std::string, Policy, TransparentHash, std::equal_to<>>;

// Validates and parses the config value. A missing `max` or `windowMs` takes the default's.
// Errors name the field ("tnt_a.max") so the config API can answer 400 with them.
Result<TenantPolicies> ParseTenantOverrides(const boost::json::value& value, Policy defaults);

// The current overrides: Update() on every config change (any thread), Lookup() per request
// without a lock (an atomically swapped immutable map).
class TenantOverrides {
 public:
  explicit TenantOverrides(Policy defaults) : defaults_(defaults), current_(std::make_shared<const TenantPolicies>()) {}
  // On an invalid value the previous overrides stay in force.
  Result<void> Update(const boost::json::value& value);
  std::optional<Policy> Lookup(std::string_view tenant_id) const;

 private:
  Policy defaults_;
  std::atomic<std::shared_ptr<const TenantPolicies>> current_;
};

}  // namespace hotel::api_gateway
