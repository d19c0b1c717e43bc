// The pricing API through runtime::Router with principals of every role: who may read and
// write rules (401/403, another subtree's rule → 404), tiers from the owner's depth,
// validation naming each field, DELETE disabling, exact decimal rates, and a price preview
// whose figures are computed by hand.
#include "modules/pricing-service/pricing_module.hpp"
#include "modules/pricing-service/pricing_test_support.hpp"
#include "adapters/sqlite/sqlite_database.hpp"
#include "runtime/blocking.hpp"
#include "storage/migrator.hpp"
#include "support/handler_harness.hpp"
#include "support/test_support.hpp"

namespace hotel::pricing::testing {
namespace {

namespace json = boost::json;
using Reply = hotel::testing::HandlerReply;

class PricingHandlersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = adapters::OpenSqliteDatabase({.url = "sqlite://" + dir_.path() + "/hotel.db"});
    ASSERT_TRUE(db);
    db_ = std::move(*db);
    auto up = storage::Migrator(*db_, storage::EmbeddedMigrations(db_->dialect())).Up();
    ASSERT_TRUE(up) << up.error().detail;
    InsertTenantTree(*db_);
    service_ = MakePricingService(*db_, pool_, settings_, log_, metrics_, &clock_);
    auto spec = Spec(service_);
    EXPECT_EQ(spec.name, "pricing-service");
    ctx_ = std::make_unique<runtime::ModuleContext>(
        runtime::ModuleContext{settings_, log_, metrics_, readiness_, pool_, *db_, clock_, {"pricing-service"}});
    module_ = spec.build(*ctx_);
    router_.SetOwner("pricing-service");
    module_->RegisterRoutes(router_);
  }

  Reply Send(std::string method, std::string target, std::string body, std::shared_ptr<const Principal> who) {
    return hotel::testing::CallRoute(router_, method, target, body, std::move(who));
  }
  Reply Create(const std::string& body, std::shared_ptr<const Principal> who = Caller(Role::platform_admin)) {
    return Send("POST", "/api/v1/markup-rules", body, std::move(who));
  }

  hotel::testing::TempDir dir_;
  std::unique_ptr<ports::Database> db_;
  ManualClock clock_{Instant(std::chrono::seconds(1'800'000'000))};
  runtime::Settings settings_;
  runtime::Logger log_{"test", runtime::LogLevel::error, runtime::MakeCallbackSink([](std::string_view) {})};
  runtime::MetricsRegistry metrics_;
  runtime::Readiness readiness_;
  runtime::BlockingPool pool_{2};
  std::shared_ptr<PricingServiceImpl> service_;
  std::unique_ptr<runtime::ModuleContext> ctx_;
  std::unique_ptr<runtime::Module> module_;
  runtime::Router router_;
};

TEST_F(PricingHandlersTest, PlatformStaffCreatesRulesForAnyTierWithTheTierFromTheTenantDepth) {
  auto platform = Create(R"({"kind":"percent","percentBp":1000,"note":"base"})");
  ASSERT_EQ(platform.status, 201) << platform.raw.body;
  EXPECT_EQ(platform.Str("tier"), "platform");
  EXPECT_EQ(platform.Str("ownerTenantId"), "tnt_platform");
  EXPECT_EQ(platform.body.at("percentBp").as_int64(), 1000);
  EXPECT_EQ(platform.Str("createdBy"), "usr_platform_admin");
  EXPECT_EQ(platform.raw.Header("Location"), "/api/v1/markup-rules/" + platform.Str("id"));
  auto dist = Create(R"({"ownerTenantId":"tnt_dist","kind":"fixed","fixedAmount":{"amount":500,"currency":"EUR"},
                         "country":"FR","stayFrom":"2026-06-01","stayTo":"2026-08-31"})");
  ASSERT_EQ(dist.status, 201) << dist.raw.body;
  EXPECT_EQ(dist.Str("tier"), "distributor");
  EXPECT_EQ(dist.body.at("fixedAmount").at("amount").as_int64(), 500);
  EXPECT_TRUE(dist.body.at("percentBp").is_null());
  auto sub = Create(R"({"ownerTenantId":"tnt_sub","kind":"percent","percentBp":-500,"allowNegative":true})");
  ASSERT_EQ(sub.status, 201) << sub.raw.body;
  EXPECT_EQ(sub.Str("tier"), "sub_agent");
  EXPECT_EQ(service_->RulesLoaded(), 3u);  // the snapshot follows this process's writes at once
}

TEST_F(PricingHandlersTest, RightsPerRole) {
  const std::string body = R"({"kind":"percent","percentBp":300})";
  EXPECT_EQ(Create(body, nullptr).status, 401);
  EXPECT_EQ(Create(body, Caller(Role::agent)).Code(), "forbidden");
  EXPECT_EQ(Create(body, Caller(Role::finance)).status, 403);
  EXPECT_EQ(Create(body, Caller(Role::platform_ops)).status, 201);
  auto own = Create(body, Caller(Role::distributor_admin));
  ASSERT_EQ(own.status, 201);
  EXPECT_EQ(own.Str("ownerTenantId"), "tnt_dist");
  auto for_sub = Create(R"({"ownerTenantId":"tnt_sub","kind":"percent","percentBp":200})", Caller(Role::distributor_admin));
  EXPECT_EQ(for_sub.status, 201);
  auto for_other = Create(R"({"ownerTenantId":"tnt_other","kind":"percent","percentBp":200})",
                          Caller(Role::distributor_admin));
  EXPECT_EQ(for_other.status, 400);
  EXPECT_EQ(for_other.Fields(), std::set<std::string>{"ownerTenantId"});
  auto for_platform = Create(R"({"ownerTenantId":"tnt_platform","kind":"percent","percentBp":200})",
                             Caller(Role::distributor_admin));
  EXPECT_EQ(for_platform.status, 400);
  auto negative = Create(R"({"kind":"percent","percentBp":-100,"allowNegative":true})", Caller(Role::distributor_admin));
  EXPECT_EQ(negative.status, 403);
  // Reads: a distributor's subtree only; agents read, never write.
  auto listed = Send("GET", "/api/v1/markup-rules", "", Caller(Role::agent));
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.Items().size(), 2u);  // tnt_dist's and tnt_sub's, not the platform's
  EXPECT_EQ(Send("GET", "/api/v1/markup-rules", "", Caller(Role::platform_admin)).Items().size(), 3u);
  EXPECT_EQ(Send("GET", "/api/v1/markup-rules", "", nullptr).status, 401);
  const std::string own_path = "/api/v1/markup-rules/" + own.Str("id");
  EXPECT_EQ(Send("GET", own_path, "", Caller(Role::finance)).status, 200);
  EXPECT_EQ(Send("PATCH", own_path, R"({"percentBp":400})", Caller(Role::agent)).status, 403);
  EXPECT_EQ(Send("DELETE", own_path, "", Caller(Role::finance)).status, 403);
}

TEST_F(PricingHandlersTest, AnotherSubtreesRuleAnswers404) {
  auto other = Create(R"({"ownerTenantId":"tnt_other","kind":"percent","percentBp":200})");
  ASSERT_EQ(other.status, 201);
  const std::string path = "/api/v1/markup-rules/" + other.Str("id");
  auto dist = Caller(Role::distributor_admin);
  EXPECT_EQ(Send("GET", path, "", dist).Code(), "not_found");
  EXPECT_EQ(Send("PATCH", path, R"({"percentBp":1})", dist).status, 404);
  EXPECT_EQ(Send("DELETE", path, "", dist).status, 404);
  auto platform_rule = Create(R"({"kind":"percent","percentBp":100})");
  EXPECT_EQ(Send("GET", "/api/v1/markup-rules/" + platform_rule.Str("id"), "", Caller(Role::agent)).status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/markup-rules/mkr_nonsense", "", dist).status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/markup-rules?ownerTenantId=tnt_other", "", dist).Items().size(), 0u);
}

TEST_F(PricingHandlersTest, ValidationNamesEachField) {
  auto bad = Create(R"({"kind":"percent","percentBp":100001,"country":"fr","supplier":"hb x","hotelId":"h1",
                        "stayFrom":"2026-02-30","foo":1})");
  ASSERT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Code(), "validation_failed");
  EXPECT_EQ(bad.Fields(), (std::set<std::string>{"percentBp", "country", "supplier", "hotelId", "stayFrom", "foo"}));
  EXPECT_EQ(Create(R"({"percentBp":100})").Fields(), std::set<std::string>{"kind"});
  EXPECT_EQ(Create(R"({"kind":"cheap"})").Fields(), std::set<std::string>{"kind"});
  EXPECT_EQ(Create(R"({"kind":"percent"})").Fields(), std::set<std::string>{"percentBp"});
  EXPECT_EQ(Create(R"({"kind":"fixed"})").Fields(), std::set<std::string>{"fixedAmount"});
  EXPECT_EQ(Create(R"({"kind":"fixed","fixedAmount":{"amount":1.5,"currency":"eur"}})").Fields(),
            (std::set<std::string>{"fixedAmount.amount", "fixedAmount.currency"}));
  EXPECT_EQ(Create(R"({"kind":"percent","percentBp":5,"fixedAmount":{"amount":1,"currency":"EUR"}})").Fields(),
            std::set<std::string>{"fixedAmount"});
  EXPECT_EQ(Create(R"({"kind":"percent","percentBp":5,"stayFrom":"2026-09-01","stayTo":"2026-08-01"})").Fields(),
            std::set<std::string>{"stayTo"});
  EXPECT_EQ(Create(R"({"kind":"percent","percentBp":-5})").Fields(), std::set<std::string>{"percentBp"});
  EXPECT_EQ(Create(R"({"kind":"percent","percentBp":5,"ownerTenantId":"tnt_nobody"})").Fields(),
            std::set<std::string>{"ownerTenantId"});
  EXPECT_EQ(Create("[1]").status, 400);
  EXPECT_EQ(Create("{").Fields(), std::set<std::string>{"body"});
  EXPECT_EQ(Send("GET", "/api/v1/markup-rules?limit=500&tier=gold&status=x", "", Caller(Role::platform_admin)).Fields(),
            (std::set<std::string>{"limit", "tier", "status"}));
  auto ok = Create(R"({"kind":"percent","percentBp":5})");
  EXPECT_EQ(Send("PATCH", "/api/v1/markup-rules/" + ok.Str("id"), R"({"ownerTenantId":"tnt_dist","status":"gone"})",
                 Caller(Role::platform_admin))
                .Fields(),
            (std::set<std::string>{"ownerTenantId", "status"}));
  EXPECT_EQ(service_->RulesLoaded(), 1u);  // nothing bad was written
}

TEST_F(PricingHandlersTest, PatchChangesAndDeleteDisablesAndPagingWorks) {
  auto created = Create(R"({"kind":"percent","percentBp":500,"city":"Paris"})");
  const std::string path = "/api/v1/markup-rules/" + created.Str("id");
  clock_.Advance(std::chrono::minutes(1));
  auto patched = Send("PATCH", path, R"({"kind":"fixed","fixedAmount":{"amount":2000,"currency":"CNY"},"city":null})",
                      Caller(Role::platform_admin));
  ASSERT_EQ(patched.status, 200) << patched.raw.body;
  EXPECT_EQ(patched.Str("kind"), "fixed");
  EXPECT_TRUE(patched.body.at("city").is_null());
  EXPECT_NE(patched.Str("updatedAt"), created.Str("updatedAt"));
  EXPECT_EQ(Send("DELETE", path, "", Caller(Role::platform_admin)).status, 204);
  auto read = Send("GET", path, "", Caller(Role::platform_admin));
  EXPECT_EQ(read.Str("status"), "disabled");
  EXPECT_EQ(service_->RulesLoaded(), 0u);
  EXPECT_EQ(Send("PATCH", path, R"({"status":"active"})", Caller(Role::platform_admin)).Str("status"), "active");
  EXPECT_EQ(service_->RulesLoaded(), 1u);

  Create(R"({"kind":"percent","percentBp":1})");
  Create(R"({"kind":"percent","percentBp":2})");
  auto first = Send("GET", "/api/v1/markup-rules?limit=2", "", Caller(Role::platform_admin));
  ASSERT_EQ(first.Items().size(), 2u);
  ASSERT_TRUE(first.body.at("nextCursor").is_string());
  auto second = Send("GET", "/api/v1/markup-rules?limit=2&cursor=" + first.Str("nextCursor"), "",
                     Caller(Role::platform_admin));
  EXPECT_EQ(second.Items().size(), 1u);
  EXPECT_TRUE(second.body.at("nextCursor").is_null());
  EXPECT_EQ(Send("GET", "/api/v1/markup-rules?status=active&tier=platform", "", Caller(Role::platform_admin))
                .Items()
                .size(),
            3u);
}

TEST_F(PricingHandlersTest, RatesAreDecimalStringsParsedExactly) {
  auto put = Send("PUT", "/api/v1/fx-rates/EUR/CNY", R"({"rate":"7.8123456789"})", Caller(Role::platform_admin));
  ASSERT_EQ(put.status, 200) << put.raw.body;
  EXPECT_EQ(put.body.at("rateE10").as_int64(), 78'123'456'789);
  EXPECT_EQ(put.Str("rate"), "7.8123456789");
  EXPECT_EQ(put.Str("source"), "api");
  EXPECT_EQ(service_->Convert(Money{10000, "EUR"}, "CNY")->minor, 78123);  // the snapshot follows at once
  EXPECT_EQ(Send("PUT", "/api/v1/fx-rates/EUR/CNY", R"({"rate":"0.1"})", Caller(Role::platform_admin))
                .body.at("rateE10")
                .as_int64(),
            1'000'000'000);
  for (const char* bad : {R"({"rate":"7.81234567891"})", R"({"rate":7.8})", R"({"rate":"-1"})", R"({"rate":"0"})",
                          R"({"rate":"1e3"})", R"({"rate":" 7.8"})", R"({"rate":"7."})", R"({})",
                          R"({"rate":"7.8","x":1})"}) {
    auto r = Send("PUT", "/api/v1/fx-rates/EUR/CNY", bad, Caller(Role::platform_admin));
    EXPECT_EQ(r.status, 400) << bad;
    EXPECT_FALSE(r.Fields().empty()) << bad;
  }
  EXPECT_EQ(Send("PUT", "/api/v1/fx-rates/EUR/CNY", R"({"rate":"7"})", Caller(Role::distributor_admin)).status, 403);
  EXPECT_EQ(Send("PUT", "/api/v1/fx-rates/EUR/CNY", R"({"rate":"7"})", nullptr).status, 401);
  EXPECT_EQ(Send("PUT", "/api/v1/fx-rates/EUR/EUR", R"({"rate":"1"})", Caller(Role::platform_admin)).status, 404);

  auto listed = Send("GET", "/api/v1/fx-rates?limit=3", "", Caller(Role::agent));
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.Items().size(), 3u);
  auto rest = Send("GET", "/api/v1/fx-rates?limit=200&cursor=" + listed.Str("nextCursor"), "", Caller(Role::agent));
  EXPECT_EQ(rest.Items().size(), 11u);  // 14 seeded pairs in all
  EXPECT_EQ(Send("GET", "/api/v1/fx-rates", "", nullptr).status, 401);

  EXPECT_EQ(Send("DELETE", "/api/v1/fx-rates/SGD/CNY", "", Caller(Role::agent)).status, 403);
  EXPECT_EQ(Send("DELETE", "/api/v1/fx-rates/SGD/CNY", "", Caller(Role::platform_admin)).status, 204);
  EXPECT_EQ(Send("DELETE", "/api/v1/fx-rates/SGD/CNY", "", Caller(Role::platform_admin)).status, 404);
  EXPECT_FALSE(service_->Convert(Money{100, "SGD"}, "CNY"));
}

TEST_F(PricingHandlersTest, PricePreviewFiguresComputedByHand) {
  ASSERT_EQ(Create(R"({"kind":"percent","percentBp":1200})").status, 201);                         // platform +12%
  ASSERT_EQ(Create(R"({"kind":"percent","percentBp":800,"ownerTenantId":"tnt_dist","supplier":"HBX"})").status, 201);
  ASSERT_EQ(Create(R"({"kind":"percent","percentBp":100,"ownerTenantId":"tnt_dist"})").status, 201);  // less specific
  ASSERT_EQ(Create(R"({"kind":"fixed","fixedAmount":{"amount":300,"currency":"USD"},"ownerTenantId":"tnt_sub"})").status,
            201);
  const std::string body = R"({"tenantId":"tnt_sub","net":{"amount":25000,"currency":"USD"},"currency":"CNY",
    "supplier":"HBX","country":"FR","city":"Paris","hotelId":"htl_01hzzzzzzzzzzzzzzzzzzzzzzz","checkIn":"2026-07-01"})";
  auto r = Send("POST", "/api/v1/price-previews", body, Caller(Role::platform_admin));
  ASSERT_EQ(r.status, 200) << r.raw.body;
  // 250.00 USD × 7.15 = 1787.50 CNY; +12% = 214.50 → 2002.00; +8% = 160.16 → 2162.16;
  // +3.00 USD × 7.15 = 21.45 → 2183.61.
  EXPECT_EQ(r.Str("fxRate"), "7.15");
  EXPECT_EQ(r.body.at("netConverted").at("amount").as_int64(), 178750);
  const auto& lines = r.body.at("lines").as_array();
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].at("amount").at("amount").as_int64(), 21450);
  EXPECT_EQ(lines[1].at("amount").at("amount").as_int64(), 16016);
  EXPECT_EQ(lines[2].at("amount").at("amount").as_int64(), 2145);
  EXPECT_TRUE(lines[0].at("ruleId").is_string());
  EXPECT_EQ(r.body.at("finalPrice").at("amount").as_int64(), 218361);
  EXPECT_EQ(r.body.at("priceAfterPlatform").at("amount").as_int64(), 200200);
  EXPECT_EQ(r.body.at("priceAfterDistributor").at("amount").as_int64(), 216216);
  EXPECT_FALSE(r.body.at("parityRaised").as_bool());

  auto dist = Send("POST", "/api/v1/price-previews", body, Caller(Role::distributor_admin));
  ASSERT_EQ(dist.status, 200);
  EXPECT_EQ(dist.body.at("finalPrice").at("amount").as_int64(), 218361);
  EXPECT_TRUE(dist.body.at("lines").at(0).at("ruleId").is_null());  // the platform's rule stays hidden
  EXPECT_EQ(Send("POST", "/api/v1/price-previews", body, Caller(Role::agent)).status, 403);
  EXPECT_EQ(Send("POST", "/api/v1/price-previews", body, nullptr).status, 401);
  auto other = Send("POST", "/api/v1/price-previews",
                    R"({"tenantId":"tnt_other","net":{"amount":1,"currency":"CNY"},"checkIn":"2026-07-01"})",
                    Caller(Role::distributor_admin));
  EXPECT_EQ(other.Fields(), std::set<std::string>{"tenantId"});
  auto invalid = Send("POST", "/api/v1/price-previews", R"({"tenantId":"tnt_sub","net":{"amount":1},"checkIn":"x"})",
                      Caller(Role::platform_admin));
  EXPECT_EQ(invalid.Fields(), (std::set<std::string>{"net.currency", "checkIn"}));
  auto floor = Send("POST", "/api/v1/price-previews",
                    R"({"tenantId":"tnt_sub","net":{"amount":25000,"currency":"USD"},"sellingFloor":{"amount":40000,
                        "currency":"USD"},"supplier":"HBX","checkIn":"2026-07-01"})",
                    Caller(Role::platform_admin));
  ASSERT_EQ(floor.status, 200) << floor.raw.body;
  EXPECT_EQ(floor.body.at("finalPrice").at("amount").as_int64(), 286000);  // 400.00 USD × 7.15
  EXPECT_TRUE(floor.body.at("parityRaised").as_bool());
}

}  // namespace
}  // namespace hotel::pricing::testing
