// Per-caller quotas on /api/v1.
#include "modules/api-gateway/rate_limit_middleware.hpp"

#include "modules/api-gateway/api_paths.hpp"

namespace hotel::api_gateway {
namespace {

constexpr std::string_view kService = "api-gateway";

// Whole seconds, rounded up: a client told "0" would retry while still blocked.
std::string CeilSeconds(std::chrono::milliseconds d) {
  return std::to_string((std::max<std::int64_t>(d.count(), 0) + 999) / 1000);
}

// The quota's key. Ids carry their kind ("key_…", "usr_…") and addresses cannot look like
// them, so the raw value is unambiguous and no key string has to be built per request.
std::string_view LimitKey(const runtime::Request& req) {
  if (req.principal) {
    if (!req.principal->api_key_id.empty()) return req.principal->api_key_id;
    if (!req.principal->user_id.empty()) return req.principal->user_id;
  }
  return req.remote_address;
}

}  // namespace

runtime::Middleware MakeRateLimitMiddleware(std::shared_ptr<RateLimiter> limiter, RateLimitOptions options,
                                            const Clock& clock, runtime::Logger& log, runtime::MetricsRegistry& metrics) {
  struct State {
    std::shared_ptr<RateLimiter> limiter;
    RateLimitOptions options;
    const Clock& clock;
    runtime::Logger& log;
    runtime::CounterFamily& limited;
    runtime::Counter& errors;
  };
  auto state = std::make_shared<State>(State{
      std::move(limiter), std::move(options), clock, log,
      metrics.AddCounter("gateway_rate_limited_total", "Requests refused with 429, by tenant.", {"tenant"}),
      metrics.AddCounter("gateway_rate_limiter_errors_total", "Rate-limiter backend failures (requests let through).")
          .WithLabels({})});

  return [state](runtime::Request& req, const runtime::Next& next) -> boost::asio::awaitable<runtime::Response> {
    if (!IsApiPath(req.path) || IsPreflight(req)) co_return co_await next(req);

    const std::string_view tenant = req.principal ? std::string_view(req.principal->tenant_id) : std::string_view{};
    Policy policy = state->options.default_policy;
    if (!tenant.empty() && state->options.tenant_policy) {
      if (auto own = state->options.tenant_policy(tenant)) policy = *own;
    }
    const std::string_view key = LimitKey(req);
    const Instant now = state->clock.Now();
    Result<Decision> decision = co_await state->limiter->Acquire(key, policy, now);
    if (!decision) {
      state->errors.Inc();
      state->log.Log(runtime::LogLevel::warn, "rate limiter unavailable; request let through",
                     {{"error", decision.error().detail}}, &req.trace, kService);
      co_return co_await next(req);
    }

    const std::string reset = CeilSeconds(decision->reset_after);
    runtime::Response resp;
    if (decision->allowed) {
      resp = co_await next(req);
    } else {
      state->limited.WithLabels({tenant.empty() ? std::string_view("anonymous") : tenant}).Inc();
      const std::string detail = "At most " + std::to_string(policy.max) + " requests per " +
                                 std::to_string(policy.window.count()) + " ms; retry in " + reset + " s.";
      resp = runtime::ProblemResponse(Error{Errc::rate_limited, detail, {}}, req.trace.TraceId());
      resp.headers.emplace_back("Retry-After", reset);
    }
    // SetHeader: ours win over any an upstream process sent through the proxy.
    resp.SetHeader("RateLimit-Limit", std::to_string(decision->limit));
    resp.SetHeader("RateLimit-Remaining", std::to_string(decision->remaining));
    resp.SetHeader("RateLimit-Reset", reset);
    co_return resp;
  };
}

}  // namespace hotel::api_gateway
