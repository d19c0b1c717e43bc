// Test helpers: a fake Authenticator and an HttpServer on 127.0.0.1 port 0 with captured logs.
#pragma once

#include "modules/identity/authenticator.hpp"
#include "runtime/http_server.hpp"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace hotel::api_gateway::testing {

// "good-jwt" -> a user of tnt_a; "good-key" -> an API key of tnt_b; "other-jwt" -> a user of
// tnt_c; "db-down" -> upstream_unavailable; anything else -> unauthenticated.
class FakeAuthenticator final : public identity::Authenticator {
 public:
  boost::asio::awaitable<Result<Principal>> Authenticate(const identity::Credentials& c) override {
    ++calls;
    if (c.bearer_token == "good-jwt") co_return Principal{"tnt_a", "/tnt_platform/tnt_a/", Role::agent, "usr_1", "", "a@example.com"};
    if (c.bearer_token == "other-jwt") co_return Principal{"tnt_c", "/tnt_platform/tnt_c/", Role::agent, "usr_3", "", "c@example.com"};
    if (c.api_key == "good-key") co_return Principal{"tnt_b", "/tnt_platform/tnt_b/", Role::agent, "", "key_1", "hk_live_ab"};
    if (c.bearer_token == "db-down") co_return Error::Unavailable("The identity store is unreachable.");
    co_return Error{Errc::unauthenticated, "The credentials are invalid.", {}};
  }
  std::atomic<int> calls{0};
};

// One HttpServer on its own thread; stopped (gracefully) on destruction.
class TestServer {
 public:
  TestServer(runtime::Router router, std::vector<runtime::Middleware> middleware, runtime::Logger& log,
             runtime::MetricsRegistry& metrics) {
    runtime::ServerOptions options;
    options.threads = 2;
    options.shutdown_grace = std::chrono::milliseconds(3000);
    options.service_name = "test";
    server_ = std::make_unique<runtime::HttpServer>(options, std::move(router), std::move(middleware), log, metrics);
    port_ = server_->Listen();
    thread_ = std::thread([this] { server_->Run(false); });
  }
  ~TestServer() { Stop(); }
  // Drains and returns once Run() has; the server (and its io_contexts) still exist.
  void Stop() {
    if (!thread_.joinable()) return;
    server_->Shutdown();
    thread_.join();
  }
  std::uint16_t port() const { return port_; }
  std::string Url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  std::unique_ptr<runtime::HttpServer> server_;
  std::thread thread_;
  std::uint16_t port_ = 0;
};

// A logger whose lines are kept for assertions.
class CapturedLog {
 public:
  CapturedLog()
      : logger_("test", runtime::LogLevel::debug, runtime::MakeCallbackSink([this](std::string_view line) {
                  std::lock_guard lock(mutex_);
                  lines_.emplace_back(line);
                })) {}
  runtime::Logger& logger() { return logger_; }
  std::string All() {
    logger_.Flush();
    std::lock_guard lock(mutex_);
    std::string out;
    for (const auto& l : lines_) out += l;
    return out;
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> lines_;
  runtime::Logger logger_;  // last: its sink thread may still call back while being destroyed
};

}  // namespace hotel::api_gateway::testing
