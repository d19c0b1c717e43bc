// Path and request classification shared by the gateway's middlewares.
#pragma once

#include "runtime/http.hpp"

#include <string_view>

namespace hotel::api_gateway {

// `path` is `prefix` or below it on a segment boundary ("/api/v1/orders" is under
// "/api/v1", "/api/v1orders" is not). `prefix` has no trailing slash.
inline bool IsUnder(std::string_view path, std::string_view prefix) {
  return path.starts_with(prefix) && (path.size() == prefix.size() || path[prefix.size()] == '/');
}

inline bool IsApiPath(std::string_view path) { return IsUnder(path, "/api/v1"); }

// A CORS pre-flight: browsers send it without credentials, so it must not need any.
inline bool IsPreflight(const runtime::Request& req) {
  return req.method == "OPTIONS" && !req.Header("origin").empty() && !req.Header("access-control-request-method").empty();
}

}  // namespace hotel::api_gateway
