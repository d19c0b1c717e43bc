// Calling a module's routes directly (no server, no middleware) in handler tests: a caller of
// any role, the route the router finds, the reply parsed as JSON.
#pragma once

#include "core/principal.hpp"
#include "runtime/router.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace hotel::testing {

// Runs an awaitable to completion on a private io_context (rethrows what it throws).
template <class T>
T RunAwaitable(boost::asio::awaitable<T> a) {
  boost::asio::io_context io;
  auto f = boost::asio::co_spawn(io, std::move(a), boost::asio::use_future);
  io.run();
  return f.get();
}

struct HandlerReply {
  int status = 0;
  boost::json::value body;  // null when empty
  runtime::Response raw;
  // The problem's `code`; empty when there is none.
  std::string Code() const {
    return body.is_object() && body.as_object().contains("code") ? std::string(body.at("code").as_string()) : "";
  }
  // The fields named by a validation problem's `errors`.
  std::set<std::string> Fields() const {
    std::set<std::string> out;
    if (body.is_object() && body.as_object().contains("errors")) {
      for (const auto& e : body.at("errors").as_array()) out.insert(std::string(e.at("field").as_string()));
    }
    return out;
  }
  std::string Str(std::string_view field) const { return std::string(body.at(field).as_string()); }
  const boost::json::array& Items() const { return body.at("items").as_array(); }
};

// A caller with `role`: platform staff in tnt_platform, anyone else in tnt_dist; user
// "usr_<role>".
inline std::shared_ptr<const Principal> AsRole(Role role) {
  auto p = std::make_shared<Principal>();
  p->tenant_id = role == Role::platform_admin || role == Role::platform_ops ? "tnt_platform" : "tnt_dist";
  p->tenant_path = "/" + p->tenant_id + "/";
  p->role = role;
  p->tier = p->tenant_id == "tnt_platform" ? TenantTier::platform : TenantTier::distributor;
  p->user_id = "usr_" + std::string(RoleName(role));
  p->subject = std::string(RoleName(role)) + "@x.test";
  return p;
}

// The handler of the route `router` finds for method + target, called as `principal` (null:
// anonymous) with a fresh trace; a test failure when no route matches.
inline HandlerReply CallRoute(const runtime::Router& router, const std::string& method, const std::string& target,
                              const std::string& body, std::shared_ptr<const Principal> principal) {
  runtime::Request req;
  req.method = method;
  req.target = target;
  const auto q = target.find('?');
  req.path = std::string_view(target).substr(0, q);
  req.query = q == std::string::npos ? std::string_view{} : std::string_view(target).substr(q + 1);
  req.body = body;
  req.principal = std::move(principal);
  req.trace = runtime::TraceContext::NewRoot();
  auto match = router.Find(method, req.path);
  EXPECT_NE(match.route, nullptr) << method << " " << target;
  if (!match.route) return {};
  req.route = match.route->path_template;
  req.params = match.params;
  HandlerReply r;
  r.raw = RunAwaitable(match.route->handler(req));
  r.raw.MaterialiseBody();  // a body shared with a cache, copied so tests read raw.body
  r.status = r.raw.status;
  if (!r.raw.body.empty()) r.body = boost::json::parse(r.raw.body);
  // HOTEL_HANDLER_CONTRACT_LOG=<file>: every exchange as a JSON line, so handler responses can
  // be checked with tests/contract/validate.mjs before an end-to-end test exists.
  if (const char* file = std::getenv("HOTEL_HANDLER_CONTRACT_LOG"); file && *file) {
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    std::ofstream(file, std::ios::app) << boost::json::serialize(boost::json::object{
                                              {"method", method},
                                              {"path", std::string(req.path)},
                                              {"status", r.raw.status},
                                              {"contentType", r.raw.content_type},
                                              {"body", r.raw.body}})
                                       << "\n";
  }
  return r;
}

}  // namespace hotel::testing
