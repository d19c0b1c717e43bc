// Rate-limit middleware: one quota per API key, user, or (anonymous) remote address on
// /api/v1, with RateLimit-* headers and 429 problem+json.
#pragma once

#include "core/clock.hpp"
#include "modules/api-gateway/rate_limiter.hpp"
#include "runtime/http.hpp"
#include "runtime/log.hpp"
#include "runtime/metrics.hpp"

#include <functional>
#include <memory>
#include <optional>
#include <string_view>

namespace hotel::api_gateway {

// A tenant's own policy (config center: gateway.rate_limit.tenant_overrides), or nullopt
// for the default. Called once per authenticated request: it must be cheap (read a parsed
// snapshot, see TenantOverrides).
using TenantPolicyFn = std::function<std::optional<Policy>(std::string_view tenant_id)>;

struct RateLimitOptions {
  Policy default_policy;       // RATE_LIMIT_MAX / RATE_LIMIT_WINDOW_MS
  TenantPolicyFn tenant_policy;  // may be empty
};

// Runs after authentication (the key is the principal). Adds RateLimit-Limit,
// RateLimit-Remaining and RateLimit-Reset (seconds) to every /api/v1 response it counted;
// over the limit answers 429 rate_limited with Retry-After. /health, /ready, /metrics and
// CORS pre-flights are never limited. A failing limiter backend fails open (logged and
// counted in gateway_rate_limiter_errors_total): losing the API to a Redis outage is worse
// than a few minutes without quotas.
runtime::Middleware MakeRateLimitMiddleware(std::shared_ptr<RateLimiter> limiter, RateLimitOptions options,
                                            const Clock& clock, runtime::Logger& log, runtime::MetricsRegistry& metrics);

}  // namespace hotel::api_gateway
