// Server-side request/response types seen by handlers and middleware. No Beast here: the
// server keeps its Beast message and lends it through Request::Header().
#pragma once

#include "core/error.hpp"
#include "core/principal.hpp"
#include "runtime/trace.hpp"

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hotel::runtime {

using Headers = std::vector<std::pair<std::string, std::string>>;

class Request {
 public:
  std::string_view method;  // "GET"
  std::string_view target;  // "/api/v1/orders?limit=5" as received
  std::string_view path;    // "/api/v1/orders"
  std::string_view query;   // "limit=5" (raw, no '?')
  std::string_view body;
  std::string_view route;   // the matched template ("/api/v1/orders/{id}"), or "" when unmatched
  std::string_view remote_address;
  std::vector<std::pair<std::string_view, std::string_view>> params;  // from the route template
  TraceContext trace;
  std::string request_id;
  // Set by the authentication middleware; null for anonymous requests (probes, login).
  std::shared_ptr<const Principal> principal;

  // Case-insensitive header lookup; empty when absent.
  std::string_view Header(std::string_view name) const;
  // A route parameter ("{id}"); empty when absent.
  std::string_view Param(std::string_view name) const;
  // A percent-decoded query parameter; nullopt when absent.
  std::optional<std::string> QueryParam(std::string_view name) const;

  // Set by the server: how to read headers from its own message type.
  const void* header_source = nullptr;
  std::string_view (*header_lookup)(const void* source, std::string_view name) = nullptr;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // Instead of `body`: an immutable body shared with a cache, written without a copy. A
  // middleware that must read or keep the body calls Body(), or MaterialiseBody() first.
  std::shared_ptr<const std::string> shared_body;
  Headers headers;
  bool close = false;  // ask the server to close the connection after this response

  std::string_view Body() const { return shared_body ? std::string_view(*shared_body) : std::string_view(body); }
  void MaterialiseBody() {
    if (shared_body) {
      body = *shared_body;
      shared_body.reset();
    }
  }

  void SetHeader(std::string name, std::string value);
  std::string_view Header(std::string_view name) const;

  static Response Json(int status, std::string body);
  static Response Text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  static Response NoContent();
};

// problem+json body for an error (API-CONVENTIONS.md): type, title, status, code, detail,
// traceId, and `errors` for validation failures.
Response ProblemResponse(const Error& error, std::string_view trace_id);

using Handler = std::function<boost::asio::awaitable<Response>(Request&)>;
using Next = std::function<boost::asio::awaitable<Response>(Request&)>;
using Middleware = std::function<boost::asio::awaitable<Response>(Request&, const Next&)>;

// A handler that answers without waiting on anything.
template <class F>
Handler Sync(F f) {
  return [f = std::move(f)](Request& req) -> boost::asio::awaitable<Response> { co_return f(req); };
}

}  // namespace hotel::runtime
