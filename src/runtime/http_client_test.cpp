// HttpClient against a scripted in-test TCP server: requests and answers on the wire (headers,
// bodies of every framing and size), deadlines, failures and their messages, cancellation.
#include "runtime/http_client_test_support.hpp"

namespace hotel::runtime::testing {
namespace {

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

}  // namespace
}  // namespace hotel::runtime::testing
