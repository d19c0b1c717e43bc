// Edge, auth and rate-limit middlewares as BuildMiddleware chains them, through a real
// HttpServer on 127.0.0.1 port 0 with a fake Authenticator and a manual clock.
#include "modules/api-gateway/gateway_middleware.hpp"

#include "modules/api-gateway/gateway_test_fixture.hpp"
#include "modules/api-gateway/tenant_overrides.hpp"
#include "support/test_support.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace hotel::api_gateway {
namespace {

using namespace std::chrono_literals;
using hotel::testing::HttpCall;
using hotel::testing::HttpResult;
using Hdrs = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kConsole = "http://localhost:3000";

runtime::Router AppRouter() {
  runtime::Router r;
  r.Get("/api/v1", runtime::Sync([](runtime::Request&) { return runtime::Response::Json(200, R"({"name":"index"})"); }));
  r.Post("/api/v1/auth/login", runtime::Sync([](runtime::Request& req) {
           return runtime::Response::Json(200, req.principal ? R"({"principal":true})" : R"({"principal":false})");
         }));
  r.Get("/api/v1/me", runtime::Sync([](runtime::Request& req) {
          const auto& p = *req.principal;  // the auth middleware guarantees it
          return runtime::Response::Json(
              200, boost::json::serialize(boost::json::object{
                       {"tenantId", p.tenant_id}, {"userId", p.user_id}, {"apiKeyId", p.api_key_id}}));
        }));
  r.Get("/health", runtime::Sync([](runtime::Request&) { return runtime::Response::Json(200, R"({"status":"ok"})"); }));
  return r;
}

class GatewayMiddlewareTest : public ::testing::Test {
 protected:
  void Start(Policy policy = {100, 60s}, TenantPolicyFn tenant_policy = {}, bool with_authenticator = true) {
    GatewayOptions options;
    options.rate_limit = policy;
    options.edge.allowed_origins = {kConsole};
    GatewayDeps deps{.options = options,
                     .log = log_.logger(),
                     .metrics = metrics_,
                     .clock = clock_,
                     .authenticator = with_authenticator ? auth_ : nullptr,
                     .tenant_policy = std::move(tenant_policy),
                     .remote_modules = {},
                     .features = FeaturesFor({"api-gateway"})};
    server_ = std::make_unique<testing::TestServer>(AppRouter(), BuildMiddleware(deps), log_.logger(), metrics_);
  }
  HttpResult Get(const std::string& target, Hdrs headers = {}) { return HttpCall(server_->port(), "GET", target, {}, headers); }
  double Metric(const std::string& series) {
    const std::string text = metrics_.Render();
    const auto at = text.find("\n" + series + " ");
    return at == std::string::npos ? -1 : std::stod(text.substr(at + series.size() + 2));
  }

  runtime::MetricsRegistry metrics_;
  testing::CapturedLog log_;
  ManualClock clock_{Instant(std::chrono::seconds(1'800'000'000))};
  std::shared_ptr<testing::FakeAuthenticator> auth_ = std::make_shared<testing::FakeAuthenticator>();
  std::unique_ptr<testing::TestServer> server_;
};

// --- authentication ---

TEST_F(GatewayMiddlewareTest, MissingCredentialsAre401WithWwwAuthenticate) {
  Start();
  auto res = Get("/api/v1/me");
  EXPECT_EQ(res.status, 401);
  EXPECT_EQ(res.Header("content-type"), "application/problem+json");
  EXPECT_EQ(boost::json::parse(res.body).at("code"), "unauthenticated");
  EXPECT_EQ(res.Header("www-authenticate"), "Bearer");
  EXPECT_EQ(auth_->calls, 0);
}

TEST_F(GatewayMiddlewareTest, InvalidTokenIs401AndNeverLogged) {
  Start();
  auto res = Get("/api/v1/me", {{"Authorization", "Bearer forged-token-SECRET123"}});
  EXPECT_EQ(res.status, 401);
  EXPECT_EQ(res.Header("www-authenticate"), "Bearer");
  auto bad_key = Get("/api/v1/me", {{"X-Api-Key", "hk_live_SECRET456"}});
  EXPECT_EQ(bad_key.status, 401);
  const std::string logs = log_.All();
  EXPECT_NE(logs.find("authentication failed"), std::string::npos);
  EXPECT_EQ(logs.find("SECRET123"), std::string::npos);
  EXPECT_EQ(logs.find("SECRET456"), std::string::npos);
}

TEST_F(GatewayMiddlewareTest, NonBearerAuthorizationIs401) {
  Start();
  EXPECT_EQ(Get("/api/v1/me", {{"Authorization", "Basic dXNlcjpwYXNz"}}).status, 401);
  EXPECT_EQ(Get("/api/v1/me", {{"Authorization", "Bearer "}}).status, 401);
  EXPECT_EQ(auth_->calls, 0);
}

TEST_F(GatewayMiddlewareTest, BothCredentialsAre400) {
  Start();
  auto res = Get("/api/v1/me", {{"Authorization", "Bearer good-jwt"}, {"X-Api-Key", "good-key"}});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(boost::json::parse(res.body).at("code"), "validation_failed");
  EXPECT_EQ(auth_->calls, 0);
}

TEST_F(GatewayMiddlewareTest, PrincipalIsAttachedForBearerAndApiKey) {
  Start();
  auto user = Get("/api/v1/me", {{"Authorization", "bearer good-jwt"}});
  ASSERT_EQ(user.status, 200) << user.body;
  EXPECT_EQ(boost::json::parse(user.body), boost::json::parse(R"({"tenantId":"tnt_a","userId":"usr_1","apiKeyId":""})"));
  auto machine = Get("/api/v1/me", {{"X-Api-Key", "good-key"}});
  ASSERT_EQ(machine.status, 200) << machine.body;
  EXPECT_EQ(boost::json::parse(machine.body).at("apiKeyId"), "key_1");
}

TEST_F(GatewayMiddlewareTest, PublicPathsPassAndIgnoreCredentials) {
  Start();
  auto login = HttpCall(server_->port(), "POST", "/api/v1/auth/login", R"({"email":"a@example.com"})",
                        {{"Authorization", "Bearer forged"}, {"Content-Type", "application/json"}});
  EXPECT_EQ(login.status, 200);
  EXPECT_EQ(login.body, R"({"principal":false})");
  EXPECT_EQ(Get("/api/v1").status, 200);
  EXPECT_EQ(auth_->calls, 0);
}

TEST_F(GatewayMiddlewareTest, UnknownApiPathsNeedCredentialsBeforeA404) {
  Start();
  EXPECT_EQ(Get("/api/v1/nothing-here").status, 401);
  EXPECT_EQ(Get("/api/v1/nothing-here", {{"Authorization", "Bearer good-jwt"}}).status, 404);
}

TEST_F(GatewayMiddlewareTest, AuthenticatorOutageIs503) {
  Start();
  auto res = Get("/api/v1/me", {{"Authorization", "Bearer db-down"}});
  EXPECT_EQ(res.status, 503);
  EXPECT_EQ(boost::json::parse(res.body).at("code"), "upstream_unavailable");
}

TEST_F(GatewayMiddlewareTest, WithoutAnAuthenticatorProtectedPathsAre503AndPublicOnesWork) {
  Start({100, 60s}, {}, /*with_authenticator=*/false);
  EXPECT_EQ(Get("/api/v1/me", {{"Authorization", "Bearer good-jwt"}}).status, 503);
  EXPECT_EQ(Get("/api/v1").status, 200);
}

// --- rate limiting ---

TEST_F(GatewayMiddlewareTest, RateLimitHeadersThen429WithRetryAfter) {
  Start({3, 60s});
  const Hdrs jwt = {{"Authorization", "Bearer good-jwt"}};
  for (int i = 0; i < 3; ++i) {
    auto res = Get("/api/v1/me", jwt);
    ASSERT_EQ(res.status, 200);
    EXPECT_EQ(res.Header("ratelimit-limit"), "3");
    EXPECT_EQ(res.Header("ratelimit-remaining"), std::to_string(2 - i));
    EXPECT_EQ(res.Header("ratelimit-reset"), "60");
  }
  clock_.Advance(15500ms);
  auto limited = Get("/api/v1/me", jwt);
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.Header("content-type"), "application/problem+json");
  EXPECT_EQ(boost::json::parse(limited.body).at("code"), "rate_limited");
  EXPECT_EQ(limited.Header("retry-after"), "45");  // 44.5 s rounded up
  EXPECT_EQ(limited.Header("ratelimit-remaining"), "0");
  EXPECT_EQ(Metric(R"(gateway_rate_limited_total{tenant="tnt_a"})"), 1);
  // Another caller has its own quota.
  EXPECT_EQ(Get("/api/v1/me", {{"X-Api-Key", "good-key"}}).status, 200);
  // The window ends: the whole quota is back.
  clock_.Advance(44500ms);
  EXPECT_EQ(Get("/api/v1/me", jwt).status, 200);
}

TEST_F(GatewayMiddlewareTest, TenantOverrideApplies) {
  auto overrides = std::make_shared<TenantOverrides>(Policy{3, 60s});
  ASSERT_TRUE(overrides->Update(boost::json::parse(R"({"tnt_b": {"max": 1, "windowMs": 5000}})")));
  Start({3, 60s}, [overrides](std::string_view tenant) { return overrides->Lookup(tenant); });
  const Hdrs key = {{"X-Api-Key", "good-key"}};
  auto first = Get("/api/v1/me", key);
  EXPECT_EQ(first.Header("ratelimit-limit"), "1");
  EXPECT_EQ(first.Header("ratelimit-reset"), "5");
  EXPECT_EQ(Get("/api/v1/me", key).status, 429);
  // tnt_a keeps the default.
  EXPECT_EQ(Get("/api/v1/me", {{"Authorization", "Bearer good-jwt"}}).Header("ratelimit-limit"), "3");
}

TEST_F(GatewayMiddlewareTest, AnonymousCallersAreLimitedByAddressAndProbesNever) {
  Start({2, 60s});
  EXPECT_EQ(Get("/api/v1").status, 200);
  EXPECT_EQ(Get("/api/v1").status, 200);
  auto limited = Get("/api/v1");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(Metric(R"(gateway_rate_limited_total{tenant="anonymous"})"), 1);
  for (int i = 0; i < 5; ++i) {
    auto health = Get("/health");
    EXPECT_EQ(health.status, 200);
    EXPECT_EQ(health.Header("ratelimit-limit"), "");
  }
}

TEST_F(GatewayMiddlewareTest, ExactlyTheLimitIsAllowedUnderParallelRequests) {
  Start({50, 60s});
  std::atomic<int> ok{0}, limited{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        const int status = Get("/api/v1/me", {{"Authorization", "Bearer good-jwt"}}).status;
        (status == 200 ? ok : status == 429 ? limited : other)++;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 50);
  EXPECT_EQ(limited.load(), 110);
  EXPECT_EQ(other.load(), 0);
}

// --- edge: CORS and security headers ---

TEST_F(GatewayMiddlewareTest, PreflightFromTheConsoleIsAnsweredWithoutCredentials) {
  Start();
  auto res = HttpCall(server_->port(), "OPTIONS", "/api/v1/me", {},
                      {{"Origin", kConsole}, {"Access-Control-Request-Method", "GET"},
                       {"Access-Control-Request-Headers", "authorization"}});
  EXPECT_EQ(res.status, 204);
  EXPECT_EQ(res.Header("access-control-allow-origin"), kConsole);
  EXPECT_NE(res.Header("access-control-allow-methods").find("POST"), std::string::npos);
  EXPECT_NE(res.Header("access-control-allow-headers").find("Authorization"), std::string::npos);
  EXPECT_EQ(res.Header("access-control-max-age"), "600");
  EXPECT_EQ(res.Header("vary"), "Origin");
  EXPECT_EQ(auth_->calls, 0);
}

TEST_F(GatewayMiddlewareTest, PreflightFromAnotherOriginIsRefused) {
  Start();
  auto res = HttpCall(server_->port(), "OPTIONS", "/api/v1/me", {},
                      {{"Origin", "https://evil.example"}, {"Access-Control-Request-Method", "GET"}});
  EXPECT_EQ(res.status, 403);
  EXPECT_EQ(res.Header("access-control-allow-origin"), "");
  EXPECT_EQ(res.Header("access-control-allow-methods"), "");
}

TEST_F(GatewayMiddlewareTest, SimpleResponsesCarryCorsOnlyForAllowedOrigins) {
  Start();
  auto allowed = Get("/api/v1/me", {{"Origin", kConsole}});  // a 401: the console must still read it
  EXPECT_EQ(allowed.status, 401);
  EXPECT_EQ(allowed.Header("access-control-allow-origin"), kConsole);
  EXPECT_NE(allowed.Header("access-control-expose-headers").find("RateLimit-Remaining"), std::string::npos);
  EXPECT_EQ(allowed.Header("vary"), "Origin");
  auto other = Get("/api/v1", {{"Origin", "https://evil.example"}});
  EXPECT_EQ(other.status, 200);
  EXPECT_EQ(other.Header("access-control-allow-origin"), "");
  EXPECT_EQ(other.Header("vary"), "Origin");
}

TEST_F(GatewayMiddlewareTest, SecurityHeadersOnEveryResponse) {
  Start();
  for (const auto& res : {Get("/api/v1"), Get("/api/v1/me"), Get("/api/v1/me", {{"Authorization", "Bearer good-jwt"}})}) {
    EXPECT_EQ(res.Header("x-content-type-options"), "nosniff");
    EXPECT_EQ(res.Header("x-frame-options"), "DENY");
    EXPECT_EQ(res.Header("referrer-policy"), "no-referrer");
    EXPECT_EQ(res.Header("cache-control"), "no-store");
    EXPECT_EQ(res.Header("content-security-policy"), "default-src 'none'; frame-ancestors 'none'");
  }
  auto health = Get("/health");
  EXPECT_EQ(health.Header("x-content-type-options"), "nosniff");
  EXPECT_EQ(health.Header("content-security-policy"), "");  // only API answers
}

TEST(ParseOriginList, TrimsSpacesAndTrailingSlashes) {
  EXPECT_EQ(ParseOriginList(" http://localhost:3000/ , https://admin.example.com,,"),
            (std::vector<std::string>{"http://localhost:3000", "https://admin.example.com"}));
  EXPECT_TRUE(ParseOriginList("").empty());
}

TEST(FeaturesFor, RateLimitAndProxyOnlyWhereTheGatewayRuns) {
  auto gateway = FeaturesFor({"api-gateway", "identity"});
  EXPECT_TRUE(gateway.rate_limit && gateway.proxy && gateway.auth && gateway.edge);
  auto upstream = FeaturesFor({"query-engine"});
  EXPECT_FALSE(upstream.rate_limit || upstream.proxy);
  EXPECT_TRUE(upstream.auth && upstream.edge);
}

}  // namespace
}  // namespace hotel::api_gateway
