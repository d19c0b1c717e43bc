// HttpClient's connection pool: keep-alive reuse, bounds per host, idle expiry, retries on a
// connection the server dropped, connections moving between io_contexts and outliving them.
#include "runtime/http_client_test_support.hpp"

namespace hotel::runtime::testing {
namespace {

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

// Issue 13: a named pool is a bulkhead. The default pool full of calls that hang does not
// make a call of the "booking" pool wait, and the other way round.
TEST_F(HttpClientTest, NamedPoolsNeverWaitForEachOther) {
  TestServer server([](ServerConn& c) -> asio::awaitable<void> {
    while (auto request = co_await c.Read()) {
      if (request->target() == "/hang") {
        co_await c.WaitForClose();
        co_return;
      }
      co_await c.Write(Response(200, "ok"));
    }
  });
  HttpClient client(io_.get_executor(), {.pool_size_per_host = 1, .pool_sizes = {{"booking", 1}}});
  std::optional<Result<ClientResponse>> hanging_default, hanging_booking, booking, search;
  const auto send = [&](std::string path, std::string pool, std::chrono::milliseconds timeout,
                        std::optional<Result<ClientResponse>>& out) {
    ClientRequest r{.url = server.Url(path), .timeout = timeout, .pool = std::move(pool)};
    asio::co_spawn(io_, client.Send(std::move(r)), [&out](std::exception_ptr, Result<ClientResponse> v) { out = v; });
  };
  send("/hang", "", 600ms, hanging_default);  // holds the default pool's only connection
  send("/ok", "booking", 300ms, booking);     // its own pool: not behind it
  io_.run();
  ASSERT_TRUE(booking && *booking) << (booking && !*booking ? booking->error().detail : "no answer");
  EXPECT_EQ((*booking)->status, 200);
  ASSERT_TRUE(hanging_default);
  ASSERT_FALSE(*hanging_default) << (*hanging_default)->status;
  io_.restart();
  send("/hang", "booking", 600ms, hanging_booking);  // now the booking pool is the full one
  send("/ok", "", 300ms, search);
  io_.run();
  ASSERT_TRUE(search && *search) << (search && !*search ? search->error().detail : "no answer");
  EXPECT_EQ((*search)->status, 200);
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
}  // namespace hotel::runtime::testing
