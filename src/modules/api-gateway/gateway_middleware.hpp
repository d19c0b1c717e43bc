// The gateway's middleware chain, assembled for one process: `hotel serve` calls
// BuildMiddleware() and hands the result to runtime::HttpServer.
#pragma once

#include "core/clock.hpp"
#include "modules/api-gateway/edge_middleware.hpp"
#include "modules/api-gateway/idempotency_middleware.hpp"
#include "modules/api-gateway/in_process_rate_limiter.hpp"
#include "modules/api-gateway/proxy_middleware.hpp"
#include "modules/api-gateway/rate_limit_middleware.hpp"
#include "modules/identity/authenticator.hpp"
#include "runtime/http_client.hpp"
#include "runtime/module.hpp"
#include "runtime/settings.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace hotel::api_gateway {

struct GatewayOptions {
  Policy rate_limit;                // RATE_LIMIT_MAX, RATE_LIMIT_WINDOW_MS
  EdgeOptions edge;                 // CORS_ALLOWED_ORIGINS
  ProxyOptions proxy;               // GATEWAY_UPSTREAM_TIMEOUT_MS, GATEWAY_BREAKER_*
  int upstream_pool_size = 64;      // keep-alive connections per upstream process
  InProcessRateLimiterOptions limiter;
  IdempotencyOptions idempotency;   // defaults (24 h) until Settings grows IDEMPOTENCY_* fields
};

// The options the Settings have today (rate limits); the rest keep their defaults until
// Settings grows the matching fields.
GatewayOptions OptionsFromSettings(const runtime::Settings& settings);

// Which middlewares this process runs.
struct GatewayFeatures {
  bool edge = true;        // CORS + security headers: every process
  bool auth = true;        // every process serving /api/v1 (upstreams re-check: simple and safe)
  bool rate_limit = false; // only where api-gateway runs, so a request is counted once
  bool proxy = false;      // only where api-gateway runs
};
GatewayFeatures FeaturesFor(const std::vector<std::string>& started_modules);

struct GatewayDeps {
  GatewayOptions options;
  runtime::Logger& log;
  runtime::MetricsRegistry& metrics;
  const Clock& clock;
  std::shared_ptr<identity::Authenticator> authenticator;  // null: protected /api/v1 paths answer 503
  TenantPolicyFn tenant_policy;                            // may be empty: the default policy for all
  std::vector<RemoteModule> remote_modules;                // see RemoteModulesFor
  GatewayFeatures features;
  std::shared_ptr<RateLimiter> rate_limiter;  // null: an InProcessRateLimiter
  // For the proxy (MakeUpstreamClient). Weak, here and in the chain: the caller owns it,
  // keeps it until HttpServer::Run() returns, then resets it before the server is
  // destroyed, so that its idle connections close while the server's io_contexts they
  // belong to still exist (see MakeProxyMiddleware).
  std::weak_ptr<runtime::HttpClient> upstream_client;
  // Where Idempotency-Key answers are kept. Both null: no idempotency middleware (tests of
  // the other middlewares); every process that serves routes passes them.
  ports::Database* database = nullptr;
  runtime::BlockingPool* blocking = nullptr;
};

// The HTTP client the proxy forwards with: keep-alive pool of upstream_pool_size per upstream.
std::shared_ptr<runtime::HttpClient> MakeUpstreamClient(const GatewayOptions& options);

// Order: edge -> auth -> rate limit -> idempotency -> proxy.
// - edge first: pre-flights are answered before auth (browsers send them without
//   credentials), and every answer below it, 401 and 429 included, gets CORS and security
//   headers (a browser cannot even read an error without Access-Control-Allow-Origin).
// - auth before rate limit: the quota's key is the principal (API key or user); only
//   anonymous (public) requests fall back to the remote address.
// - rate limit before proxy: a refused request costs the upstream nothing.
// - idempotency after auth and rate limit (its keys are per caller; a refused request claims
//   none) and in every process: it acts only on routes this process serves, so behind a
//   gateway the process that runs the handler keeps the answer, once.
// - proxy last: it stands in for the router's 404 for paths of modules in other processes.
std::vector<runtime::Middleware> BuildMiddleware(const GatewayDeps& deps);

// Modules with path prefixes that this process does not run, with MODULE_URLS[name] (empty
// when not configured: their requests answer 503 instead of a misleading 404).
std::vector<RemoteModule> RemoteModulesFor(const std::vector<runtime::ModuleSpec>& all_modules,
                                           const std::vector<std::string>& started_modules,
                                           const std::map<std::string, std::string>& module_urls);

}  // namespace hotel::api_gateway
