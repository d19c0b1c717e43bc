// The proxy middleware against a second HttpServer on port 0 as the upstream module:
// forwarding, propagation, 503/504 mapping and the circuit breaker.
#include "modules/api-gateway/gateway_middleware.hpp"

#include "modules/api-gateway/auth_middleware.hpp"
#include "modules/api-gateway/gateway_test_fixture.hpp"
#include "support/test_support.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace hotel::api_gateway {
namespace {

using namespace std::chrono_literals;
using hotel::testing::HttpCall;
using hotel::testing::HttpResult;
using Hdrs = std::vector<std::pair<std::string, std::string>>;

const Hdrs kJwt = {{"Authorization", "Bearer good-jwt"}};
constexpr std::string_view kTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

// The upstream module: echoes what it received, or answers slowly on demand.
struct Upstream {
  std::atomic<int> calls{0};
  std::atomic<int> delay_ms{0};

  runtime::Router MakeRouter() {
    runtime::Router r;
    auto echo = [this](runtime::Request& req) -> boost::asio::awaitable<runtime::Response> {
      ++calls;
      if (const int ms = delay_ms.load(); ms > 0) {
        boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, std::chrono::milliseconds(ms));
        co_await timer.async_wait(boost::asio::use_awaitable);
      }
      boost::json::object o{{"method", req.method},
                            {"target", req.target},
                            {"body", req.body},
                            {"requestId", req.request_id},
                            {"traceId", req.trace.TraceId()},
                            {"parentSpanId", std::string_view(req.trace.parent_span_id.data(), 16)},
                            {"authorization", req.Header("authorization")},
                            {"forwardedFor", req.Header("x-forwarded-for")},
                            {"idempotencyKey", req.Header("idempotency-key")},
                            {"tenant", req.principal ? req.principal->tenant_id : ""}};
      auto resp = runtime::Response::Json(req.method == "POST" ? 201 : 200, boost::json::serialize(o));
      if (req.method == "POST") resp.SetHeader("Location", "/api/v1/things/thg_1");
      resp.SetHeader("X-Internal", "not copied");
      co_return resp;
    };
    r.Get("/api/v1/things/{id}", echo);
    r.Post("/api/v1/things", echo);
    return r;
  }
};

class ProxyTest : public ::testing::Test {
 protected:
  // The upstream process runs the auth middleware too (as `hotel serve --only things` would).
  void StartUpstream() {
    upstream_server_ = std::make_unique<testing::TestServer>(
        upstream_.MakeRouter(), std::vector<runtime::Middleware>{MakeAuthMiddleware(auth_, log_.logger())}, log_.logger(),
        upstream_metrics_);
  }
  void StartGateway(std::string upstream_url, std::chrono::milliseconds timeout = 2s) {
    GatewayOptions options;
    options.proxy.timeout = timeout;
    options.proxy.breaker = {.failure_threshold = 3, .open_for = 30s, .half_open_probes = 1};
    runtime::ModuleSpec things{"things", "test module", {"/api/v1/things"}, {}};
    runtime::ModuleSpec local{"api-gateway", "", {}, {}};
    GatewayDeps deps{.options = options,
                     .log = log_.logger(),
                     .metrics = metrics_,
                     .clock = clock_,
                     .authenticator = auth_,
                     .tenant_policy = {},
                     .remote_modules = RemoteModulesFor({local, things}, {"api-gateway"}, {{"things", upstream_url}}),
                     .features = FeaturesFor({"api-gateway"}),
                     .upstream_client = upstream_client_};
    runtime::Router router;
    router.Get("/api/v1/things/local", runtime::Sync([](runtime::Request&) {
                 return runtime::Response::Json(200, R"({"served":"locally"})");
               }));
    gateway_ = std::make_unique<testing::TestServer>(std::move(router), BuildMiddleware(deps), log_.logger(), metrics_);
  }
  HttpResult Get(const std::string& target, Hdrs headers = kJwt) { return HttpCall(gateway_->port(), "GET", target, {}, headers); }
  double Metric(const std::string& series) {
    const std::string text = metrics_.Render();
    const auto at = text.find("\n" + series + " ");
    return at == std::string::npos ? -1 : std::stod(text.substr(at + series.size() + 2));
  }

  testing::CapturedLog log_;
  runtime::MetricsRegistry metrics_, upstream_metrics_;
  ManualClock clock_{Instant(std::chrono::seconds(1'800'000'000))};
  std::shared_ptr<testing::FakeAuthenticator> auth_ = std::make_shared<testing::FakeAuthenticator>();
  Upstream upstream_;
  std::unique_ptr<testing::TestServer> upstream_server_;
  std::shared_ptr<runtime::HttpClient> upstream_client_ = MakeUpstreamClient({});
  std::unique_ptr<testing::TestServer> gateway_;  // last: stopped first

  void TearDown() override {
    // As serve.cpp does: stop the gateway, drop the client, then destroy the server.
    if (gateway_) gateway_->Stop();
    upstream_client_.reset();
    gateway_.reset();
  }
};

// A port nothing listens on: bound, then closed.
std::string RefusingUrl() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const auto port = a.local_endpoint().port();
  a.close();
  return "http://127.0.0.1:" + std::to_string(port);
}

TEST_F(ProxyTest, ForwardsAndPropagatesRequestIdTraceAndCredentials) {
  StartUpstream();
  StartGateway(upstream_server_->Url());
  const std::string traceparent = "00-" + std::string(kTraceId) + "-00f067aa0ba902b7-01";
  auto res = HttpCall(gateway_->port(), "POST", "/api/v1/things?dry=1&x=%20", R"({"name":"t"})",
                      {{"Authorization", "Bearer good-jwt"}, {"Content-Type", "application/json"},
                       {"Idempotency-Key", "idem-1"}, {"X-Request-ID", "req-42"}, {"traceparent", traceparent}});
  ASSERT_EQ(res.status, 201) << res.body;
  EXPECT_EQ(res.Header("content-type"), "application/json");
  EXPECT_EQ(res.Header("location"), "/api/v1/things/thg_1");
  EXPECT_EQ(res.Header("x-internal"), "");
  EXPECT_EQ(res.Header("x-request-id"), "req-42");
  EXPECT_EQ(res.Header("ratelimit-limit"), "100");  // limited once, at the gateway
  const auto seen = boost::json::parse(res.body).as_object();
  EXPECT_EQ(seen.at("method"), "POST");
  EXPECT_EQ(seen.at("target"), "/api/v1/things?dry=1&x=%20");
  EXPECT_EQ(seen.at("body"), R"({"name":"t"})");
  EXPECT_EQ(seen.at("requestId"), "req-42");
  EXPECT_EQ(seen.at("traceId").as_string(), kTraceId);
  // A child span: the parent is the gateway's span, not the caller's.
  EXPECT_NE(seen.at("parentSpanId"), "00f067aa0ba902b7");
  EXPECT_EQ(seen.at("authorization"), "Bearer good-jwt");
  EXPECT_EQ(seen.at("idempotencyKey"), "idem-1");
  EXPECT_EQ(seen.at("forwardedFor"), "127.0.0.1");
  EXPECT_EQ(seen.at("tenant"), "tnt_a");  // authenticated again upstream
  EXPECT_EQ(Metric(R"(gateway_upstream_requests_total{upstream="things",outcome="ok"})"), 1);
}

TEST_F(ProxyTest, LocalRoutesAndForeignPathsAreNotForwarded) {
  StartUpstream();
  StartGateway(upstream_server_->Url());
  auto local = Get("/api/v1/things/local");
  EXPECT_EQ(local.status, 200);
  EXPECT_EQ(local.body, R"({"served":"locally"})");
  EXPECT_EQ(Get("/api/v1/thingsandmore").status, 404);
  EXPECT_EQ(upstream_.calls, 0);
}

TEST_F(ProxyTest, UnauthenticatedRequestsStopAtTheGateway) {
  StartUpstream();
  StartGateway(upstream_server_->Url());
  EXPECT_EQ(Get("/api/v1/things/thg_1", {}).status, 401);
  EXPECT_EQ(upstream_.calls, 0);
}

TEST_F(ProxyTest, UpstreamDownIs503WithRetryAfter) {
  StartGateway(RefusingUrl());
  auto res = Get("/api/v1/things/thg_1");
  EXPECT_EQ(res.status, 503);
  EXPECT_EQ(res.Header("content-type"), "application/problem+json");
  EXPECT_EQ(boost::json::parse(res.body).at("code"), "upstream_unavailable");
  EXPECT_EQ(res.Header("retry-after"), "1");
}

TEST_F(ProxyTest, SlowUpstreamIs504) {
  StartUpstream();
  upstream_.delay_ms = 1500;
  StartGateway(upstream_server_->Url(), 200ms);
  const auto started = std::chrono::steady_clock::now();
  auto res = Get("/api/v1/things/thg_1");
  EXPECT_EQ(res.status, 504);
  EXPECT_EQ(boost::json::parse(res.body).at("code"), "upstream_timeout");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 1400ms);
  EXPECT_EQ(Metric(R"(gateway_upstream_requests_total{upstream="things",outcome="timeout"})"), 1);
}

TEST_F(ProxyTest, BreakerOpensAfterNFailuresThenAnswers503WithoutCallingUpstream) {
  StartUpstream();
  upstream_.delay_ms = 600;
  StartGateway(upstream_server_->Url(), 100ms);
  const std::string state = R"(gateway_upstream_breaker_state{upstream="things"})";
  EXPECT_EQ(Metric(state), 0);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(Get("/api/v1/things/thg_1").status, 504);
  EXPECT_EQ(Metric(state), 2);
  const int calls_when_opened = upstream_.calls;
  EXPECT_EQ(calls_when_opened, 3);

  auto refused = Get("/api/v1/things/thg_1");
  EXPECT_EQ(refused.status, 503);
  EXPECT_EQ(boost::json::parse(refused.body).at("code"), "upstream_unavailable");
  EXPECT_EQ(refused.Header("retry-after"), "30");
  EXPECT_EQ(upstream_.calls, calls_when_opened);
  EXPECT_EQ(Metric(R"(gateway_upstream_requests_total{upstream="things",outcome="breaker_open"})"), 1);

  // After the cool-down one probe goes through; it succeeds and closes the breaker.
  upstream_.delay_ms = 0;
  clock_.Advance(30s);
  EXPECT_EQ(Get("/api/v1/things/thg_1").status, 200);
  EXPECT_EQ(Metric(state), 0);
  EXPECT_EQ(Get("/api/v1/things/thg_2").status, 200);
}

TEST_F(ProxyTest, ModuleWithoutAUrlIs503NotA404) {
  StartGateway("");
  auto res = Get("/api/v1/things/thg_1");
  EXPECT_EQ(res.status, 503);
  EXPECT_NE(boost::json::parse(res.body).at("detail").as_string().find("MODULE_URLS"), std::string::npos);
}

TEST_F(ProxyTest, UnforwardableTargetsAre400AndDoNotTripTheBreaker) {
  StartUpstream();
  StartGateway(upstream_server_->Url());
  for (int i = 0; i < 5; ++i) {
    auto res = Get("/api/v1/things/a|b");  // Beast accepts '|' in a target, a URL does not
    EXPECT_EQ(res.status, 400);
    EXPECT_NE(res.body.find("cannot be forwarded"), std::string::npos) << res.body;
  }
  EXPECT_EQ(Metric(R"(gateway_upstream_breaker_state{upstream="things"})"), 0);
  EXPECT_EQ(Get("/api/v1/things/thg_1").status, 200);
}

TEST_F(ProxyTest, HttpsUpstreamIs503UntilTheClientHasTls) {
  StartGateway("https://127.0.0.1:1");
  EXPECT_EQ(Get("/api/v1/things/thg_1").status, 503);
}

TEST_F(ProxyTest, WithoutItsClientTheProxyAnswers503) {
  StartUpstream();
  upstream_client_.reset();  // what serve.cpp does once Run() has returned
  StartGateway(upstream_server_->Url());
  EXPECT_EQ(Get("/api/v1/things/thg_1").status, 503);
  EXPECT_EQ(upstream_.calls, 0);
}

TEST(RemoteModulesFor, OnlyModulesWithPrefixesThatThisProcessDoesNotRun) {
  runtime::ModuleSpec gw{"api-gateway", "", {}, {}};
  runtime::ModuleSpec identity{"identity", "", {"/api/v1/tenants", "/api/v1/users"}, {}};
  runtime::ModuleSpec orders{"order-service", "", {"/api/v1/orders"}, {}};
  auto remote = RemoteModulesFor({gw, identity, orders}, {"api-gateway", "identity"}, {{"order-service", "http://o:1"}});
  ASSERT_EQ(remote.size(), 1u);
  EXPECT_EQ(remote[0].name, "order-service");
  EXPECT_EQ(remote[0].url, "http://o:1");
  EXPECT_EQ(remote[0].path_prefixes, std::vector<std::string>{"/api/v1/orders"});
}

}  // namespace
}  // namespace hotel::api_gateway
