// Edge middleware: CORS for the admin console's origins and security headers on every
// response. First in the chain, so errors from later middlewares get them too.
#pragma once

#include "runtime/http.hpp"

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::api_gateway {

struct EdgeOptions {
  // Exact origins ("http://localhost:3000"); "*" allows any origin. Empty: CORS off.
  std::vector<std::string> allowed_origins{"http://localhost:3000"};
  std::chrono::seconds preflight_max_age{600};
};

// "http://a:3000, https://b" -> {"http://a:3000", "https://b"} (trims spaces and a trailing '/').
std::vector<std::string> ParseOriginList(std::string_view csv);

// Pre-flights (OPTIONS + Origin + Access-Control-Request-Method) are answered here: 204 with
// the allowed methods/headers for an allowed origin, 403 problem+json for any other.
// Other responses get Access-Control-Allow-Origin (allowed origins only) and Vary: Origin,
// plus X-Content-Type-Options, X-Frame-Options and Referrer-Policy; /api responses also get
// Cache-Control: no-store and a Content-Security-Policy that allows nothing. Headers a
// handler set itself are kept.
runtime::Middleware MakeEdgeMiddleware(EdgeOptions options);

}  // namespace hotel::api_gateway
