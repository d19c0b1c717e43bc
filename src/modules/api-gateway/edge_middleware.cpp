// CORS and security headers.
#include "modules/api-gateway/edge_middleware.hpp"

#include "modules/api-gateway/api_paths.hpp"

#include <algorithm>
#include <memory>

namespace hotel::api_gateway {
namespace {

constexpr std::string_view kAllowMethods = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
constexpr std::string_view kAllowHeaders = "Authorization, Content-Type, Idempotency-Key, X-Api-Key, X-Request-ID, traceparent";
// Without these a browser script cannot read the rate-limit state or a created resource.
constexpr std::string_view kExposeHeaders =
    "RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, Retry-After, Location, X-Request-ID, Idempotent-Replayed";

struct Cors {
  std::vector<std::string> origins;
  bool any = false;
  std::string max_age;

  // The value for Access-Control-Allow-Origin, or empty when the origin is not allowed.
  std::string_view AllowOrigin(std::string_view origin) const {
    if (origin.empty()) return {};
    if (any) return "*";
    return std::find(origins.begin(), origins.end(), origin) != origins.end() ? origin : std::string_view{};
  }
  bool enabled() const { return any || !origins.empty(); }
};

void SetIfAbsent(runtime::Response& resp, std::string_view name, std::string_view value) {
  if (resp.Header(name).empty()) resp.headers.emplace_back(std::string(name), std::string(value));
}

// Caches must keep per-origin answers apart; keep whatever the handler already varies on.
void AddVaryOrigin(runtime::Response& resp) {
  const std::string_view vary = resp.Header("Vary");
  if (vary.empty()) {
    resp.headers.emplace_back("Vary", "Origin");
  } else if (vary.find("Origin") == std::string_view::npos && vary != "*") {
    resp.SetHeader("Vary", std::string(vary) + ", Origin");
  }
}

void AddSecurityHeaders(const runtime::Request& req, runtime::Response& resp) {
  SetIfAbsent(resp, "X-Content-Type-Options", "nosniff");
  SetIfAbsent(resp, "X-Frame-Options", "DENY");
  SetIfAbsent(resp, "Referrer-Policy", "no-referrer");
  if (IsUnder(req.path, "/api")) {
    // API answers are per caller and never rendered as a page.
    SetIfAbsent(resp, "Cache-Control", "no-store");
    SetIfAbsent(resp, "Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
  }
}

}  // namespace

std::vector<std::string> ParseOriginList(std::string_view csv) {
  std::vector<std::string> out;
  while (!csv.empty()) {
    const auto comma = csv.find(',');
    std::string_view item = csv.substr(0, comma);
    csv = comma == std::string_view::npos ? std::string_view{} : csv.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '/')) item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
  }
  return out;
}

runtime::Middleware MakeEdgeMiddleware(EdgeOptions options) {
  auto cors = std::make_shared<Cors>();
  cors->any = std::find(options.allowed_origins.begin(), options.allowed_origins.end(), "*") != options.allowed_origins.end();
  cors->origins = std::move(options.allowed_origins);
  cors->max_age = std::to_string(options.preflight_max_age.count());

  return [cors](runtime::Request& req, const runtime::Next& next) -> boost::asio::awaitable<runtime::Response> {
    const std::string_view origin = req.Header("origin");
    const std::string_view allow_origin = cors->AllowOrigin(origin);
    if (IsPreflight(req)) {
      runtime::Response resp;
      if (allow_origin.empty()) {
        resp = runtime::ProblemResponse(
            Error{Errc::forbidden, "Cross-origin requests from this origin are not allowed.", {}}, req.trace.TraceId());
      } else {
        resp = runtime::Response::NoContent();
        resp.headers.reserve(8);
        resp.headers.emplace_back("Access-Control-Allow-Origin", std::string(allow_origin));
        resp.headers.emplace_back("Access-Control-Allow-Methods", std::string(kAllowMethods));
        resp.headers.emplace_back("Access-Control-Allow-Headers", std::string(kAllowHeaders));
        resp.headers.emplace_back("Access-Control-Max-Age", cors->max_age);
      }
      if (!cors->any) AddVaryOrigin(resp);
      AddSecurityHeaders(req, resp);
      co_return resp;
    }

    runtime::Response resp = co_await next(req);
    resp.headers.reserve(resp.headers.size() + 8);
    if (!allow_origin.empty()) {
      resp.SetHeader("Access-Control-Allow-Origin", std::string(allow_origin));
      SetIfAbsent(resp, "Access-Control-Expose-Headers", kExposeHeaders);
    }
    if (cors->enabled() && !cors->any) AddVaryOrigin(resp);
    AddSecurityHeaders(req, resp);
    co_return resp;
  };
}

}  // namespace hotel::api_gateway
