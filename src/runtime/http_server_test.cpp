#include "runtime/http_server.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <thread>

namespace hotel::runtime {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using tcp = asio::ip::tcp;

class ServerFixture : public ::testing::Test {
 protected:
  void Start(Router router, std::vector<Middleware> mw = {}, ServerOptions opt = {}) {
    opt.threads = 2;
    opt.body_limit = 1024;
    opt.shutdown_grace = std::chrono::milliseconds(3000);
    log_ = std::make_unique<Logger>("test", LogLevel::debug, MakeCallbackSink([this](std::string_view l) {
                                      std::lock_guard lock(log_mutex_);
                                      log_lines_.emplace_back(l);
                                    }));
    server_ = std::make_unique<HttpServer>(opt, std::move(router), std::move(mw), *log_, metrics_);
    port_ = server_->Listen();
    thread_ = std::thread([this] { server_->Run(false); });
  }
  void TearDown() override {
    if (server_) server_->Shutdown();
    if (thread_.joinable()) thread_.join();
  }

  // One request on a new connection; returns the parsed response.
  http::response<http::string_body> Call(http::verb method, std::string target, std::string body = {},
                                         std::vector<std::pair<std::string, std::string>> headers = {}) {
    asio::io_context ioc;
    tcp::socket s(ioc);
    s.connect({asio::ip::make_address("127.0.0.1"), port_});
    http::request<http::string_body> req{method, target, 11};
    req.set(http::field::host, "localhost");
    for (auto& [k, v] : headers) req.set(k, v);
    req.body() = std::move(body);
    req.prepare_payload();
    http::write(s, req);
    boost::beast::flat_buffer buf;
    http::response_parser<http::string_body> p;
    p.skip(method == http::verb::head);
    http::read(s, buf, p);
    return p.release();
  }

  std::string Raw(const std::string& bytes) {
    asio::io_context ioc;
    tcp::socket s(ioc);
    s.connect({asio::ip::make_address("127.0.0.1"), port_});
    asio::write(s, asio::buffer(bytes));
    std::string out;
    boost::system::error_code ec;
    asio::read(s, asio::dynamic_buffer(out), ec);  // until the server closes
    return out;
  }

  std::vector<std::string> LogLines() {
    std::lock_guard lock(log_mutex_);
    return log_lines_;
  }

  MetricsRegistry metrics_;
  std::unique_ptr<Logger> log_;
  std::unique_ptr<HttpServer> server_;
  std::thread thread_;
  std::uint16_t port_ = 0;
  std::mutex log_mutex_;
  std::vector<std::string> log_lines_;
};

Router EchoRouter() {
  Router r;
  r.SetOwner("test-module");
  r.Get("/items/{id}", Sync([](Request& req) {
          return Response::Json(200, "{\"id\":\"" + std::string(req.Param("id")) + "\",\"q\":\"" +
                                         req.QueryParam("q").value_or("") + "\"}");
        }));
  r.Post("/items", Sync([](Request& req) { return Response::Json(201, std::string(req.body)); }));
  r.Get("/boom", Sync([](Request&) -> Response { throw std::runtime_error("kaboom"); }));
  r.Get("/boom-int", Sync([](Request&) -> Response { throw 42; }));
  r.Get("/busy", Sync([](Request&) {  // holds its I/O thread, as a long computation would
          std::this_thread::sleep_for(std::chrono::milliseconds(300));
          return Response::Json(200, "{}");
        }));
  r.Get("/slow", [](Request&) -> asio::awaitable<Response> {
    asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(400));
    co_await t.async_wait(asio::use_awaitable);
    co_return Response::Json(200, "{\"slow\":true}");
  });
  return r;
}

TEST_F(ServerFixture, RoutesWithParamsQueryAndEchoesRequestId) {
  Start(EchoRouter());
  auto res = Call(http::verb::get, "/items/htl_1?q=a%20b", {}, {{"X-Request-ID", "req-42"}});
  EXPECT_EQ(res.result_int(), 200);
  EXPECT_EQ(res.body(), R"({"id":"htl_1","q":"a b"})");
  EXPECT_EQ(res[http::field::content_type], "application/json");
  EXPECT_EQ(res["X-Request-ID"], "req-42");
}

TEST_F(ServerFixture, GeneratesRequestIdWhenAbsentOrUnsafe) {
  Start(EchoRouter());
  auto res = Call(http::verb::get, "/items/1", {}, {{"X-Request-ID", "bad id with spaces"}});
  EXPECT_EQ(res["X-Request-ID"].size(), 32u);
}

TEST_F(ServerFixture, UnknownRouteIsProblemJson404WithCallersTraceId) {
  Start(EchoRouter());
  auto res = Call(http::verb::get, "/nope", {}, {{"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}});
  EXPECT_EQ(res.result_int(), 404);
  EXPECT_EQ(res[http::field::content_type], "application/problem+json");
  auto body = boost::json::parse(res.body()).as_object();
  EXPECT_EQ(body.at("code").as_string(), "not_found");
  EXPECT_EQ(body.at("status").as_int64(), 404);
  EXPECT_EQ(body.at("traceId").as_string(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_TRUE(body.contains("type") && body.contains("title") && body.contains("detail"));
}

TEST_F(ServerFixture, WrongMethodIs405WithAllow) {
  Start(EchoRouter());
  auto res = Call(http::verb::delete_, "/items");
  EXPECT_EQ(res.result_int(), 405);
  EXPECT_EQ(res[http::field::allow], "POST");
  EXPECT_EQ(boost::json::parse(res.body()).at("code").as_string(), "method_not_allowed");
}

TEST_F(ServerFixture, BodyOverLimitIs413AndHandlerNotCalled) {
  std::atomic<int> calls{0};
  Router r;
  r.Post("/items", Sync([&](Request&) {
           ++calls;
           return Response::NoContent();
         }));
  Start(std::move(r));
  auto res = Call(http::verb::post, "/items", std::string(5000, 'x'));
  EXPECT_EQ(res.result_int(), 413);
  EXPECT_EQ(boost::json::parse(res.body()).at("code").as_string(), "payload_too_large");
  EXPECT_EQ(calls, 0);
}

// Bodies however they arrive: with the header (parsed from what was read), split across
// segments (the rest read later), chunked, several requests in one write, over the limit.
Router BodyEchoRouter() {
  Router r;
  r.Post("/echo", Sync([](Request& req) { return Response::Text(200, "[" + std::string(req.body) + "]"); }));
  return r;
}

TEST_F(ServerFixture, BodiesAreReadWhetherBufferedSplitOrChunked) {
  Start(BodyEchoRouter());
  // In one write with its header.
  auto out = Raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello");
  EXPECT_NE(out.find("\r\n\r\n[hello]"), std::string::npos) << out;
  // Chunked, in one write.
  out = Raw("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
            "3\r\nabc\r\n4\r\ndefg\r\n0\r\n\r\n");
  EXPECT_NE(out.find("[abcdefg]"), std::string::npos) << out;
  // Three requests with bodies in one write: each gets its own.
  out = Raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\none"
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\ntwo"
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nthree");
  EXPECT_NE(out.find("[one]"), std::string::npos) << out;
  EXPECT_NE(out.find("[two]"), std::string::npos) << out;
  EXPECT_NE(out.find("[three]"), std::string::npos) << out;
  // Half of the body with the header, the rest 100 ms later.
  asio::io_context ioc;
  tcp::socket s(ioc);
  s.connect({asio::ip::make_address("127.0.0.1"), port_});
  asio::write(s, asio::buffer(std::string("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nConnection: close\r\n\r\n01234")));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  asio::write(s, asio::buffer(std::string("56789")));
  std::string reply;
  boost::system::error_code ec;
  asio::read(s, asio::dynamic_buffer(reply), ec);
  EXPECT_NE(reply.find("[0123456789]"), std::string::npos) << reply;
  // Over the limit and already read with the header: 413, the handler not called.
  out = Raw("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2000\r\n\r\n" + std::string(2000, 'x'));
  EXPECT_EQ(out.rfind("HTTP/1.1 413", 0), 0u) << out.substr(0, 200);
}

TEST_F(ServerFixture, MalformedRequestIs400AndConnectionClosed) {
  Start(EchoRouter());
  const auto out = Raw("GARBAGE\r\n\r\n");
  EXPECT_EQ(out.rfind("HTTP/1.1 400", 0), 0u) << out;
  EXPECT_NE(out.find("validation_failed"), std::string::npos);
}

TEST_F(ServerFixture, KeepAliveServesSeveralRequestsOnOneConnection) {
  Start(EchoRouter());
  const auto out = Raw(
      "GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /items/2 HTTP/1.1\r\nHost: x\r\n\r\n"
      "GET /items/3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_NE(out.find("{\"id\":\"1\""), std::string::npos);
  EXPECT_NE(out.find("{\"id\":\"2\""), std::string::npos);
  EXPECT_NE(out.find("{\"id\":\"3\""), std::string::npos);
}

TEST_F(ServerFixture, HeadAnswersHeadersOnly) {
  Start(EchoRouter());
  const auto out = Raw("HEAD /items/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(out.rfind("HTTP/1.1 200", 0), 0u);
  EXPECT_NE(out.find("Content-Length: 17"), std::string::npos) << out;
  EXPECT_EQ(out.substr(out.find("\r\n\r\n") + 4), "");
}

TEST_F(ServerFixture, HandlerExceptionIs500ProblemAndLogged) {
  Start(EchoRouter());
  auto res = Call(http::verb::get, "/boom");
  EXPECT_EQ(res.result_int(), 500);
  EXPECT_EQ(boost::json::parse(res.body()).at("code").as_string(), "internal");
  EXPECT_EQ(res.body().find("kaboom"), std::string::npos);  // internals are not leaked
  log_->Flush();
  bool logged = false;
  for (const auto& l : LogLines()) logged |= l.find("kaboom") != std::string::npos && l.find("\"ERROR\"") != std::string::npos;
  EXPECT_TRUE(logged);
  // Not a std::exception either: still that request's 500, and the server goes on serving.
  auto odd = Call(http::verb::get, "/boom-int");
  EXPECT_EQ(odd.result_int(), 500);
  EXPECT_EQ(Call(http::verb::get, "/items/htl_1").result_int(), 200);
  EXPECT_NE(metrics_.Render().find("http_handler_exceptions_total 2"), std::string::npos) << metrics_.Render();
}

TEST_F(ServerFixture, MiddlewareRunsInOrderAndCanShortCircuit) {
  std::vector<std::string> order;
  std::mutex m;
  Middleware first = [&](Request& req, const Next& next) -> asio::awaitable<Response> {
    {
      std::lock_guard l(m);
      order.push_back("first");
    }
    auto resp = co_await next(req);
    resp.SetHeader("X-First", "1");
    co_return resp;
  };
  Middleware gate = [&](Request& req, const Next& next) -> asio::awaitable<Response> {
    {
      std::lock_guard l(m);
      order.push_back("gate");
    }
    if (req.Header("x-block") == "yes") co_return ProblemResponse(Error{Errc::forbidden, "blocked", {}}, req.trace.TraceId());
    co_return co_await next(req);
  };
  Start(EchoRouter(), {first, gate});
  auto ok = Call(http::verb::get, "/items/1");
  EXPECT_EQ(ok.result_int(), 200);
  EXPECT_EQ(ok["X-First"], "1");
  auto blocked = Call(http::verb::get, "/items/1", {}, {{"X-Block", "yes"}});
  EXPECT_EQ(blocked.result_int(), 403);
  EXPECT_EQ(blocked["X-First"], "1");
  std::lock_guard l(m);
  EXPECT_EQ(order, (std::vector<std::string>{"first", "gate", "first", "gate"}));
}

TEST_F(ServerFixture, MetricsUseRouteTemplateAndAccessLogHasSeedFields) {
  Start(EchoRouter());
  Call(http::verb::get, "/items/a");
  Call(http::verb::get, "/items/b");
  Call(http::verb::get, "/zzz");
  const auto text = metrics_.Render();
  EXPECT_NE(text.find(R"(http_requests_total{service="test-module",route="/items/{id}",method="GET",status="200"} 2)"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(route="unmatched",method="GET",status="404"} 1)"), std::string::npos) << text;
  EXPECT_EQ(text.find("/items/a"), std::string::npos);  // raw paths never become labels
  log_->Flush();
  bool found = false;
  for (const auto& l : LogLines()) {
    auto v = boost::json::parse(l).as_object();
    if (v.at("message") == "http request" && v.at("context").at("path") == "/items/a") {
      found = true;
      EXPECT_EQ(v.at("service").as_string(), "test-module");
      EXPECT_EQ(v.at("context").at("status").as_int64(), 200);
      EXPECT_EQ(v.at("traceId").as_string().size(), 32u);
    }
  }
  EXPECT_TRUE(found);
}

// The series value of `line_start` (a metric name with its labels) in the exposition text.
double Series(const std::string& text, const std::string& line_start) {
  const auto at = text.find("\n" + line_start + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + 1 + line_start.size() + 1));
}

TEST_F(ServerFixture, EventLoopLagShowsAThreadHeldUp) {
  Start(EchoRouter());
  std::this_thread::sleep_for(std::chrono::milliseconds(250));  // a few on-time observations
  auto text = metrics_.Render();
  const double before = Series(text, "http_event_loop_lag_seconds_count");
  ASSERT_GT(before, 0) << text;
  EXPECT_EQ(Series(text, R"(http_event_loop_lag_seconds_bucket{le="0.1"})"), before) << "an idle server is never late";
  EXPECT_EQ(Call(http::verb::get, "/busy").result_int(), 200);
  std::this_thread::sleep_for(std::chrono::milliseconds(250));
  text = metrics_.Render();
  const double late = Series(text, "http_event_loop_lag_seconds_count") -
                      Series(text, R"(http_event_loop_lag_seconds_bucket{le="0.1"})");
  EXPECT_GE(late, 1) << "the thread held for 300 ms ran its timer more than 100 ms late\n" << text;
}

TEST_F(ServerFixture, ShutdownLetsInFlightRequestFinishThenRefusesNewConnections) {
  Start(EchoRouter());
  std::thread client([&] {
    auto res = Call(http::verb::get, "/slow");
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res.body(), "{\"slow\":true}");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // the request is in the handler
  const auto t0 = std::chrono::steady_clock::now();
  server_->Shutdown();
  client.join();
  thread_.join();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(2));
  asio::io_context ioc;
  tcp::socket s(ioc);
  boost::system::error_code ec;
  s.connect({asio::ip::make_address("127.0.0.1"), port_}, ec);
  EXPECT_TRUE(ec);  // the listener is closed
}

TEST_F(ServerFixture, ShutdownClosesIdleKeepAliveConnectionsPromptly) {
  Start(EchoRouter());
  asio::io_context ioc;
  tcp::socket s(ioc);
  s.connect({asio::ip::make_address("127.0.0.1"), port_});
  const std::string req = "GET /items/1 HTTP/1.1\r\nHost: x\r\n\r\n";
  asio::write(s, asio::buffer(req));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // now idle, waiting for the next request
  const auto t0 = std::chrono::steady_clock::now();
  server_->Shutdown();
  thread_.join();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(1));
}

}  // namespace
}  // namespace hotel::runtime
