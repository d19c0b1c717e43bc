// Parsing and holding per-tenant rate-limit policies.
#include "modules/api-gateway/tenant_overrides.hpp"

#include <boost/json.hpp>

namespace hotel::api_gateway {
namespace {

// Same bounds as RATE_LIMIT_MAX and RATE_LIMIT_WINDOW_MS.
constexpr std::int64_t kMaxMax = 100'000'000;
constexpr std::int64_t kMaxWindowMs = 86'400'000;

std::optional<std::int64_t> Integer(const boost::json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) return static_cast<std::int64_t>(v.get_uint64());
  return std::nullopt;
}

}  // namespace

Result<TenantPolicies> ParseTenantOverrides(const boost::json::value& value, Policy defaults) {
  if (value.is_null()) return TenantPolicies{};
  if (!value.is_object()) return Error::Validation("", "must be an object {tenantId: {max, windowMs}}");
  TenantPolicies out;
  Error errors{Errc::validation_failed, "Invalid rate-limit overrides.", {}};
  for (const auto& [tenant, entry] : value.get_object()) {
    const std::string name(tenant);
    if (!entry.is_object()) {
      errors.fields.push_back({name, "must be an object {max, windowMs}"});
      continue;
    }
    Policy p = defaults;
    const auto& o = entry.get_object();
    if (const auto* max = o.if_contains("max")) {
      auto n = Integer(*max);
      if (!n || *n < 1 || *n > kMaxMax) errors.fields.push_back({name + ".max", "must be an integer from 1 to 100000000"});
      else p.max = static_cast<std::uint32_t>(*n);
    }
    if (const auto* window = o.if_contains("windowMs")) {
      auto n = Integer(*window);
      if (!n || *n < 1 || *n > kMaxWindowMs) errors.fields.push_back({name + ".windowMs", "must be an integer from 1 to 86400000"});
      else p.window = std::chrono::milliseconds(*n);
    }
    for (const auto& [k, v] : o) {
      if (k != "max" && k != "windowMs") errors.fields.push_back({name + "." + std::string(k), "unknown field"});
    }
    out.emplace(name, p);
  }
  if (!errors.fields.empty()) return errors;
  return out;
}

Result<void> TenantOverrides::Update(const boost::json::value& value) {
  auto parsed = ParseTenantOverrides(value, defaults_);
  if (!parsed) return parsed.error();
  current_.store(std::make_shared<const TenantPolicies>(std::move(*parsed)), std::memory_order_release);
  return Ok();
}

std::optional<Policy> TenantOverrides::Lookup(std::string_view tenant_id) const {
  const auto policies = current_.load(std::memory_order_acquire);
  auto it = policies->find(tenant_id);
  if (it == policies->end()) return std::nullopt;
  return it->second;
}

}  // namespace hotel::api_gateway
