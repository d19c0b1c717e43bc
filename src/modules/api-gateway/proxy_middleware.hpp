// Proxy middleware: requests for modules that run in another process are forwarded to
// that process over HTTP, behind a circuit breaker per upstream.
#pragma once

#include "core/clock.hpp"
#include "modules/api-gateway/circuit_breaker.hpp"
#include "runtime/http.hpp"
#include "runtime/http_client.hpp"
#include "runtime/log.hpp"
#include "runtime/metrics.hpp"

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace hotel::api_gateway {

// A module this process does not run, and where it does run.
struct RemoteModule {
  std::string name;                        // "query-engine"
  std::vector<std::string> path_prefixes;  // its ModuleSpec.path_prefixes
  std::string url;                         // MODULE_URLS[name], "http://host:port"; empty: not configured
};

struct ProxyOptions {
  std::chrono::milliseconds timeout{10000};  // per forwarded call: connect + write + read
  BreakerOptions breaker;
};

// Only requests that matched no local route (req.route empty) whose path is under a remote
// module's prefix (longest prefix wins) are forwarded; anything else goes on down the chain.
// Forwarded: method, path and query, body, Authorization, X-Api-Key, Content-Type, Accept,
// Idempotency-Key, X-Request-ID, a child span's traceparent, and X-Forwarded-For. Copied
// back: status, body, Content-Type, Location, Retry-After, RateLimit-*, WWW-Authenticate,
// Allow, ETag, Content-Disposition.
// Failures: deadline passed -> 504 upstream_timeout; refused/reset/garbled, breaker open or
// no http:// URL configured -> 503 upstream_unavailable with Retry-After; a target the
// client cannot send (characters a URL may not hold) -> 400. Transport failures and
// timeouts count in the upstream's breaker; HTTP error statuses do not (a 503 from an
// upstream whose own supplier is down says nothing about the upstream itself).
// Metrics: gateway_upstream_breaker_state{upstream}, gateway_upstream_requests_total
// {upstream,outcome}, gateway_upstream_duration_seconds{upstream}.
// `client` is held weakly, because of where its idle connections live: HttpClient runs each
// call on the awaiting coroutine's executor, so pooled sockets belong to the server's
// io_contexts, which ~HttpServer destroys before the middleware. The owner keeps the client
// until HttpServer::Run() returns and drops it before the server is destroyed; requests
// arriving without a client answer 503.
runtime::Middleware MakeProxyMiddleware(std::vector<RemoteModule> modules, ProxyOptions options,
                                        std::weak_ptr<runtime::HttpClient> client, const Clock& clock,
                                        runtime::Logger& log, runtime::MetricsRegistry& metrics);

}  // namespace hotel::api_gateway
