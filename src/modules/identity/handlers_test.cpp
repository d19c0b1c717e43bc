// The identity API through runtime::Router with fake principals: status codes, problem+json,
// validation naming each field, 404 for foreign tenants, 403 for missing rights.
#include "adapters/sqlite/sqlite_database.hpp"
#include "modules/identity/identity.hpp"
#include "modules/identity/identity_testing.hpp"
#include "storage/migrator.hpp"
#include "support/test_support.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <set>

namespace hotel::identity::testing {
namespace {

namespace json = boost::json;

std::string S(const json::value& v) { return v.is_string() ? std::string(v.get_string()) : json::serialize(v); }

struct Reply {
  int status = 0;
  json::value body;
  runtime::Response raw;
  std::string Code() const { return body.is_object() && body.as_object().contains("code") ? std::string(body.at("code").as_string()) : ""; }
  std::set<std::string> Fields() const {
    std::set<std::string> out;
    if (body.is_object() && body.as_object().contains("errors")) {
      for (const auto& e : body.at("errors").as_array()) out.insert(std::string(e.at("field").as_string()));
    }
    return out;
  }
};

class IdentityHandlersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = adapters::OpenSqliteDatabase({.url = "sqlite://" + dir_.path() + "/hotel.db"});
    ASSERT_TRUE(db);
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrator(*db_, storage::EmbeddedMigrations(db_->dialect())).Up());
    settings_.jwt_secret = kTestSecret;
    IdentityOptions o;
    o.jwt_secret = kTestSecret;
    o.password_cost = PasswordCost::Minimum();
    setup_ = std::make_unique<IdentityService>(*db_, clock_, o);
    ctx_ = std::make_unique<runtime::ModuleContext>(
        runtime::ModuleContext{settings_, log_, metrics_, readiness_, pool_, *db_, clock_, {"identity"}});
    module_ = Spec().build(*ctx_);
    router_.SetOwner("identity");
    module_->RegisterRoutes(router_);

    a_ = Must(setup_->CreateTenant(IdentityService::Operator(), {"tnt_platform", "Distributor A", std::nullopt, {}}));
    b_ = Must(setup_->CreateTenant(IdentityService::Operator(), {"tnt_platform", "Distributor B", std::nullopt, {}}));
    a1_ = Must(setup_->CreateTenant(IdentityService::Operator(), {a_.id, "Agency A1", std::nullopt, {}}));
    a_admin_ = Must(setup_->CreateUser(IdentityService::Operator(), a_.id,
                                       {"a@x.test", "Admin A", Role::distributor_admin, "password-123"}));
    agent_ = Must(setup_->CreateUser(IdentityService::Operator(), a1_.id,
                                     {"agent@x.test", "Agent", Role::agent, "password-123"}));
  }

  template <class T>
  T Must(Result<T> r) {
    EXPECT_TRUE(r) << (r ? "" : r.error().detail);
    return r ? std::move(*r) : T{};
  }

  std::shared_ptr<const Principal> As(const User& u, const Tenant& t) {
    auto p = std::make_shared<Principal>();
    p->tenant_id = t.id;
    p->tenant_path = t.path;
    p->role = u.role;
    p->tier = TierOfPath(t.path);
    p->user_id = u.id;
    p->subject = u.email;
    return p;
  }
  std::shared_ptr<const Principal> Root() { return std::make_shared<Principal>(IdentityService::Operator()); }

  Reply Send(std::string method, std::string target, std::string body = {},
             std::shared_ptr<const Principal> principal = nullptr) {
    runtime::Request req;
    req.method = method;
    req.target = target;
    const auto q = target.find('?');
    req.path = std::string_view(target).substr(0, q);
    req.query = q == std::string::npos ? std::string_view{} : std::string_view(target).substr(q + 1);
    req.body = body;
    req.principal = std::move(principal);
    auto match = router_.Find(method, req.path);
    EXPECT_NE(match.route, nullptr) << method << " " << target;
    if (!match.route) return {};
    req.route = match.route->path_template;
    req.params = match.params;
    Reply r;
    r.raw = RunAwaitable(match.route->handler(req));
    r.status = r.raw.status;
    if (!r.raw.body.empty()) r.body = json::parse(r.raw.body);
    return r;
  }

  hotel::testing::TempDir dir_;
  std::unique_ptr<ports::Database> db_;
  ManualClock clock_{Instant(std::chrono::seconds(1'800'000'000))};
  runtime::Settings settings_;
  runtime::Logger log_{"identity-test", runtime::LogLevel::error, runtime::MakeCallbackSink([](std::string_view) {})};
  runtime::MetricsRegistry metrics_;
  runtime::Readiness readiness_;
  runtime::BlockingPool pool_{2};
  std::unique_ptr<IdentityService> setup_;
  std::unique_ptr<runtime::ModuleContext> ctx_;
  std::unique_ptr<runtime::Module> module_;
  runtime::Router router_;
  Tenant a_, b_, a1_;
  User a_admin_, agent_;
};

TEST_F(IdentityHandlersTest, LoginAnswersABearerTokenThatIsNotCached) {
  auto r = Send("POST", "/api/v1/auth/login", R"({"email":"agent@x.test","password":"password-123"})");
  ASSERT_EQ(r.status, 200) << r.raw.body;
  EXPECT_EQ(r.body.at("tokenType"), "Bearer");
  EXPECT_EQ(S(r.body.at("user").at("id")), agent_.id);
  EXPECT_FALSE(r.body.at("user").as_object().contains("passwordHash"));
  EXPECT_EQ(r.raw.Header("Cache-Control"), "no-store");
  std::string token(r.body.at("accessToken").as_string());
  EXPECT_TRUE(setup_->Authenticate(token, ""));
}

TEST_F(IdentityHandlersTest, WrongPasswordIs401ProblemJson) {
  auto r = Send("POST", "/api/v1/auth/login", R"({"email":"agent@x.test","password":"nope-nope"})");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.raw.content_type, "application/problem+json");
  EXPECT_EQ(r.Code(), "unauthenticated");
}

TEST_F(IdentityHandlersTest, LoginValidationNamesEachBadField) {
  auto r = Send("POST", "/api/v1/auth/login", R"({"email":5,"extra":true})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Code(), "validation_failed");
  EXPECT_EQ(r.Fields(), (std::set<std::string>{"email", "password", "extra"}));
  EXPECT_EQ(Send("POST", "/api/v1/auth/login", "{not json").Fields(), std::set<std::string>{"body"});
}

TEST_F(IdentityHandlersTest, EveryProtectedRouteAnswers401WithoutAPrincipal) {
  int checked = 0;
  for (const auto& route : router_.routes()) {
    if (route.path_template == "/api/v1/auth/login") continue;
    std::string path = route.path_template;
    if (auto p = path.find("{id}"); p != std::string::npos) path.replace(p, 4, a_.id);
    auto r = Send(route.method, path, "{}");
    EXPECT_EQ(r.status, 401) << route.method << " " << path;
    EXPECT_EQ(r.Code(), "unauthenticated");
    ++checked;
  }
  EXPECT_EQ(checked, 14);
}

TEST_F(IdentityHandlersTest, CreateTenantReturns201WithLocationAndTheNewTenant) {
  auto r = Send("POST", "/api/v1/tenants",
                R"({"parentId":")" + a1_.id + R"(","name":" Branch ","currency":"EUR","contact":{"email":"Ops@Branch.test"}})",
                As(a_admin_, a_));
  ASSERT_EQ(r.status, 201) << r.raw.body;
  EXPECT_EQ(r.body.at("name"), "Branch");
  EXPECT_EQ(r.body.at("kind"), "subagent");
  EXPECT_EQ(r.body.at("currency"), "EUR");
  EXPECT_EQ(S(r.body.at("parentId")), a1_.id);
  EXPECT_EQ(r.body.at("contact").at("email"), "ops@branch.test");
  EXPECT_EQ(r.raw.Header("Location"), "/api/v1/tenants/" + std::string(r.body.at("id").as_string()));
}

TEST_F(IdentityHandlersTest, CreateTenantValidationNamesEachBadField) {
  auto r = Send("POST", "/api/v1/tenants",
                R"({"parentId":"","name":"  ","currency":"cny","contact":{"email":"nope","fax":"1"},"colour":"red"})",
                Root());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Fields(),
            (std::set<std::string>{"parentId", "name", "currency", "contact.email", "contact.fax", "colour"}));
}

TEST_F(IdentityHandlersTest, ForeignTenantIs404AndAgentCreatingAUserIs403) {
  EXPECT_EQ(Send("GET", "/api/v1/tenants/" + b_.id, {}, As(a_admin_, a_)).status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/tenants/" + b_.id + "/users", {}, As(a_admin_, a_)).status, 404);
  EXPECT_EQ(Send("POST", "/api/v1/tenants/" + b_.id + "/suspend", {}, As(a_admin_, a_)).status, 404);
  auto forbidden = Send("POST", "/api/v1/tenants/" + a1_.id + "/users",
                        R"({"email":"new@x.test","name":"New","role":"agent","password":"password-123"})",
                        As(agent_, a1_));
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(forbidden.Code(), "forbidden");
  EXPECT_EQ(Send("GET", "/api/v1/tenants/tnt_nope", {}, Root()).status, 404);
}

TEST_F(IdentityHandlersTest, UserCreationAndPatchValidateEachField) {
  auto bad = Send("POST", "/api/v1/tenants/" + a1_.id + "/users",
                  R"({"email":"not-an-email","name":"","role":"emperor","password":"short"})", As(a_admin_, a_));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Fields(), (std::set<std::string>{"email", "name", "role", "password"}));
  auto wrong_kind = Send("POST", "/api/v1/tenants/" + a1_.id + "/users",
                         R"({"email":"ops@x.test","name":"Ops","role":"platform_ops","password":"password-123"})",
                         As(a_admin_, a_));
  EXPECT_EQ(wrong_kind.status, 400);
  EXPECT_EQ(wrong_kind.Fields(), std::set<std::string>{"role"});
  auto created = Send("POST", "/api/v1/tenants/" + a1_.id + "/users",
                      R"({"email":"New@X.test","name":"New","role":"finance","password":"password-123"})",
                      As(a_admin_, a_));
  ASSERT_EQ(created.status, 201) << created.raw.body;
  EXPECT_EQ(created.body.at("email"), "new@x.test");
  const std::string id(created.body.at("id").as_string());
  auto patch_bad = Send("PATCH", "/api/v1/users/" + id, R"({"role":"emperor","status":"gone","name":""})",
                        As(a_admin_, a_));
  EXPECT_EQ(patch_bad.Fields(), (std::set<std::string>{"role", "status", "name"}));
  auto patched = Send("PATCH", "/api/v1/users/" + id, R"({"status":"disabled"})", As(a_admin_, a_));
  ASSERT_EQ(patched.status, 200) << patched.raw.body;
  EXPECT_EQ(patched.body.at("status"), "disabled");
  EXPECT_EQ(Send("POST", "/api/v1/auth/login", R"({"email":"new@x.test","password":"password-123"})").status, 401);
}

TEST_F(IdentityHandlersTest, ApiKeyIsShownOnceThenOnlyItsPrefix) {
  auto created = Send("POST", "/api/v1/tenants/" + a1_.id + "/api-keys", R"({"name":"Booking engine"})",
                      As(a_admin_, a_));
  ASSERT_EQ(created.status, 201) << created.raw.body;
  const std::string key(created.body.at("key").as_string());
  EXPECT_EQ(created.body.at("role"), "agent");
  EXPECT_EQ(key.substr(0, 16), std::string(created.body.at("prefix").as_string()));
  auto listed = Send("GET", "/api/v1/tenants/" + a1_.id + "/api-keys", {}, As(a_admin_, a_));
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.raw.body.find(key), std::string::npos);
  ASSERT_EQ(listed.body.at("items").as_array().size(), 1u);
  EXPECT_FALSE(listed.body.at("items").at(0).as_object().contains("key"));
  EXPECT_TRUE(listed.body.at("nextCursor").is_null());
  auto escalate = Send("POST", "/api/v1/tenants/tnt_platform/api-keys", R"({"name":"x","role":"platform_admin"})",
                       As(a_admin_, a_));
  EXPECT_EQ(escalate.status, 404);
  auto platform_key = Send("POST", "/api/v1/tenants/tnt_platform/api-keys", R"({"name":"ops script"})", Root());
  ASSERT_EQ(platform_key.status, 201) << platform_key.raw.body;
  EXPECT_EQ(platform_key.body.at("role"), "platform_ops");
}

TEST_F(IdentityHandlersTest, RevokingIs204TwiceAnd404ForAnotherTenantsKey) {
  auto key = Must(setup_->CreateKey(IdentityService::Operator(), a1_.id, {"k", Role::agent}));
  auto b_key = Must(setup_->CreateKey(IdentityService::Operator(), b_.id, {"k", Role::agent}));
  EXPECT_EQ(Send("DELETE", "/api/v1/api-keys/" + key.key.id, {}, As(a_admin_, a_)).status, 204);
  EXPECT_EQ(Send("DELETE", "/api/v1/api-keys/" + key.key.id, {}, As(a_admin_, a_)).status, 204);
  EXPECT_EQ(Send("DELETE", "/api/v1/api-keys/" + b_key.key.id, {}, As(a_admin_, a_)).status, 404);
  EXPECT_EQ(Send("DELETE", "/api/v1/api-keys/key_nope", {}, As(a_admin_, a_)).status, 404);
  EXPECT_EQ(Send("DELETE", "/api/v1/api-keys/" + key.key.id, {}, As(agent_, a1_)).status, 403);
}

TEST_F(IdentityHandlersTest, ListsPageWithLimitAndCursorAndValidateThem) {
  for (const char* q : {"?limit=0", "?limit=201", "?limit=abc", "?limit=-1", "?cursor="}) {
    auto r = Send("GET", std::string("/api/v1/tenants") + q, {}, Root());
    EXPECT_EQ(r.status, 400) << q;
    EXPECT_EQ(r.Fields().size(), 1u) << q;
  }
  // Issue 14: a cursor that no page gave is a 400 on every identity list (one decoder).
  for (const std::string& list : std::vector<std::string>{"/api/v1/tenants", "/api/v1/tenants/" + a_.id + "/users",
                                                           "/api/v1/tenants/" + a_.id + "/api-keys"}) {
    for (const std::string& bad : std::vector<std::string>{"not-a-cursor", "usr_x", "tnt_" + std::string(26, 'u')}) {
      auto r = Send("GET", list + "?cursor=" + bad, {}, Root());
      EXPECT_EQ(r.status, 400) << list << " " << bad;
      EXPECT_EQ(r.Fields(), std::set<std::string>{"cursor"}) << list << " " << bad;
    }
  }
  EXPECT_EQ(Send("GET", "/api/v1/tenants?status=sleeping", {}, Root()).Fields(), std::set<std::string>{"status"});
  auto first = Send("GET", "/api/v1/tenants?limit=2", {}, Root());
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(first.body.at("items").as_array().size(), 2u);
  const std::string cursor(first.body.at("nextCursor").as_string());
  auto second = Send("GET", "/api/v1/tenants?limit=2&cursor=" + cursor, {}, Root());
  ASSERT_EQ(second.body.at("items").as_array().size(), 2u);
  EXPECT_GT(std::string(second.body.at("items").at(0).at("id").as_string()), cursor);
  auto children = Send("GET", "/api/v1/tenants?parentId=" + a_.id, {}, Root());
  ASSERT_EQ(children.body.at("items").as_array().size(), 1u);
  EXPECT_EQ(S(children.body.at("items").at(0).at("id")), a1_.id);
}

TEST_F(IdentityHandlersTest, MeShowsThePrincipalAndItsTenant) {
  auto r = Send("GET", "/api/v1/me", {}, As(agent_, a1_));
  ASSERT_EQ(r.status, 200) << r.raw.body;
  EXPECT_EQ(S(r.body.at("userId")), agent_.id);
  EXPECT_TRUE(r.body.at("apiKeyId").is_null());
  EXPECT_EQ(r.body.at("role"), "agent");
  EXPECT_EQ(S(r.body.at("tenant").at("id")), a1_.id);
  EXPECT_EQ(r.body.at("tenant").at("kind"), "subagent");
  EXPECT_EQ(r.body.at("user").at("email"), "agent@x.test");
}

TEST_F(IdentityHandlersTest, SuspendAndActivateAnswerTheTenant) {
  auto s = Send("POST", "/api/v1/tenants/" + a1_.id + "/suspend", {}, As(a_admin_, a_));
  ASSERT_EQ(s.status, 200) << s.raw.body;
  EXPECT_EQ(s.body.at("status"), "suspended");
  EXPECT_EQ(Send("POST", "/api/v1/tenants/" + a_.id + "/suspend", {}, As(a_admin_, a_)).status, 403);
  EXPECT_EQ(Send("POST", "/api/v1/tenants/" + a1_.id + "/activate", {}, As(a_admin_, a_)).body.at("status"), "active");
  auto patched = Send("PATCH", "/api/v1/tenants/" + a1_.id, R"({"name":"Renamed","contact":{"phone":"+86 10 1234"}})",
                      As(a_admin_, a_));
  ASSERT_EQ(patched.status, 200) << patched.raw.body;
  EXPECT_EQ(patched.body.at("name"), "Renamed");
  EXPECT_EQ(patched.body.at("contact").at("phone"), "+86 10 1234");
}

TEST_F(IdentityHandlersTest, ModuleRefusesToStartWithoutAStrongJwtSecret) {
  for (const char* secret : {"", "only-31-characters-long-secret!"}) {
    runtime::Settings weak;
    weak.jwt_secret = secret;
    runtime::ModuleContext ctx{weak, log_, metrics_, readiness_, pool_, *db_, clock_, {}};
    try {
      Spec().build(ctx);
      ADD_FAILURE() << "started with JWT_SECRET '" << secret << "'";
    } catch (const std::runtime_error& e) {
      EXPECT_NE(std::string(e.what()).find("JWT_SECRET"), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace hotel::identity::testing
