// The suppliers API through runtime::Router with fake principals and fake connectors: admin
// scope (401/403), validation naming each field, credentials never echoed or logged, 409 on a
// duplicate code, enable/disable, health, and on-demand sync behind its feature flag.
#include "modules/supplier-adapter/supplier_adapter.hpp"
#include "support/handler_harness.hpp"
#include "modules/supplier-adapter/supplier_test_support.hpp"

#include <boost/json.hpp>

#include <cstdlib>
#include <fstream>
#include <set>

namespace hotel::supplier_adapter::testing {
namespace {

namespace json = boost::json;
using Reply = hotel::testing::HandlerReply;
constexpr auto As = hotel::testing::AsRole;

constexpr std::string_view kCreate = R"({"code":"HBX","name":"Hotelbeds","protocol":"hbx-json",
  "endpoint":"http://127.0.0.1:9101/","currency":"EUR","timeouts":{"bookMs":45000},
  "credentials":{"apiKey":"hbx-key-plaintext-1","secret":"hbx-secret-plaintext-2"}})";

class SupplierHandlersTest : public ::testing::Test {
 protected:
  void SetUp() override { Build(std::string(kTestSecret)); }

  void Build(std::string secret) {
    module_.reset();
    router_ = runtime::Router();
    db_ = OpenMigratedSqlite(dir_);
    ASSERT_NE(db_, nullptr);
    settings_.encryption_secret = std::move(secret);
    settings_.retry_max_attempts = 1;
    settings_.query_timeout_ms = 8000;
    ctx_ = std::make_unique<runtime::ModuleContext>(
        runtime::ModuleContext{settings_, log_, metrics_, readiness_, pool_, *db_, clock_, {"supplier-adapter"}});
    ModuleOptions o;
    o.config = [this] { return Snapshot(flag_on_); };
    o.hotel_codes = [](std::string_view) { return std::vector<std::string>{"H1", "H2"}; };
    o.factory = fakes_.Factory();
    o.sync = SyncOptions{};
    module_ = SpecWith(std::move(o)).build(*ctx_);
    router_.SetOwner("supplier-adapter");
    module_->RegisterRoutes(router_);
  }

  Reply Send(std::string method, std::string target, std::string body = {},
             std::shared_ptr<const Principal> principal = As(Role::platform_ops)) {
    return hotel::testing::CallRoute(router_, method, target, body, std::move(principal));
  }

  std::string Logs() {
    log_.Flush();
    std::lock_guard lock(lines_mutex_);
    std::string all;
    for (const auto& l : lines_) all += l;
    return all;
  }

  hotel::testing::TempDir dir_;
  std::unique_ptr<ports::Database> db_;
  ManualClock clock_{Instant(std::chrono::seconds(1'800'000'000))};
  runtime::Settings settings_;
  std::mutex lines_mutex_;
  std::vector<std::string> lines_;
  runtime::Logger log_{"test", runtime::LogLevel::debug, runtime::MakeCallbackSink([this](std::string_view l) {
                         std::lock_guard lock(lines_mutex_);
                         lines_.emplace_back(l);
                       })};
  runtime::MetricsRegistry metrics_;
  runtime::Readiness readiness_;
  runtime::BlockingPool pool_{2};
  FakeConnectors fakes_;
  bool flag_on_ = false;
  std::unique_ptr<runtime::ModuleContext> ctx_;
  std::unique_ptr<runtime::Module> module_;
  runtime::Router router_;
};

TEST_F(SupplierHandlersTest, SpecNamesTheModuleAndItsPrefix) {
  auto spec = Spec();
  EXPECT_EQ(spec.name, "supplier-adapter");
  EXPECT_EQ(spec.path_prefixes, (std::vector<std::string>{"/api/v1/suppliers"}));
  std::set<std::string> routes;
  for (const auto& r : router_.routes()) routes.insert(r.method + " " + r.path_template);
  EXPECT_EQ(routes, (std::set<std::string>{
                        "GET /api/v1/suppliers", "POST /api/v1/suppliers", "GET /api/v1/suppliers/{code}",
                        "PATCH /api/v1/suppliers/{code}", "POST /api/v1/suppliers/{code}/enable",
                        "POST /api/v1/suppliers/{code}/disable", "GET /api/v1/suppliers/{code}/health",
                        "POST /api/v1/suppliers/{code}/sync"}));
}

TEST_F(SupplierHandlersTest, OnlyPlatformStaffMayUseTheApi) {
  ASSERT_EQ(Send("POST", "/api/v1/suppliers", std::string(kCreate)).status, 201);
  const std::vector<std::pair<std::string, std::string>> calls = {
      {"GET", "/api/v1/suppliers"},           {"POST", "/api/v1/suppliers"},
      {"GET", "/api/v1/suppliers/HBX"},       {"PATCH", "/api/v1/suppliers/HBX"},
      {"POST", "/api/v1/suppliers/HBX/enable"}, {"POST", "/api/v1/suppliers/HBX/disable"},
      {"GET", "/api/v1/suppliers/HBX/health"}, {"POST", "/api/v1/suppliers/HBX/sync"}};
  for (const auto& [method, path] : calls) {
    auto anon = Send(method, path, "{}", nullptr);
    EXPECT_EQ(anon.status, 401) << method << " " << path;
    EXPECT_EQ(anon.raw.content_type, "application/problem+json");
    for (Role role : {Role::distributor_admin, Role::agent, Role::finance}) {
      auto r = Send(method, path, "{}", As(role));
      EXPECT_EQ(r.status, 403) << method << " " << path << " as " << RoleName(role);
      EXPECT_EQ(r.Code(), "forbidden");
    }
  }
  EXPECT_EQ(Send("GET", "/api/v1/suppliers", {}, As(Role::platform_admin)).status, 200);
  EXPECT_EQ(Send("GET", "/api/v1/suppliers/HBX", {}, As(Role::platform_ops)).status, 200);
}

TEST_F(SupplierHandlersTest, CreateAnswers201AndNeverEchoesCredentials) {
  auto r = Send("POST", "/api/v1/suppliers", std::string(kCreate));
  ASSERT_EQ(r.status, 201) << r.raw.body;
  EXPECT_EQ(r.raw.Header("Location"), "/api/v1/suppliers/HBX");
  EXPECT_EQ(r.body.at("code"), "HBX");
  EXPECT_EQ(r.body.at("endpoint"), "http://127.0.0.1:9101") << "trailing slash dropped";
  EXPECT_EQ(r.body.at("enabled"), true);
  EXPECT_EQ(r.body.at("timeouts").at("bookMs"), 45000);
  EXPECT_EQ(r.body.at("timeouts").at("searchMs"), 8000) << "QUERY_TIMEOUT_MS is the search default";
  EXPECT_EQ(r.body.at("timeouts").at("quoteMs"), 20000);
  EXPECT_EQ(r.body.at("credentials"), json::parse(R"({"apiKeySet":true,"secretSet":true})"));
  EXPECT_TRUE(std::string(r.body.at("id").as_string()).starts_with("sup_"));

  for (const auto& reply : {r, Send("GET", "/api/v1/suppliers/HBX"), Send("GET", "/api/v1/suppliers"),
                            Send("PATCH", "/api/v1/suppliers/HBX", R"({"credentials":{"apiKey":"rotated-plaintext-3"}})"),
                            Send("GET", "/api/v1/suppliers/HBX/health")}) {
    EXPECT_GE(reply.status, 200);
    EXPECT_LT(reply.status, 300);
    EXPECT_EQ(reply.raw.body.find("plaintext"), std::string::npos) << reply.raw.body;
  }
  EXPECT_EQ(Logs().find("plaintext"), std::string::npos) << "never logged either";
}

TEST_F(SupplierHandlersTest, CreateNamesEveryBadField) {
  auto r = Send("POST", "/api/v1/suppliers", R"({"code":"hb","name":"","protocol":"soap","endpoint":"ftp://x",
      "currency":"euro","timeouts":{"searchMs":5,"bookMs":"long","nap":1},"credentials":{"apiKey":""},"color":"red"})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(r.Code(), "validation_failed");
  EXPECT_EQ(r.Fields(), (std::set<std::string>{"code", "name", "protocol", "endpoint", "currency", "timeouts.searchMs",
                                               "timeouts.bookMs", "timeouts.nap", "credentials.apiKey", "color"}));
  auto missing = Send("POST", "/api/v1/suppliers", "{}");
  EXPECT_EQ(missing.Fields(), (std::set<std::string>{"code", "name", "protocol", "endpoint", "currency"}));
  EXPECT_EQ(Send("POST", "/api/v1/suppliers", "not json").Code(), "validation_failed");
}

TEST_F(SupplierHandlersTest, EndpointMustBeAPlainHttpUrl) {
  const std::map<std::string, std::string> bad = {
      {"https://x.example", "https is not supported"}, {"http://user:pw@x.example", "must not carry credentials"},
      {"http://x.example/a?b=1", "query"},             {"x.example", "absolute URL"}};
  for (const auto& [endpoint, message] : bad) {
    json::object body = json::parse(kCreate).as_object();
    body["endpoint"] = endpoint;
    auto r = Send("POST", "/api/v1/suppliers", json::serialize(body));
    ASSERT_EQ(r.status, 400) << endpoint;
    EXPECT_NE(json::serialize(r.body.at("errors")).find(message), std::string::npos) << r.raw.body;
  }
}

TEST_F(SupplierHandlersTest, DuplicateCodeIs409AndUnknownCodesAre404) {
  ASSERT_EQ(Send("POST", "/api/v1/suppliers", std::string(kCreate)).status, 201);
  auto dup = Send("POST", "/api/v1/suppliers", std::string(kCreate));
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.Code(), "conflict");
  EXPECT_EQ(Send("GET", "/api/v1/suppliers/NOPE").status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/suppliers/not-a-code").status, 404);
  EXPECT_EQ(Send("PATCH", "/api/v1/suppliers/NOPE", R"({"name":"x"})").status, 404);
  EXPECT_EQ(Send("POST", "/api/v1/suppliers/NOPE/enable").status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/suppliers/NOPE/health").status, 404);
  EXPECT_EQ(Send("POST", "/api/v1/suppliers/NOPE/sync").status, 404);
}

TEST_F(SupplierHandlersTest, PatchChangesTheGivenFieldsAndRefusesImmutableOnes) {
  ASSERT_EQ(Send("POST", "/api/v1/suppliers", std::string(kCreate)).status, 201);
  auto r = Send("PATCH", "/api/v1/suppliers/HBX",
                R"({"name":"Hotelbeds APItude","endpoint":"http://127.0.0.1:9102","currency":"USD",
                    "timeouts":{"searchMs":3000},"credentials":{"secret":null}})");
  ASSERT_EQ(r.status, 200) << r.raw.body;
  EXPECT_EQ(r.body.at("name"), "Hotelbeds APItude");
  EXPECT_EQ(r.body.at("endpoint"), "http://127.0.0.1:9102");
  EXPECT_EQ(r.body.at("currency"), "USD");
  EXPECT_EQ(r.body.at("timeouts").at("searchMs"), 3000);
  EXPECT_EQ(r.body.at("timeouts").at("bookMs"), 45000);
  EXPECT_EQ(r.body.at("credentials"), json::parse(R"({"apiKeySet":true,"secretSet":false})"));
  EXPECT_EQ(r.body.at("version"), 2);
  EXPECT_EQ(fakes_.Built().back().endpoint, "http://127.0.0.1:9102") << "the connector was rebuilt";
  EXPECT_EQ(fakes_.Built().back().secret, "");

  auto bad = Send("PATCH", "/api/v1/suppliers/HBX",
                  R"({"code":"X","protocol":"ota-xml","enabled":false,"credentials":{"apiKey":5},"timeouts":{"bookMs":0}})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Fields(),
            (std::set<std::string>{"code", "protocol", "enabled", "credentials.apiKey", "timeouts.bookMs"}));
}

TEST_F(SupplierHandlersTest, EnableAndDisableSwitchTheConnector) {
  ASSERT_EQ(Send("POST", "/api/v1/suppliers", std::string(kCreate)).status, 201);
  auto off = Send("POST", "/api/v1/suppliers/HBX/disable");
  ASSERT_EQ(off.status, 200);
  EXPECT_EQ(off.body.at("enabled"), false);
  EXPECT_EQ(Send("GET", "/api/v1/suppliers/HBX/health").body.at("connector"), "disabled");
  auto on = Send("POST", "/api/v1/suppliers/HBX/enable");
  EXPECT_EQ(on.body.at("enabled"), true);
  EXPECT_EQ(Send("GET", "/api/v1/suppliers/HBX/health").body.at("connector"), "ready");
}

TEST_F(SupplierHandlersTest, ListPagesAndValidatesItsParameters) {
  for (const char* code : {"CCC", "AAA", "BBB"}) {
    json::object body = json::parse(kCreate).as_object();
    body["code"] = code;
    ASSERT_EQ(Send("POST", "/api/v1/suppliers", json::serialize(body)).status, 201);
  }
  auto first = Send("GET", "/api/v1/suppliers?limit=2");
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(first.body.at("items").as_array().size(), 2u);
  EXPECT_EQ(first.body.at("items").at(0).at("code"), "AAA");
  EXPECT_EQ(first.body.at("nextCursor"), "BBB");
  auto second = Send("GET", "/api/v1/suppliers?limit=2&cursor=BBB");
  ASSERT_EQ(second.body.at("items").as_array().size(), 1u);
  EXPECT_TRUE(second.body.at("nextCursor").is_null());
  for (const char* q : {"?limit=0", "?limit=201", "?limit=x", "?cursor=", "?cursor=a-b"}) {
    EXPECT_EQ(Send("GET", std::string("/api/v1/suppliers") + q).status, 400) << q;
  }
}

TEST_F(SupplierHandlersTest, SyncIs409WhileTheFlagIsOff) {
  ASSERT_EQ(Send("POST", "/api/v1/suppliers", std::string(kCreate)).status, 201);
  auto r = Send("POST", "/api/v1/suppliers/HBX/sync");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.Code(), "conflict");
  EXPECT_NE(std::string(r.body.at("detail").as_string()).find("supplier.realtime.sync"), std::string::npos);
  EXPECT_EQ(fakes_.State("HBX")->Calls(Operation::kSearch), 0);
}

TEST_F(SupplierHandlersTest, SyncRunsWhenTheFlagIsOnAndHealthShowsTheOutcome) {
  ASSERT_EQ(Send("POST", "/api/v1/suppliers", std::string(kCreate)).status, 201);
  flag_on_ = true;
  auto r = Send("POST", "/api/v1/suppliers/HBX/sync");
  ASSERT_EQ(r.status, 202) << r.raw.body;
  EXPECT_EQ(r.raw.Header("Location"), "/api/v1/suppliers/HBX/health");
  EXPECT_EQ(r.body.at("code"), "HBX");
  EXPECT_TRUE(r.body.at("sync").as_object().contains("running"));

  auto health = Send("GET", "/api/v1/suppliers/HBX/health");
  ASSERT_EQ(health.status, 200);
  const auto& sync = health.body.at("sync");
  EXPECT_EQ(sync.at("running"), false);
  EXPECT_EQ(sync.at("lastOutcome"), "ok");
  EXPECT_EQ(sync.at("hotelsSynced"), 2);
  EXPECT_EQ(sync.at("lastFinishedAt"), "2027-01-15T08:00:00.000Z");
  EXPECT_EQ(health.body.at("connector"), "ready");
  EXPECT_EQ(health.body.at("breaker").at("state"), "closed");
  EXPECT_EQ(health.body.at("operations").at("search").at("calls"), 3);
  EXPECT_EQ(health.body.at("operations").at("search").at("lastOutcome"), "ok");
  EXPECT_TRUE(health.body.at("operations").at("book").at("lastOutcome").is_null());
}

TEST_F(SupplierHandlersTest, SyncIs409WhileAnotherRunHoldsTheClaim) {
  ASSERT_EQ(Send("POST", "/api/v1/suppliers", std::string(kCreate)).status, 201);
  flag_on_ = true;
  SupplierRepository repo(*db_);
  ASSERT_TRUE(repo.ClaimSync("HBX", "2027-01-15T07:59:00.000Z", "2027-01-15T07:00:00.000Z"));
  auto r = Send("POST", "/api/v1/suppliers/HBX/sync");
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(std::string(r.body.at("detail").as_string()).find("already running"), std::string::npos);
  EXPECT_EQ(Send("GET", "/api/v1/suppliers/HBX/health").body.at("sync").at("running"), true);
}

TEST_F(SupplierHandlersTest, HealthShowsBreakerStateAndFailures) {
  ASSERT_EQ(Send("POST", "/api/v1/suppliers", std::string(kCreate)).status, 201);
  flag_on_ = true;
  fakes_.State("HBX")->Script(Operation::kSearch, {Fail(Errc::upstream_timeout), Fail(Errc::upstream_timeout),
                                                   Fail(Errc::upstream_timeout)});
  ASSERT_EQ(Send("POST", "/api/v1/suppliers/HBX/sync").status, 202);
  auto health = Send("GET", "/api/v1/suppliers/HBX/health");
  EXPECT_EQ(health.body.at("breaker").at("consecutiveFailures"), 3);
  EXPECT_EQ(health.body.at("operations").at("search").at("failures"), 3);
  EXPECT_EQ(health.body.at("operations").at("search").at("lastOutcome"), "upstream_timeout");
  EXPECT_EQ(health.body.at("sync").at("lastOutcome"), "failed");
  EXPECT_EQ(health.body.at("sync").at("lastError"), "upstream_timeout");
}

TEST_F(SupplierHandlersTest, WithoutEncryptionSecretCredentialsAreRefusedButTheRestWorks) {
  Build("");
  auto r = Send("POST", "/api/v1/suppliers", std::string(kCreate));
  ASSERT_EQ(r.status, 400);
  EXPECT_TRUE(r.Fields().contains("credentials.apiKey"));
  EXPECT_NE(r.raw.body.find("ENCRYPTION_SECRET"), std::string::npos);
  json::object body = json::parse(kCreate).as_object();
  body.erase("credentials");
  auto plain = Send("POST", "/api/v1/suppliers", json::serialize(body));
  ASSERT_EQ(plain.status, 201) << plain.raw.body;
  EXPECT_EQ(plain.body.at("credentials"), json::parse(R"({"apiKeySet":false,"secretSet":false})"));
  EXPECT_EQ(Send("GET", "/api/v1/suppliers/HBX/health").body.at("connector"), "ready");
}

TEST_F(SupplierHandlersTest, MetricsAreRegisteredBeforeTheFirstCall) {
  ASSERT_EQ(Send("POST", "/api/v1/suppliers", std::string(kCreate)).status, 201);
  const std::string text = metrics_.Render();
  for (const char* name : {"supplier_calls_total", "supplier_call_duration_seconds", "supplier_breaker_state",
                           "supplier_retries_total", "supplier_sync_runs_total"}) {
    EXPECT_NE(text.find(std::string("# TYPE ") + name), std::string::npos) << name;
  }
  EXPECT_NE(text.find(R"(supplier_breaker_state{supplier="HBX"} 0)"), std::string::npos);
}

}  // namespace
}  // namespace hotel::supplier_adapter::testing
