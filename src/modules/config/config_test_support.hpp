// Test-only helpers for the config module: a migrated database, principals, and calling routes in-process.
#pragma once

#include "core/principal.hpp"
#include "ports/database.hpp"
#include "runtime/http.hpp"
#include "runtime/log.hpp"
#include "runtime/router.hpp"
#include "storage/migrator.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace hotel::config::testing {

// Opens `url` and applies every embedded migration (so the seed's flags and weights exist).
inline std::unique_ptr<ports::Database> OpenMigrated(const std::string& url) {
  ports::DatabaseOptions options;
  options.url = url;
  options.pool_size = 4;
  auto db = ports::OpenDatabase(options);
  EXPECT_TRUE(db) << (db ? "" : db.error().detail);
  if (!db) return nullptr;
  storage::Migrator migrator(**db, storage::EmbeddedMigrations((*db)->dialect()));
  auto up = migrator.Up();
  EXPECT_TRUE(up) << (up ? "" : up.error().detail);
  return std::move(*db);
}

inline std::shared_ptr<const Principal> MakePrincipal(Role role, std::string tenant = "tnt_platform") {
  auto p = std::make_shared<Principal>();
  p->tenant_id = tenant;
  p->tenant_path = "/" + tenant + "/";
  p->role = role;
  p->user_id = "usr_" + std::string(RoleName(role));
  p->subject = std::string(RoleName(role)) + "@example.com";
  return p;
}

struct CallResult {
  int status = 0;
  std::string content_type;
  boost::json::value body;  // null for an empty body
};

// Routes and runs one request the way the server would, on a private io_context.
inline CallResult Call(const runtime::Router& router, std::string method, std::string target, std::string body = {},
                       std::shared_ptr<const Principal> principal = nullptr) {
  runtime::Request req;
  req.method = method;
  req.target = target;
  const auto q = target.find('?');
  req.path = std::string_view(target).substr(0, q);
  req.query = q == std::string::npos ? std::string_view() : std::string_view(target).substr(q + 1);
  req.body = body;
  req.principal = std::move(principal);
  auto match = router.Find(method, req.path);
  if (!match.route) return {match.allowed.empty() ? 404 : 405, "", {}};
  req.params = match.params;
  req.route = match.route->path_template;
  boost::asio::io_context io;
  auto future = boost::asio::co_spawn(io, match.route->handler(req), boost::asio::use_future);
  io.run();
  runtime::Response res = future.get();
  CallResult out{res.status, res.content_type, {}};
  if (!res.body.empty()) out.body = boost::json::parse(res.body);
  return out;
}

// The `field` of each entry of a problem's `errors`.
inline std::vector<std::string> ErrorFields(const CallResult& r) {
  std::vector<std::string> out;
  if (!r.body.is_object()) return out;
  if (const auto* errors = r.body.as_object().if_contains("errors")) {
    for (const auto& e : errors->as_array()) out.emplace_back(e.as_object().at("field").as_string());
  }
  return out;
}

// A logger whose lines are kept for assertions.
class CapturedLog {
 public:
  CapturedLog()
      : log_("test", runtime::LogLevel::debug, runtime::MakeCallbackSink([this](std::string_view line) {
               std::lock_guard lock(mutex_);
               lines_.emplace_back(line);
             })) {}
  runtime::Logger& log() { return log_; }
  std::vector<std::string> Lines() {
    log_.Flush();
    std::lock_guard lock(mutex_);
    return lines_;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> lines_;
  runtime::Logger log_;
};

}  // namespace hotel::config::testing
