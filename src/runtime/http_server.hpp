// HTTP/1.1 server: Beast + Asio C++20 coroutines, one io_context per thread, keep-alive,
// body/header limits, always-on observability (request id, traceparent, access log,
// metrics) around the middleware chain, and graceful drain on SIGTERM/SIGINT.
#pragma once

#include "runtime/http.hpp"
#include "runtime/log.hpp"
#include "runtime/metrics.hpp"
#include "runtime/router.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace hotel::runtime {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  int threads = 1;
  std::uint64_t body_limit = 1 << 20;
  std::uint32_t header_limit = 16 * 1024;
  std::chrono::milliseconds idle_timeout{60000};
  std::chrono::milliseconds body_timeout{30000};
  std::chrono::milliseconds shutdown_grace{10000};
  std::string service_name = "hotel";
  bool access_log = true;
  // SO_SNDBUF of accepted connections: room for a whole search answer (~200–300 KB) at once, so
  // a response is handed to the kernel in one write instead of a write per window update (each
  // a wake-up of a busy server thread). 0: the kernel's default (autotuned from 16 KB).
  int send_buffer_bytes = 1 << 20;
};

class HttpServer {
 public:
  HttpServer(ServerOptions options, Router router, std::vector<Middleware> middleware, Logger& log,
             MetricsRegistry& metrics);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens; throws std::system_error (e.g. address in use). Returns the port.
  std::uint16_t Listen();
  // Serves until a graceful shutdown completes. With `handle_signals`, SIGINT/SIGTERM start
  // one (a second signal stops at once).
  void Run(bool handle_signals = true);
  // Stops accepting, closes idle connections, lets in-flight requests finish (up to the
  // grace period), then makes Run() return. Thread-safe, idempotent.
  void Shutdown();

  // An executor of the server's threads, for modules' background tasks.
  boost::asio::any_io_executor executor() const;
  // Called once when a shutdown begins (before draining), e.g. to stop background tasks.
  void OnShutdown(std::function<void()> fn);

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace hotel::runtime
