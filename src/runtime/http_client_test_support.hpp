// HttpClient's tests share this: a scripted TCP server on 127.0.0.1 (port 0) on its own
// thread, each accepted connection running a script, and a fixture that runs a call to its end.
#pragma once

#include "runtime/http_client.hpp"

#include "runtime/http_server.hpp"
#include "runtime/log.hpp"
#include "runtime/metrics.hpp"
#include "runtime/router.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <variant>

namespace hotel::runtime::testing {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Request = http::request<http::string_body>;
constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
// Generous for ASan on a loaded 2-core machine, still far below the timeouts under test.
constexpr auto kSlack = 400ms;

inline std::string Response(int status, std::string_view body, std::string_view headers = "") {
  return fmt::format("HTTP/1.1 {} Scripted\r\nContent-Length: {}\r\n{}\r\n{}", status, body.size(), headers, body);
}

class TestServer;

// One accepted connection, as a script sees it.
struct ServerConn {
  TestServer& server;
  tcp::socket socket;
  std::size_t index;  // accept order, from 0
  boost::beast::flat_buffer buffer;

  asio::awaitable<std::optional<Request>> Read();
  // False once the client has gone.
  asio::awaitable<bool> Write(std::string raw) {
    auto [ec, n] = co_await asio::async_write(socket, asio::buffer(raw), kUseTuple);
    co_return !ec;
  }
  // Returns once the client has closed its end (or the socket failed).
  asio::awaitable<void> WaitForClose() {
    char scratch[512];
    for (;;) {
      auto [ec, n] = co_await socket.async_read_some(asio::buffer(scratch), kUseTuple);
      if (ec) co_return;
    }
  }
  asio::awaitable<void> Sleep(std::chrono::milliseconds d) {
    asio::steady_timer timer(socket.get_executor(), d);
    co_await timer.async_wait(kUseTuple);
  }
  // Answers every request with 200 and the request body, until the client closes.
  asio::awaitable<void> Echo() {
    while (auto request = co_await Read()) co_await Write(Response(200, request->body()));
  }
};

// A loopback server on its own thread; each accepted connection runs `script`.
class TestServer {
 public:
  using Script = std::function<asio::awaitable<void>(ServerConn&)>;

  explicit TestServer(Script script) : script_(std::move(script)) {
    acceptor_.open(tcp::v4());
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    asio::co_spawn(io_, Accept(), [](std::exception_ptr) {});
    thread_ = std::thread([this] { io_.run(); });
  }
  ~TestServer() {
    io_.stop();
    thread_.join();
  }

  std::uint16_t Port() const { return acceptor_.local_endpoint().port(); }
  std::string Url(std::string_view path = "/") const { return fmt::format("http://127.0.0.1:{}{}", Port(), path); }
  int Accepts() const { return accepts_; }
  int MaxConcurrent() const { return max_active_; }
  int Closed() const { return closed_; }
  std::vector<Request> Requests() {
    std::lock_guard lock(mutex_);
    return requests_;
  }
  void Record(const Request& r) {
    std::lock_guard lock(mutex_);
    requests_.push_back(r);
  }

 private:
  asio::awaitable<void> Accept() {
    for (std::size_t index = 0;; ++index) {
      auto [ec, socket] = co_await acceptor_.async_accept(kUseTuple);
      if (ec) co_return;
      ++accepts_;
      asio::co_spawn(io_, Serve(std::move(socket), index), [](std::exception_ptr) {});
    }
  }
  asio::awaitable<void> Serve(tcp::socket socket, std::size_t index) {
    const int active = ++active_;
    for (int seen = max_active_; active > seen && !max_active_.compare_exchange_weak(seen, active);) {}
    ServerConn conn{*this, std::move(socket), index, {}};
    co_await script_(conn);
    boost::system::error_code ec;
    conn.socket.close(ec);
    --active_;
    ++closed_;
  }

  Script script_;  // outlives io_: frames destroyed with io_ may still refer to it
  asio::io_context io_;
  tcp::acceptor acceptor_{io_};
  std::atomic<int> accepts_{0}, active_{0}, max_active_{0}, closed_{0};
  std::mutex mutex_;
  std::vector<Request> requests_;
  std::thread thread_;
};

inline asio::awaitable<std::optional<Request>> ServerConn::Read() {
  Request request;
  auto [ec, n] = co_await http::async_read(socket, buffer, request, kUseTuple);
  if (ec) co_return std::nullopt;
  server.Record(request);
  co_return request;
}

inline bool Eventually(const std::function<bool()>& condition) {
  const auto until = Clock::now() + 2s;
  while (!condition()) {
    if (Clock::now() > until) return false;
    std::this_thread::sleep_for(2ms);
  }
  return true;
}

template <class T>
T RunOn(asio::io_context& io, asio::awaitable<T> task) {
  std::optional<T> out;
  std::exception_ptr error;
  asio::co_spawn(io, std::move(task), [&](std::exception_ptr e, T value) {
    error = e;
    out = std::move(value);
  });
  io.restart();
  io.run();
  if (error) std::rethrow_exception(error);
  return std::move(*out);
}

class HttpClientTest : public ::testing::Test {
 protected:
  Result<ClientResponse> Call(HttpClient& client, ClientRequest request, const TraceContext* trace = nullptr) {
    auto task = client.Send(std::move(request), trace);
    return RunOn(io_, std::move(task));
  }
  Result<ClientResponse> Get(HttpClient& client, std::string url, std::chrono::milliseconds timeout = 2s) {
    ClientRequest request;
    request.url = std::move(url);
    request.timeout = timeout;
    return Call(client, std::move(request));
  }

  asio::io_context io_;  // declared first: clients in tests are destroyed before it
};

}  // namespace hotel::runtime::testing
