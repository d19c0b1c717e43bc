// HttpClient against a scripted in-test TCP server on 127.0.0.1 (port 0), and behind a real
// HttpServer for the client-outlives-server case.
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

namespace hotel::runtime {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using Request = http::request<http::string_body>;
constexpr auto kUseTuple = asio::as_tuple(asio::use_awaitable);
// Generous for ASan on a loaded 2-core machine, still far below the timeouts under test.
constexpr auto kSlack = 400ms;

std::string Response(int status, std::string_view body, std::string_view headers = "") {
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

asio::awaitable<std::optional<Request>> ServerConn::Read() {
  Request request;
  auto [ec, n] = co_await http::async_read(socket, buffer, request, kUseTuple);
  if (ec) co_return std::nullopt;
  server.Record(request);
  co_return request;
}

bool Eventually(const std::function<bool()>& condition) {
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

TEST_F(HttpClientTest, GetRoundTripWithCaseInsensitiveHeaders) {
  TestServer server([](ServerConn& c) -> asio::awaitable<void> {
    while (auto request = co_await c.Read()) {
      co_await c.Write(Response(200, "hello", "Content-Type: text/plain\r\nX-Seen-Target: " +
                                                  std::string(request->target()) + "\r\n"));
    }
  });
  HttpClient client(io_.get_executor());
  ClientRequest request;
  request.url = server.Url("/rooms?city=Paris");
  request.headers = {{"X-Request-Id", "r-1"}};
  auto response = Call(client, request);
  ASSERT_TRUE(response) << response.error().detail;
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hello");
  EXPECT_EQ(response->Header("content-type"), "text/plain");
  EXPECT_EQ(response->Header("CONTENT-TYPE"), "text/plain");
  EXPECT_EQ(response->Header("x-seen-target"), "/rooms?city=Paris");
  EXPECT_EQ(response->Header("x-missing"), "");

  const auto seen = server.Requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method(), http::verb::get);
  EXPECT_EQ(seen[0][http::field::host], fmt::format("127.0.0.1:{}", server.Port()));
  EXPECT_EQ(seen[0][http::field::user_agent], "hotel-platform");
  EXPECT_EQ(seen[0]["x-request-id"], "r-1");
  EXPECT_EQ(seen[0].count(http::field::content_type), 0u);
  EXPECT_EQ(seen[0].count("traceparent"), 0u);
}

TEST_F(HttpClientTest, PostRoundTripSendsBodyAndContentType) {
  TestServer server([](ServerConn& c) -> asio::awaitable<void> {
    while (auto request = co_await c.Read()) co_await c.Write(Response(201, "got:" + request->body()));
  });
  HttpClient client(io_.get_executor());
  ClientRequest request;
  request.method = "POST";
  request.url = server.Url("/bookings");
  request.headers = {{"Content-Type", "application/json"}, {"Content-Length", "999"}};
  request.body = R"({"a":1})";
  auto response = Call(client, request);
  ASSERT_TRUE(response) << response.error().detail;
  EXPECT_EQ(response->status, 201);
  EXPECT_EQ(response->body, R"(got:{"a":1})");

  const auto seen = server.Requests();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].method(), http::verb::post);
  EXPECT_EQ(seen[0][http::field::content_type], "application/json");
  EXPECT_EQ(seen[0][http::field::content_length], "7");  // the caller's value is ignored
  EXPECT_EQ(seen[0].body(), R"({"a":1})");
}

TEST_F(HttpClientTest, LargeBodiesArriveWholeHoweverTheyAreFramedOrSplit) {
  // A 900 KB request body (more than a socket takes at once), and answers of every framing:
  // a 1.5 MB body in uneven pieces with pauses, a chunked body, and one delimited by the close.
  std::string big(900000, 'q');
  for (std::size_t i = 0; i < big.size(); i += 997) big[i] = static_cast<char>('a' + i % 26);
  std::string answer(1500000, 'z');
  for (std::size_t i = 0; i < answer.size(); i += 1009) answer[i] = static_cast<char>('A' + i % 26);
  TestServer server([&](ServerConn& c) -> asio::awaitable<void> {
    while (auto request = co_await c.Read()) {
      if (request->target() == "/split") {
        const std::string whole = Response(200, answer);
        for (std::size_t at = 0, step = 7; at < whole.size(); at += step, step = step * 3 % 400000 + 1) {
          if (!co_await c.Write(whole.substr(at, step))) co_return;
          if (at % 3 == 0) co_await c.Sleep(1ms);
        }
      } else if (request->target() == "/chunked") {
        co_await c.Write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
        co_await c.Sleep(2ms);
        co_await c.Write("7\r\n, world\r\n0\r\n\r\n");
      } else if (request->target() == "/close") {
        co_await c.Write("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\nuntil ");
        co_await c.Sleep(2ms);
        co_await c.Write("the end");
        co_return;
      } else {
        co_await c.Write(Response(200, request->body()));
      }
    }
  });
  HttpClient client(io_.get_executor());
  ClientRequest post;
  post.method = "POST";
  post.url = server.Url("/echo");
  post.body = big;
  auto echoed = Call(client, post);
  ASSERT_TRUE(echoed) << echoed.error().detail;
  EXPECT_TRUE(echoed->body == big) << "the request body came back altered, " << echoed->body.size() << " bytes";

  auto split = Get(client, server.Url("/split"));
  ASSERT_TRUE(split) << split.error().detail;
  EXPECT_TRUE(split->body == answer) << split->body.size() << " bytes";

  auto chunked = Get(client, server.Url("/chunked"));
  ASSERT_TRUE(chunked) << chunked.error().detail;
  EXPECT_EQ(chunked->body, "hello, world");

  auto closed = Get(client, server.Url("/close"));
  ASSERT_TRUE(closed) << closed.error().detail;
  EXPECT_EQ(closed->body, "until the end");
}

TEST_F(HttpClientTest, SequentialCallsReuseOneKeepAliveConnection) {
  TestServer server([](ServerConn& c) { return c.Echo(); });
  HttpClient client(io_.get_executor());
  for (int i = 0; i < 5; ++i) {
    auto response = Get(client, server.Url());
    ASSERT_TRUE(response) << response.error().detail;
  }
  const auto stats = client.GetStats();
  EXPECT_EQ(server.Accepts(), 1);
  EXPECT_EQ(stats.connections_created, 1u);
  EXPECT_EQ(stats.requests, 5u);
  EXPECT_EQ(stats.connections_open, 1u);
  EXPECT_EQ(stats.connections_idle, 1u);
}

TEST_F(HttpClientTest, PoolBoundsConcurrentConnectionsPerHost) {
  TestServer server([](ServerConn& c) -> asio::awaitable<void> {
    while (auto request = co_await c.Read()) {
      co_await c.Sleep(10ms);  // keeps calls overlapping
      co_await c.Write(Response(200, "ok"));
    }
  });
  HttpClient client(io_.get_executor(), {.pool_size_per_host = 2});
  int succeeded = 0;
  for (int i = 0; i < 10; ++i) {
    ClientRequest request;
    request.url = server.Url();
    request.timeout = 3s;
    auto task = client.Send(std::move(request));
    asio::co_spawn(io_, std::move(task), [&](std::exception_ptr e, Result<ClientResponse> r) {
      EXPECT_FALSE(e);
      EXPECT_TRUE(r) << r.error().detail;
      succeeded += r.has_value();
    });
  }
  io_.run();
  EXPECT_EQ(succeeded, 10);
  EXPECT_LE(server.MaxConcurrent(), 2);
  EXPECT_EQ(server.Accepts(), 2);
  EXPECT_EQ(client.GetStats().connections_created, 2u);
  EXPECT_EQ(client.GetStats().connections_idle, 2u);
}

TEST_F(HttpClientTest, DeadlineOnSilentServerTimesOutAndClosesConnection) {
  TestServer server([](ServerConn& c) -> asio::awaitable<void> {
    co_await c.Read();
    co_await c.WaitForClose();
  });
  HttpClient client(io_.get_executor());
  const auto start = Clock::now();
  auto response = Get(client, server.Url(), 200ms);
  const auto elapsed = Clock::now() - start;
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, Errc::upstream_timeout);
  EXPECT_NE(response.error().detail.find(fmt::format("127.0.0.1:{}", server.Port())), std::string::npos);
  EXPECT_NE(response.error().detail.find("200 ms"), std::string::npos) << response.error().detail;
  EXPECT_GE(elapsed, 200ms);
  EXPECT_LT(elapsed, 200ms + kSlack);
  EXPECT_TRUE(Eventually([&] { return server.Closed() == 1; }));
  EXPECT_EQ(client.GetStats().connections_open, 0u);
}

TEST_F(HttpClientTest, DeadlineCoversATricklingResponse) {
  TestServer server([](ServerConn& c) -> asio::awaitable<void> {
    co_await c.Read();
    co_await c.Write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
    do co_await c.Sleep(2ms);  // each byte completes one read inside Beast's composed read
    while (co_await c.Write("x"));
  });
  HttpClient client(io_.get_executor());
  const auto start = Clock::now();
  auto response = Get(client, server.Url(), 150ms);
  const auto elapsed = Clock::now() - start;
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, Errc::upstream_timeout);
  EXPECT_NE(response.error().detail.find("waiting for the response"), std::string::npos) << response.error().detail;
  EXPECT_LT(elapsed, 150ms + kSlack);
  EXPECT_TRUE(Eventually([&] { return server.Closed() == 1; }));
}

TEST_F(HttpClientTest, WaitingForAFullPoolCountsAgainstTheDeadline) {
  TestServer server([](ServerConn& c) -> asio::awaitable<void> {
    co_await c.Read();
    co_await c.WaitForClose();
  });
  HttpClient client(io_.get_executor(), {.pool_size_per_host = 1});
  std::optional<Result<ClientResponse>> first, second;
  ClientRequest slow{.url = server.Url(), .timeout = 300ms};
  ClientRequest queued{.url = server.Url(), .timeout = 100ms};
  auto slow_task = client.Send(slow);
  auto queued_task = client.Send(queued);
  asio::co_spawn(io_, std::move(slow_task), [&](std::exception_ptr, Result<ClientResponse> r) { first = r; });
  asio::co_spawn(io_, std::move(queued_task), [&](std::exception_ptr, Result<ClientResponse> r) { second = r; });
  io_.run();
  ASSERT_TRUE(first && second);
  ASSERT_FALSE(*second);
  EXPECT_EQ(second->error().code, Errc::upstream_timeout);
  EXPECT_NE(second->error().detail.find("waiting for a pooled connection"), std::string::npos) << second->error().detail;
  ASSERT_FALSE(*first);
  EXPECT_EQ(first->error().code, Errc::upstream_timeout);
  EXPECT_EQ(server.Accepts(), 1);
  EXPECT_EQ(client.GetStats().connections_open, 0u);
}

TEST_F(HttpClientTest, ConnectionRefusedIsUnavailable) {
  std::uint16_t port = 0;
  {
    asio::io_context scratch;
    tcp::acceptor probe(scratch, {asio::ip::make_address("127.0.0.1"), 0});
    port = probe.local_endpoint().port();
  }  // closed: nothing listens there now
  HttpClient client(io_.get_executor());
  auto response = Get(client, fmt::format("http://127.0.0.1:{}/", port));
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, Errc::upstream_unavailable);
  EXPECT_NE(response.error().detail.find("cannot connect"), std::string::npos) << response.error().detail;
}

TEST_F(HttpClientTest, MalformedResponseIsUnavailableWithBoundedExcerpt) {
  TestServer server([](ServerConn& c) -> asio::awaitable<void> {
    co_await c.Read();
    co_await c.Write("NOT HTTP " + std::string(5000, 'x') + "\r\n\r\n");
    co_await c.WaitForClose();
  });
  HttpClient client(io_.get_executor());
  auto response = Get(client, server.Url());
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, Errc::upstream_unavailable);
  EXPECT_NE(response.error().detail.find("malformed"), std::string::npos) << response.error().detail;
  EXPECT_NE(response.error().detail.find("NOT HTTP"), std::string::npos) << response.error().detail;
  EXPECT_LT(response.error().detail.size(), 300u);
  EXPECT_TRUE(Eventually([&] { return server.Closed() == 1; }));
}

TEST_F(HttpClientTest, BodyOverLimitIsUnavailable) {
  TestServer server([](ServerConn& c) -> asio::awaitable<void> {
    co_await c.Read();
    if (c.index == 0) {
      co_await c.Write(Response(200, std::string(4096, 'a')));
    } else {  // no Content-Length: the limit must hold while streaming chunks too
      const std::string chunk(800, 'b');
      co_await c.Write(fmt::format("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n320\r\n{0}\r\n320\r\n{0}\r\n0\r\n\r\n", chunk));
    }
    co_await c.WaitForClose();
  });
  HttpClient client(io_.get_executor(), {.max_response_bytes = 1024});
  for (int i = 0; i < 2; ++i) {
    auto response = Get(client, server.Url());
    ASSERT_FALSE(response);
    EXPECT_EQ(response.error().code, Errc::upstream_unavailable);
    EXPECT_NE(response.error().detail.find("larger than 1024 bytes"), std::string::npos) << response.error().detail;
  }
  EXPECT_EQ(server.Accepts(), 2);
}

TEST_F(HttpClientTest, IdleConnectionClosedByServerIsReplaced) {
  TestServer server([](ServerConn& c) -> asio::awaitable<void> {
    co_await c.Read();
    co_await c.Write(Response(200, "once"));  // keep-alive response, then the server hangs up
  });
  HttpClient client(io_.get_executor());
  ASSERT_TRUE(Get(client, server.Url()));
  ASSERT_TRUE(Eventually([&] { return server.Closed() == 1; }));
  auto response = Get(client, server.Url());
  ASSERT_TRUE(response) << response.error().detail;
  EXPECT_EQ(response->body, "once");
  EXPECT_EQ(server.Accepts(), 2);
}

TEST_F(HttpClientTest, ReusedConnectionDroppedBeforeAnsweringIsRetriedOnce) {
  TestServer server([](ServerConn& c) -> asio::awaitable<void> {
    if (c.index > 0) co_return co_await c.Echo();
    co_await c.Read();
    co_await c.Write(Response(200, "first"));
    co_await c.Read();  // the stale keep-alive race: the request arrives as the server closes
  });
  HttpClient client(io_.get_executor());
  ASSERT_TRUE(Get(client, server.Url()));
  auto response = Get(client, server.Url());
  ASSERT_TRUE(response) << response.error().detail;
  EXPECT_EQ(server.Accepts(), 2);
  EXPECT_EQ(client.GetStats().connections_created, 2u);
}

TEST_F(HttpClientTest, FreshConnectionDroppedBeforeAnsweringIsNotRetried) {
  TestServer server([](ServerConn& c) -> asio::awaitable<void> { co_await c.Read(); });
  HttpClient client(io_.get_executor());
  auto response = Get(client, server.Url());
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, Errc::upstream_unavailable);
  EXPECT_NE(response.error().detail.find("without responding"), std::string::npos) << response.error().detail;
  EXPECT_EQ(server.Accepts(), 1);
}

TEST_F(HttpClientTest, PartiallyAnsweredRequestIsNotRetried) {
  TestServer server([](ServerConn& c) -> asio::awaitable<void> {
    co_await c.Read();
    co_await c.Write(Response(200, "first"));
    co_await c.Read();
    co_await c.Write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
  });
  HttpClient client(io_.get_executor());
  ASSERT_TRUE(Get(client, server.Url()));
  auto response = Get(client, server.Url());
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, Errc::upstream_unavailable);
  EXPECT_NE(response.error().detail.find("mid-response"), std::string::npos) << response.error().detail;
  EXPECT_EQ(server.Accepts(), 1);
}

TEST_F(HttpClientTest, ConnectionCloseResponseIsNotPooled) {
  TestServer server([](ServerConn& c) -> asio::awaitable<void> {
    co_await c.Read();
    co_await c.Write(Response(200, "bye", "Connection: close\r\n"));
    co_await c.WaitForClose();
  });
  HttpClient client(io_.get_executor());
  ASSERT_TRUE(Get(client, server.Url()));
  EXPECT_EQ(client.GetStats().connections_idle, 0u);
  EXPECT_TRUE(Eventually([&] { return server.Closed() == 1; }));  // the client closed it
  ASSERT_TRUE(Get(client, server.Url()));
  EXPECT_EQ(server.Accepts(), 2);
}

TEST_F(HttpClientTest, IdleConnectionsExpireAfterIdleTimeout) {
  TestServer server([](ServerConn& c) { return c.Echo(); });
  HttpClient client(io_.get_executor(), {.idle_timeout = 30ms});
  ASSERT_TRUE(Get(client, server.Url()));
  std::this_thread::sleep_for(60ms);
  ASSERT_TRUE(Get(client, server.Url()));
  EXPECT_EQ(client.GetStats().connections_created, 2u);
  EXPECT_TRUE(Eventually([&] { return server.Closed() == 1; }));
}

TEST_F(HttpClientTest, SendsChildTraceparent) {
  TestServer server([](ServerConn& c) { return c.Echo(); });
  HttpClient client(io_.get_executor());
  const auto root = TraceContext::NewRoot();
  ClientRequest request{.url = server.Url()};
  ASSERT_TRUE(Call(client, request, &root));

  const auto seen = server.Requests();
  ASSERT_EQ(seen.size(), 1u);
  const std::string header(seen[0]["traceparent"]);
  const auto sent = TraceContext::FromTraceparent(header);
  ASSERT_TRUE(sent) << header;
  EXPECT_EQ(sent->TraceId(), root.TraceId());
  const std::string_view sent_span(sent->parent_span_id.data(), sent->parent_span_id.size());
  EXPECT_NE(sent_span, root.SpanId());
  EXPECT_EQ(header, fmt::format("00-{}-{}-01", root.TraceId(), sent_span));
}

TEST_F(HttpClientTest, CancellationByTimerAbortsAndDropsConnection) {
  using namespace asio::experimental::awaitable_operators;
  TestServer server([](ServerConn& c) -> asio::awaitable<void> {
    if (c.index > 0) co_return co_await c.Echo();
    co_await c.Read();
    co_await c.WaitForClose();
  });
  HttpClient client(io_.get_executor());
  auto race = [&]() -> asio::awaitable<std::size_t> {
    asio::steady_timer timer(co_await asio::this_coro::executor, 100ms);
    ClientRequest request{.url = server.Url(), .timeout = 5s};
    auto send = client.Send(std::move(request));
    auto wait = timer.async_wait(asio::use_awaitable);
    auto winner = co_await (std::move(send) || std::move(wait));
    co_return winner.index();
  };
  const auto start = Clock::now();
  EXPECT_EQ(RunOn(io_, race()), 1u);
  EXPECT_LT(Clock::now() - start, 100ms + kSlack);
  EXPECT_EQ(client.GetStats().connections_open, 0u);
  EXPECT_TRUE(Eventually([&] { return server.Closed() == 1; }));

  auto next = Get(client, server.Url());
  ASSERT_TRUE(next) << next.error().detail;
  EXPECT_EQ(server.Accepts(), 2);
  EXPECT_EQ(client.GetStats().connections_created, 2u);
}

TEST_F(HttpClientTest, CancellationSlotBoundAtCoSpawnAbortsTheCall) {
  TestServer server([](ServerConn& c) -> asio::awaitable<void> {
    co_await c.Read();
    co_await c.WaitForClose();
  });
  HttpClient client(io_.get_executor());
  asio::cancellation_signal signal;
  std::optional<Result<ClientResponse>> result;
  ClientRequest request{.url = server.Url(), .timeout = 5s};
  auto task = client.Send(std::move(request));
  asio::co_spawn(io_, std::move(task),
                 asio::bind_cancellation_slot(signal.slot(), [&](std::exception_ptr, Result<ClientResponse> r) { result = r; }));
  asio::steady_timer timer(io_, 50ms);
  timer.async_wait([&](boost::system::error_code) { signal.emit(asio::cancellation_type::terminal); });
  const auto start = Clock::now();
  io_.run();
  EXPECT_LT(Clock::now() - start, 50ms + kSlack);
  ASSERT_TRUE(result);
  ASSERT_FALSE(*result);
  EXPECT_NE(result->error().detail.find("cancelled"), std::string::npos) << result->error().detail;
  EXPECT_EQ(client.GetStats().connections_open, 0u);
  EXPECT_TRUE(Eventually([&] { return server.Closed() == 1; }));
}

TEST_F(HttpClientTest, RejectsBadUrlsMethodsAndHeaders) {
  HttpClient client(io_.get_executor());
  for (std::string url : {"not a url", "/relative", "ftp://127.0.0.1/", "http:///path", "https://127.0.0.1/",
                          "http://exa mple.com/", "http://127.0.0.1:99999/", "http://user:pw@127.0.0.1/"}) {
    auto response = Get(client, url);
    ASSERT_FALSE(response) << url;
    EXPECT_EQ(response.error().code, Errc::validation_failed) << url;
  }
  ClientRequest bad_method{.method = "BREW", .url = "http://127.0.0.1:1/"};
  auto response = Call(client, bad_method);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, Errc::validation_failed);
  ClientRequest bad_header{.url = "http://127.0.0.1:1/", .headers = {{"X-Evil", "a\r\nHost: elsewhere"}}};
  response = Call(client, bad_header);
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, Errc::validation_failed);
  EXPECT_EQ(client.GetStats().connections_created, 0u);
}

TEST_F(HttpClientTest, PooledConnectionMovesToTheCallersExecutor) {
  // Each io_context runs only while its own call is in flight: a socket still registered
  // with the first one would never complete on the second.
  TestServer server([](ServerConn& c) { return c.Echo(); });
  asio::io_context other;
  HttpClient client(io_.get_executor());
  ASSERT_TRUE(Get(client, server.Url()));
  ClientRequest request{.url = server.Url(), .timeout = 2s};
  auto task = client.Send(request);
  auto response = RunOn(other, std::move(task));
  ASSERT_TRUE(response) << response.error().detail;
  EXPECT_EQ(server.Accepts(), 1);
}

// The bug `hotel serve` hit: pooled sockets stayed registered with the io_context that last
// used them (an HttpServer thread's), and the client touched that context after its death.
TEST_F(HttpClientTest, ClientOutlivesTheIoContextThatLeftAnIdleConnection) {
  TestServer server([](ServerConn& c) { return c.Echo(); });
  auto client = std::make_unique<HttpClient>(io_.get_executor());
  {
    asio::io_context gone;
    ClientRequest request{.url = server.Url(), .timeout = 2s};
    auto task = client->Send(request);
    ASSERT_TRUE(RunOn(gone, std::move(task)));
    ASSERT_EQ(client->GetStats().connections_idle, 1u);
  }
  client.reset();  // closes the idle connection: ASan flagged this as a use-after-free
  EXPECT_TRUE(Eventually([&] { return server.Closed() == 1; }));
}

TEST_F(HttpClientTest, IdleConnectionIsReusedAfterItsIoContextIsGone) {
  TestServer server([](ServerConn& c) { return c.Echo(); });
  HttpClient client(io_.get_executor());
  ClientRequest request{.url = server.Url(), .timeout = 2s};
  for (int round = 0; round < 3; ++round) {
    asio::io_context short_lived;
    auto task = client.Send(request);
    auto response = RunOn(short_lived, std::move(task));
    ASSERT_TRUE(response) << response.error().detail;
  }
  EXPECT_EQ(server.Accepts(), 1);
  EXPECT_EQ(client.GetStats().connections_created, 1u);
  EXPECT_EQ(client.GetStats().connections_idle, 1u);
}

TEST_F(HttpClientTest, IdleConnectionExpiresAfterItsIoContextIsGone) {
  TestServer server([](ServerConn& c) { return c.Echo(); });
  HttpClient client(io_.get_executor(), {.idle_timeout = 30ms});
  {
    asio::io_context gone;
    ClientRequest request{.url = server.Url(), .timeout = 2s};
    auto task = client.Send(request);
    ASSERT_TRUE(RunOn(gone, std::move(task)));
  }
  std::this_thread::sleep_for(60ms);
  ASSERT_TRUE(Get(client, server.Url()));  // sweeps the expired connection, then connects anew
  EXPECT_EQ(client.GetStats().connections_created, 2u);
  EXPECT_TRUE(Eventually([&] { return server.Closed() == 1; }));
}

// `hotel serve` without its workaround (resetting the client after Run()): server handlers
// call through the client, the server and its per-thread io_contexts are destroyed, then the
// client, which still pools the connections those handlers left idle.
TEST_F(HttpClientTest, ClientOutlivesAnHttpServerWhoseHandlersCalledThroughIt) {
  TestServer upstream([](ServerConn& c) { return c.Echo(); });
  auto client = std::make_shared<HttpClient>(asio::system_executor());
  Router router;
  // Qualified: this file's Request and Response are the test server's.
  router.Post("/relay", [&](runtime::Request& in) -> asio::awaitable<runtime::Response> {
    ClientRequest out{.method = "POST", .url = upstream.Url(), .body = std::string(in.body)};
    auto relayed = co_await client->Send(std::move(out));
    co_return relayed ? runtime::Response::Text(relayed->status, relayed->body)
                      : runtime::Response::Text(502, relayed.error().detail);
  });
  Logger log("test", LogLevel::error, MakeCallbackSink([](std::string_view) {}));
  MetricsRegistry metrics;
  {
    HttpServer server({.threads = 2, .access_log = false}, std::move(router), {}, log, metrics);
    const auto port = server.Listen();
    std::thread thread([&] { server.Run(false); });
    for (int i = 0; i < 4; ++i) {  // a connection each: the server spreads them over its threads
      asio::io_context io;
      tcp::socket socket(io);
      socket.connect({asio::ip::make_address("127.0.0.1"), port});
      Request request{http::verb::post, "/relay", 11};
      request.set(http::field::host, "127.0.0.1");
      request.body() = fmt::format("call {}", i);
      request.prepare_payload();
      http::write(socket, request);
      boost::beast::flat_buffer buffer;
      http::response<http::string_body> response;
      http::read(socket, buffer, response);
      EXPECT_EQ(response.result_int(), 200) << response.body();
      EXPECT_EQ(response.body(), request.body());
    }
    server.Shutdown();
    thread.join();
  }
  EXPECT_GE(client->GetStats().connections_idle, 1u);
  client.reset();
  EXPECT_TRUE(Eventually([&] { return upstream.Closed() == upstream.Accepts(); }));
}

TEST_F(HttpClientTest, SharedAcrossThreads) {
  TestServer server([](ServerConn& c) { return c.Echo(); });
  asio::io_context io_a, io_b;
  HttpClient client(io_.get_executor(), {.pool_size_per_host = 2});
  std::atomic<int> succeeded{0};
  auto worker = [&](asio::io_context& io) {
    for (int i = 0; i < 20; ++i) {
      ClientRequest request{.url = server.Url(), .timeout = 2s};
      auto task = client.Send(request);
      auto response = RunOn(io, std::move(task));
      succeeded += response.has_value();
    }
  };
  std::thread a(worker, std::ref(io_a)), b(worker, std::ref(io_b));
  a.join();
  b.join();
  EXPECT_EQ(succeeded, 40);
  EXPECT_LE(server.MaxConcurrent(), 2);
  EXPECT_LE(client.GetStats().connections_created, 2u);
}

}  // namespace
}  // namespace hotel::runtime
