// Forwarding to modules in other processes.
#include "modules/api-gateway/proxy_middleware.hpp"

#include "modules/api-gateway/api_paths.hpp"

#include <algorithm>
#include <array>

namespace hotel::api_gateway {
namespace {

constexpr std::string_view kService = "api-gateway";
constexpr std::array<std::string_view, 7> kForwardedRequestHeaders = {
    "Authorization", "X-Api-Key", "Content-Type", "Accept", "Idempotency-Key", "Content-Language", "Accept-Language"};
constexpr std::array<std::string_view, 9> kCopiedResponseHeaders = {
    "Location",      "Retry-After", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset",
    "WWW-Authenticate", "Allow",     "ETag",            "Content-Disposition"};

enum Outcome { kOk, kTimeout, kUnavailable, kBreakerOpen, kOutcomes };
constexpr std::array<std::string_view, kOutcomes> kOutcomeNames = {"ok", "timeout", "unavailable", "breaker_open"};

struct Upstream {
  RemoteModule module;
  bool usable_url = false;  // http:// (the client has no TLS yet)
  std::unique_ptr<CircuitBreaker> breaker;
  std::array<runtime::Counter*, kOutcomes> outcomes{};
  runtime::Histogram* duration = nullptr;
};

struct Route {
  std::string prefix;
  Upstream* upstream;
};

struct State {
  std::vector<std::unique_ptr<Upstream>> upstreams;
  std::vector<Route> routes;  // longest prefix first
  ProxyOptions options;
  // Weak: the owner drops the client after HttpServer::Run() returns (see the header).
  std::weak_ptr<runtime::HttpClient> client;
  const Clock& clock;
  runtime::Logger& log;

  Upstream* Find(std::string_view path) const {
    for (const auto& r : routes) {
      if (IsUnder(path, r.prefix)) return r.upstream;
    }
    return nullptr;
  }
};

std::string CeilSeconds(std::chrono::milliseconds d) {
  return std::to_string(std::max<std::int64_t>(1, (d.count() + 999) / 1000));
}

runtime::Response Unavailable(const runtime::Request& req, std::string detail, std::chrono::milliseconds retry_after) {
  auto resp = runtime::ProblemResponse(Error::Unavailable(std::move(detail)), req.trace.TraceId());
  resp.headers.emplace_back("Retry-After", CeilSeconds(retry_after));
  return resp;
}

bool ClientSupports(std::string_view method) {
  return method == "GET" || method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE" ||
         method == "HEAD";
}

runtime::ClientRequest Forwarded(const runtime::Request& req, const Upstream& up, std::chrono::milliseconds timeout) {
  runtime::ClientRequest out;
  out.method = std::string(req.method);
  out.url.reserve(up.module.url.size() + req.target.size());
  out.url.append(up.module.url).append(req.path);
  if (!req.query.empty()) out.url.append("?").append(req.query);
  out.headers.reserve(kForwardedRequestHeaders.size() + 2);
  for (std::string_view name : kForwardedRequestHeaders) {
    if (auto v = req.Header(name); !v.empty()) out.headers.emplace_back(std::string(name), std::string(v));
  }
  // The id the server settled on (the caller's when sane), so both processes log the same one.
  out.headers.emplace_back("X-Request-ID", req.request_id);
  std::string forwarded_for(req.Header("x-forwarded-for"));
  if (!req.remote_address.empty()) {
    if (!forwarded_for.empty()) forwarded_for.append(", ");
    forwarded_for.append(req.remote_address);
  }
  if (!forwarded_for.empty()) out.headers.emplace_back("X-Forwarded-For", std::move(forwarded_for));
  out.body = std::string(req.body);
  out.timeout = timeout;
  return out;
}

runtime::Response Relayed(runtime::ClientResponse&& upstream) {
  runtime::Response resp;
  resp.status = upstream.status;
  resp.content_type = std::string(upstream.Header("content-type"));
  resp.body = std::move(upstream.body);
  for (std::string_view name : kCopiedResponseHeaders) {
    if (auto v = upstream.Header(name); !v.empty()) resp.headers.emplace_back(std::string(name), std::string(v));
  }
  return resp;
}

}  // namespace

runtime::Middleware MakeProxyMiddleware(std::vector<RemoteModule> modules, ProxyOptions options,
                                        std::weak_ptr<runtime::HttpClient> client, const Clock& clock,
                                        runtime::Logger& log, runtime::MetricsRegistry& metrics) {
  auto state = std::make_shared<State>(State{{}, {}, options, std::move(client), clock, log});
  auto& gauge = metrics.AddGauge("gateway_upstream_breaker_state",
                                 "Circuit breaker per upstream module: 0 closed, 1 half-open, 2 open.", {"upstream"});
  auto& requests = metrics.AddCounter("gateway_upstream_requests_total",
                                      "Requests forwarded to modules in other processes, by outcome.", {"upstream", "outcome"});
  auto& duration = metrics.AddHistogram("gateway_upstream_duration_seconds",
                                        "Time of forwarded calls, from send to response.", {"upstream"});
  for (auto& m : modules) {
    auto up = std::make_unique<Upstream>();
    while (!m.url.empty() && m.url.back() == '/') m.url.pop_back();
    up->usable_url = m.url.starts_with("http://") && m.url.size() > 7;
    if (!m.url.empty() && !up->usable_url) {
      log.Error("api-gateway: upstream URL is not http://; its requests will answer 503",
                {{"module", m.name}, {"url", m.url}, {"variable", "MODULE_URLS"}});
    }
    up->breaker = std::make_unique<CircuitBreaker>(options.breaker, clock, &gauge.WithLabels({m.name}));
    for (std::size_t i = 0; i < kOutcomes; ++i) up->outcomes[i] = &requests.WithLabels({m.name, kOutcomeNames[i]});
    up->duration = &duration.WithLabels({m.name});
    for (std::string prefix : m.path_prefixes) {
      while (prefix.size() > 1 && prefix.back() == '/') prefix.pop_back();
      state->routes.push_back({std::move(prefix), up.get()});
    }
    up->module = std::move(m);
    state->upstreams.push_back(std::move(up));
  }
  std::stable_sort(state->routes.begin(), state->routes.end(),
                   [](const Route& a, const Route& b) { return a.prefix.size() > b.prefix.size(); });

  return [state](runtime::Request& req, const runtime::Next& next) -> boost::asio::awaitable<runtime::Response> {
    Upstream* up = req.route.empty() ? state->Find(req.path) : nullptr;
    if (!up || !ClientSupports(req.method)) co_return co_await next(req);
    if (!up->usable_url) {
      up->outcomes[kUnavailable]->Inc();
      co_return Unavailable(req, "Module " + up->module.name + " does not run in this process and MODULE_URLS has no http:// URL for it.",
                            state->options.breaker.open_for);
    }
    const std::shared_ptr<runtime::HttpClient> client = state->client.lock();
    if (!client) co_return Unavailable(req, "The gateway is shutting down.", std::chrono::milliseconds(1000));
    BreakerTicket ticket = up->breaker->Admit();
    if (!ticket.admitted()) {
      up->outcomes[kBreakerOpen]->Inc();
      co_return Unavailable(req, "Module " + up->module.name + " is failing; calls to it are paused.", ticket.retry_after());
    }

    runtime::ClientRequest forwarded = Forwarded(req, *up, state->options.timeout);
    const auto started = std::chrono::steady_clock::now();
    Result<runtime::ClientResponse> result = co_await client->Send(std::move(forwarded), &req.trace);
    up->duration->Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    if (result) {
      ticket.Succeeded();
      up->outcomes[kOk]->Inc();
      co_return Relayed(std::move(*result));
    }

    const Error& error = result.error();
    if (error.code == Errc::validation_failed) {
      // The URL of every upstream was checked at start-up, so this is the caller's target or
      // a header the client refuses to send: the caller's fault, and no verdict on the
      // upstream (otherwise a few odd requests would open the breaker for everyone).
      co_return runtime::ProblemResponse(
          Error{Errc::validation_failed, "The request cannot be forwarded: " + error.detail, error.fields},
          req.trace.TraceId());
    }
    ticket.Failed();
    state->log.Log(runtime::LogLevel::warn, "upstream call failed",
                   {{"upstream", up->module.name}, {"code", CodeName(error.code)}, {"error", error.detail},
                    {"path", req.path}},
                   &req.trace, kService);
    if (error.code == Errc::upstream_timeout) {
      up->outcomes[kTimeout]->Inc();
      co_return runtime::ProblemResponse(
          Error::Timeout("Module " + up->module.name + " did not answer within " +
                         std::to_string(state->options.timeout.count()) + " ms."),
          req.trace.TraceId());
    }
    up->outcomes[kUnavailable]->Inc();
    // When this failure opened the breaker, nothing will be tried before the cool-down ends.
    const bool opened = up->breaker->state() == BreakerState::open;
    co_return Unavailable(req, "Module " + up->module.name + " is unreachable.",
                          opened ? state->options.breaker.open_for : std::chrono::milliseconds(1000));
  };
}

}  // namespace hotel::api_gateway
