// Admin API through runtime::Router on a migrated SQLite file: roles, validation, audit, snapshots.
#include "modules/config/config_api.hpp"
#include "modules/config/config_keys.hpp"
#include "modules/config/config_test_support.hpp"
#include "runtime/metrics.hpp"
#include "support/test_support.hpp"

#include <gtest/gtest.h>

namespace hotel::config {
namespace {

namespace json = boost::json;
using testing::Call;
using testing::CallResult;
using testing::ErrorFields;
using testing::MakePrincipal;

const char* kGoodWeights = R"({"value":{"price":0.25,"rating":0.25,"availability":0.25,"supplier_reliability":0.25}})";

class ConfigApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::OpenMigrated("sqlite://" + dir_.path() + "/hotel.db");
    ASSERT_NE(db_, nullptr);
    ClientOptions options;
    options.poll_interval = std::chrono::hours(1);  // only the API's own reloads count here
    client_ = std::make_shared<ConfigClient>(*db_, log_.log(), metrics_, options);
    ASSERT_TRUE(client_->Reload(ReloadSource::poll));
    RegisterConfigRoutes(router_, std::make_shared<ApiDeps>(ApiDeps{ConfigStore(*db_, clock_), blocking_, log_.log(), client_}));
  }

  CallResult As(Role role, std::string method, std::string target, std::string body = {}) {
    return Call(router_, std::move(method), std::move(target), std::move(body), MakePrincipal(role));
  }
  std::int64_t Count(const std::string& sql) {
    auto r = db_->Execute(sql);
    EXPECT_TRUE(r);
    return r ? r->rows[0].GetInt(0) : -1;
  }
  std::int64_t AuditRows() { return Count("SELECT COUNT(*) FROM config_audit"); }
  std::string StoredWeights() {
    auto r = db_->Execute("SELECT value || '|' || updated_by FROM platform_config WHERE key = 'matching.algorithm.weights'");
    return r && !r->rows.empty() ? r->rows[0].GetString(0) : "";
  }

  hotel::testing::TempDir dir_;
  testing::CapturedLog log_;
  runtime::MetricsRegistry metrics_;
  runtime::BlockingPool blocking_{2};
  ManualClock clock_{Instant(std::chrono::seconds(1'780'000'000))};
  std::unique_ptr<ports::Database> db_;
  std::shared_ptr<ConfigClient> client_;
  runtime::Router router_;
};

struct Route {
  const char* method;
  const char* target;
  const char* body;
};
const Route kRoutes[] = {
    {"GET", "/api/v1/config", ""},
    {"GET", "/api/v1/config/audit", ""},
    {"GET", "/api/v1/config/matching.algorithm.weights", ""},
    {"PUT", "/api/v1/config/matching.algorithm.weights", kGoodWeights},
    {"DELETE", "/api/v1/config/matching.algorithm.weights", ""},
    {"GET", "/api/v1/feature-flags", ""},
    {"GET", "/api/v1/feature-flags/admin.v2", ""},
    {"PUT", "/api/v1/feature-flags/admin.v2", R"({"enabled":true,"rolloutPct":100,"whitelist":[]})"},
    {"GET", "/api/v1/feature-flags/admin.v2/evaluate?tenantId=tnt_a", ""},
};

TEST_F(ConfigApiTest, AnonymousCallersGet401OnEveryRoute) {
  for (const auto& r : kRoutes) {
    auto res = Call(router_, r.method, r.target, r.body, nullptr);
    EXPECT_EQ(res.status, 401) << r.method << " " << r.target;
    EXPECT_EQ(res.content_type, "application/problem+json");
    EXPECT_EQ(res.body.at("code"), "unauthenticated");
  }
  EXPECT_EQ(AuditRows(), 0);
}

TEST_F(ConfigApiTest, TenantRolesGet403OnEveryRouteAndChangeNothing) {
  const std::string before = StoredWeights();
  for (Role role : {Role::agent, Role::distributor_admin, Role::finance}) {
    for (const auto& r : kRoutes) {
      auto res = Call(router_, r.method, r.target, r.body, MakePrincipal(role, "tnt_a"));
      EXPECT_EQ(res.status, 403) << RoleName(role) << " " << r.method << " " << r.target;
      EXPECT_EQ(res.body.at("code"), "forbidden");
    }
  }
  EXPECT_EQ(AuditRows(), 0);
  EXPECT_EQ(StoredWeights(), before);
}

TEST_F(ConfigApiTest, PlatformOpsChangesWeightsWithAuditAndTheSnapshotFollows) {
  auto res = As(Role::platform_ops, "PUT", "/api/v1/config/matching.algorithm.weights", kGoodWeights);
  ASSERT_EQ(res.status, 200) << json::serialize(res.body);
  EXPECT_EQ(res.body.at("updatedBy"), "usr_platform_ops");
  EXPECT_EQ(res.body.at("updatedAt"), "2026-05-28T20:26:40.000Z");  // the injected clock
  EXPECT_EQ(res.body.at("env"), "default");
  EXPECT_EQ(res.body.at("description"), "Hotel matching algorithm weights");  // kept when not sent

  // Read back through the API and through this process's snapshot (reloaded by the write).
  auto got = As(Role::platform_admin, "GET", "/api/v1/config/matching.algorithm.weights");
  ASSERT_EQ(got.status, 200);
  EXPECT_DOUBLE_EQ(got.body.at("value").at("price").to_number<double>(), 0.25);
  EXPECT_DOUBLE_EQ(ReadMatchingWeights(*client_->Snapshot()).price, 0.25);

  ASSERT_EQ(AuditRows(), 1);
  auto audit = As(Role::platform_admin, "GET", "/api/v1/config/audit");
  ASSERT_EQ(audit.status, 200);
  const auto& item = audit.body.at("items").at(0);
  EXPECT_EQ(item.at("actor"), "usr_platform_ops");
  EXPECT_EQ(item.at("kind"), "config");
  EXPECT_EQ(item.at("name"), "matching.algorithm.weights");
  EXPECT_EQ(item.at("at"), "2026-05-28T20:26:40.000Z");
  EXPECT_DOUBLE_EQ(item.at("oldValue").at("price").to_number<double>(), 0.4);
  EXPECT_DOUBLE_EQ(item.at("newValue").at("price").to_number<double>(), 0.25);
}

TEST_F(ConfigApiTest, BadWeightsAnswer400NamingTheFieldAndChangeNothing) {
  const std::string before = StoredWeights();
  struct Case {
    const char* body;
    std::vector<std::string> fields;
  };
  const Case cases[] = {
      {R"({"value":{"price":0.5,"rating":0.3,"availability":0.2,"supplier_reliability":0.1}})", {"value"}},
      {R"({"value":{"price":1.5,"rating":0.3,"availability":0.2,"supplier_reliability":0.1}})", {"value.price"}},
      {R"({"value":{"price":0.4,"rating":0.3,"availability":0.3}})", {"value.supplier_reliability"}},
      {R"({"value":{"price":0.4,"rating":0.3,"availability":0.2,"supplier_reliability":0.1,"x":0}})", {"value.x"}},
      {R"({"description":"no value"})", {"value"}},
      {R"({"value":null})", {"value"}},
      {R"({"valu":{}, "value": 1})", {"valu"}},
      {R"({"value":1, "description": 5})", {"description"}},
      {R"({"value":)", {"body"}},
      {R"([1,2])", {"body"}},
  };
  for (const auto& c : cases) {
    auto res = As(Role::platform_admin, "PUT", "/api/v1/config/matching.algorithm.weights", c.body);
    EXPECT_EQ(res.status, 400) << c.body;
    EXPECT_EQ(res.body.at("code"), "validation_failed") << c.body;
    EXPECT_EQ(ErrorFields(res), c.fields) << c.body;
  }
  EXPECT_EQ(AuditRows(), 0);
  EXPECT_EQ(StoredWeights(), before);
  EXPECT_DOUBLE_EQ(ReadMatchingWeights(*client_->Snapshot()).price, 0.4);
}

TEST_F(ConfigApiTest, TenantOverridesAreValidated) {
  auto bad = As(Role::platform_admin, "PUT", "/api/v1/config/gateway.rate_limit.tenant_overrides",
                R"({"value":{"tnt_a":{"max":0,"windowMs":60000}}})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(ErrorFields(bad), std::vector<std::string>{"value.tnt_a.max"});
  auto good = As(Role::platform_admin, "PUT", "/api/v1/config/gateway.rate_limit.tenant_overrides",
                 R"({"value":{"tnt_a":{"max":5,"windowMs":1000}},"description":"pilot"})");
  EXPECT_EQ(good.status, 201);
  EXPECT_EQ(client_->Get(Key<json::value>{kTenantRateLimitsKey, {}}), json::parse(R"({"tnt_a":{"max":5,"windowMs":1000}})"));
}

TEST_F(ConfigApiTest, BookingCertaintyWindowsAreValidated) {
  auto bad = As(Role::platform_admin, "PUT", "/api/v1/config/order.booking.certainty",
                R"({"value":{"default":{"confirmationWindowS":4},"HBX":{"ghostWatchS":"long","other":1},"RPD":3}})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(ErrorFields(bad), (std::vector<std::string>{"value.default.confirmationWindowS", "value.HBX.ghostWatchS",
                                                        "value.HBX.other", "value.RPD"}));
  EXPECT_EQ(As(Role::platform_admin, "PUT", "/api/v1/config/order.booking.certainty", R"({"value":[1]})").status, 400);
  auto good = As(Role::platform_admin, "PUT", "/api/v1/config/order.booking.certainty",
                 R"({"value":{"default":{"confirmationWindowS":900},"rapid-json":{"ghostWatchS":7200}}})");
  EXPECT_EQ(good.status, 201) << json::serialize(good.body);
}

TEST_F(ConfigApiTest, KeysAreCreatedListedPagedAndDeletedWithAuditNewestFirst) {
  EXPECT_EQ(As(Role::platform_admin, "PUT", "/api/v1/config/bad%20key", R"({"value":1})").status, 400);
  auto reserved = As(Role::platform_admin, "PUT", "/api/v1/config/audit", R"({"value":1})");
  EXPECT_EQ(ErrorFields(reserved), std::vector<std::string>{"key"});

  auto created = As(Role::platform_admin, "PUT", "/api/v1/config/search.page_size", R"({"value":20,"env":"staging"})");
  ASSERT_EQ(created.status, 201) << json::serialize(created.body);
  EXPECT_EQ(created.body.at("env"), "staging");
  EXPECT_EQ(created.body.at("description"), nullptr);
  // A process in env "default" does not see a staging key.
  EXPECT_EQ(client_->Get(Key<int>{"search.page_size", 50}), 50);

  auto staging = As(Role::platform_admin, "GET", "/api/v1/config?env=staging");
  ASSERT_EQ(staging.body.at("items").as_array().size(), 1u);
  auto page1 = As(Role::platform_admin, "GET", "/api/v1/config?limit=1");
  ASSERT_EQ(page1.status, 200);
  ASSERT_EQ(page1.body.at("items").as_array().size(), 1u);
  EXPECT_EQ(page1.body.at("items").at(0).at("key"), "matching.algorithm.weights");
  const std::string cursor(page1.body.at("nextCursor").as_string());
  auto page2 = As(Role::platform_admin, "GET", "/api/v1/config?limit=1&cursor=" + cursor);
  EXPECT_EQ(page2.body.at("items").at(0).at("key"), "search.page_size");
  EXPECT_EQ(page2.body.at("nextCursor"), nullptr);
  EXPECT_EQ(As(Role::platform_admin, "GET", "/api/v1/config?limit=0").status, 400);
  EXPECT_EQ(ErrorFields(As(Role::platform_admin, "GET", "/api/v1/config?limit=201")), std::vector<std::string>{"limit"});

  EXPECT_EQ(As(Role::platform_ops, "DELETE", "/api/v1/config/search.page_size").status, 204);
  EXPECT_EQ(As(Role::platform_ops, "DELETE", "/api/v1/config/search.page_size").status, 404);
  EXPECT_EQ(As(Role::platform_admin, "GET", "/api/v1/config/search.page_size").status, 404);

  auto audit = As(Role::platform_admin, "GET", "/api/v1/config/audit?kind=config&limit=1");
  ASSERT_EQ(audit.status, 200);
  EXPECT_EQ(audit.body.at("items").at(0).at("newValue"), nullptr);  // the delete, newest first
  EXPECT_EQ(audit.body.at("items").at(0).at("oldValue"), 20);
  const std::string next(audit.body.at("nextCursor").as_string());
  auto older = As(Role::platform_admin, "GET", "/api/v1/config/audit?kind=config&limit=1&cursor=" + next);
  EXPECT_EQ(older.body.at("items").at(0).at("oldValue"), nullptr);  // the creation
  EXPECT_EQ(older.body.at("items").at(0).at("newValue"), 20);
  EXPECT_EQ(older.body.at("nextCursor"), nullptr);
  EXPECT_EQ(ErrorFields(As(Role::platform_admin, "GET", "/api/v1/config/audit?kind=x")), std::vector<std::string>{"kind"});
  EXPECT_EQ(ErrorFields(As(Role::platform_admin, "GET", "/api/v1/config/audit?cursor=abc")),
            std::vector<std::string>{"cursor"});
  // Issue 14: one cursor decoder for every list; a string that merely looks like a key is no
  // cursor (config and flag cursors are opaque).
  for (std::string list : {"/api/v1/config", "/api/v1/feature-flags"}) {
    for (std::string bad : {"not-a-cursor", "n.zz", "n.", "n.6", "matching.algorithm.weights"}) {
      EXPECT_EQ(ErrorFields(As(Role::platform_admin, "GET", list + "?cursor=" + bad)), std::vector<std::string>{"cursor"})
          << list << " " << bad;
    }
  }
}

TEST_F(ConfigApiTest, SeededFlagsAreOffAndFlippingOneTakesEffect) {
  auto list = As(Role::platform_admin, "GET", "/api/v1/feature-flags");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body.at("items").as_array().size(), 5u);
  for (const auto& f : list.body.at("items").as_array()) EXPECT_EQ(f.at("enabled"), false) << f.at("name");
  EXPECT_FALSE(client_->FlagEnabled(kFlagAdminV2, "tnt_a"));

  auto put = As(Role::platform_ops, "PUT", "/api/v1/feature-flags/admin.v2",
                R"({"enabled":true,"rolloutPct":100,"whitelist":["tnt_a"],"description":"V2 console"})");
  ASSERT_EQ(put.status, 200) << json::serialize(put.body);
  EXPECT_EQ(put.body.at("whitelist").at(0), "tnt_a");
  EXPECT_TRUE(client_->FlagEnabled(kFlagAdminV2, "tnt_a"));
  EXPECT_FALSE(client_->FlagEnabled(kFlagAdminV2, "tnt_b"));

  auto on = As(Role::platform_admin, "GET", "/api/v1/feature-flags/admin.v2/evaluate?tenantId=tnt_a");
  EXPECT_EQ(on.body, json::parse(R"({"flag":"admin.v2","tenantId":"tnt_a","enabled":true})"));
  auto off = As(Role::platform_admin, "GET", "/api/v1/feature-flags/admin.v2/evaluate?tenantId=tnt_b");
  EXPECT_EQ(off.body.at("enabled"), false);
  EXPECT_EQ(ErrorFields(As(Role::platform_admin, "GET", "/api/v1/feature-flags/admin.v2/evaluate")),
            std::vector<std::string>{"tenantId"});
  EXPECT_EQ(As(Role::platform_admin, "GET", "/api/v1/feature-flags/nope/evaluate?tenantId=t").status, 404);

  auto audit = As(Role::platform_admin, "GET", "/api/v1/config/audit?kind=flag&name=admin.v2");
  ASSERT_EQ(audit.body.at("items").as_array().size(), 1u);
  EXPECT_EQ(audit.body.at("items").at(0).at("oldValue").at("enabled"), false);
  EXPECT_EQ(audit.body.at("items").at(0).at("newValue").at("whitelist").at(0), "tnt_a");

  auto created = As(Role::platform_admin, "PUT", "/api/v1/feature-flags/new.flag",
                    R"({"enabled":true,"rolloutPct":30,"whitelist":[]})");
  EXPECT_EQ(created.status, 201);
  EXPECT_EQ(As(Role::platform_admin, "GET", "/api/v1/feature-flags/new.flag").body.at("rolloutPct"), 30);
}

TEST_F(ConfigApiTest, FlagPutWithoutDescriptionKeepsTheStoredOne) {
  ASSERT_EQ(As(Role::platform_admin, "PUT", "/api/v1/feature-flags/admin.v2",
               R"({"enabled":false,"rolloutPct":100,"whitelist":[],"description":"V2 console"})")
                .status,
            200);
  auto put = As(Role::platform_admin, "PUT", "/api/v1/feature-flags/admin.v2", R"({"enabled":true,"rolloutPct":100,"whitelist":[]})");
  ASSERT_EQ(put.status, 200);
  EXPECT_EQ(put.body.at("description"), "V2 console");
  auto cleared = As(Role::platform_admin, "PUT", "/api/v1/feature-flags/admin.v2",
                    R"({"enabled":true,"rolloutPct":100,"whitelist":[],"description":""})");
  EXPECT_EQ(cleared.body.at("description"), "");  // an explicit empty one still clears it
}

TEST_F(ConfigApiTest, BadFlagInputNamesTheFieldAndChangesNothing) {
  struct Case {
    const char* body;
    std::vector<std::string> fields;
  };
  const Case cases[] = {
      {R"({"enabled":true,"rolloutPct":101,"whitelist":[]})", {"rolloutPct"}},
      {R"({"enabled":true,"rolloutPct":-1,"whitelist":[]})", {"rolloutPct"}},
      {R"({"enabled":true,"rolloutPct":50.5,"whitelist":[]})", {"rolloutPct"}},
      {R"({"enabled":"yes","rolloutPct":50,"whitelist":[]})", {"enabled"}},
      {R"({"enabled":true,"rolloutPct":50,"whitelist":["tnt_a",1,""]})", {"whitelist[1]", "whitelist[2]"}},
      {R"({"enabled":true,"rolloutPct":50,"whitelist":"tnt_a"})", {"whitelist"}},
      {R"({"enabled":true,"rolloutPct":50})", {"whitelist"}},
      {R"({"rolloutPct":50,"whitelist":[],"extra":1})", {"extra", "enabled"}},
  };
  for (const auto& c : cases) {
    auto res = As(Role::platform_admin, "PUT", "/api/v1/feature-flags/admin.v2", c.body);
    EXPECT_EQ(res.status, 400) << c.body;
    EXPECT_EQ(ErrorFields(res), c.fields) << c.body;
  }
  EXPECT_EQ(ErrorFields(As(Role::platform_admin, "PUT", "/api/v1/feature-flags/-x",
                           R"({"enabled":true,"rolloutPct":1,"whitelist":[]})")),
            std::vector<std::string>{"name"});
  EXPECT_EQ(AuditRows(), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM feature_flags WHERE enabled"), 0);
}

TEST_F(ConfigApiTest, ApiWritesCountAsApiReloads) {
  ASSERT_EQ(As(Role::platform_admin, "PUT", "/api/v1/config/x.y", R"({"value":true})").status, 201);
  const std::string text = metrics_.Render();
  EXPECT_NE(text.find("config_reloads_total{source=\"api\"} 1"), std::string::npos) << text;
}

}  // namespace
}  // namespace hotel::config
