// The credit API through runtime::Router: who may open, change and read an account (platform
// staff everywhere, a distributor_admin only below its own tenant, a tenant reads its own,
// another tenant's account is 404), deposits idempotent by reference, adjustments that need
// a note, validation naming each field, entries and accounts paged with cursors.
#include "adapters/sqlite/sqlite_database.hpp"
#include "modules/risk-service/risk_service.hpp"
#include "storage/migrator.hpp"
#include "support/handler_harness.hpp"
#include "support/test_support.hpp"

#include <boost/json.hpp>

namespace hotel::risk {
namespace {

namespace json = boost::json;
using Reply = hotel::testing::HandlerReply;

std::shared_ptr<const Principal> Who(Role role, std::string tenant, std::string path) {
  auto p = std::make_shared<Principal>();
  p->tenant_id = std::move(tenant);
  p->tenant_path = std::move(path);
  p->role = role;
  p->tier = TierOfPath(p->tenant_path);
  p->user_id = "usr_" + std::string(RoleName(role)) + "_" + p->tenant_id;
  return p;
}

const auto kPlatform = Who(Role::platform_admin, "tnt_platform", "/tnt_platform/");
const auto kOps = Who(Role::platform_ops, "tnt_platform", "/tnt_platform/");
const auto kDistAdmin = Who(Role::distributor_admin, "tnt_dist", "/tnt_platform/tnt_dist/");
const auto kDistAgent = Who(Role::agent, "tnt_dist", "/tnt_platform/tnt_dist/");
const auto kSubAgent = Who(Role::agent, "tnt_sub", "/tnt_platform/tnt_dist/tnt_sub/");
const auto kSubFinance = Who(Role::finance, "tnt_sub", "/tnt_platform/tnt_dist/tnt_sub/");
const auto kOtherAdmin = Who(Role::distributor_admin, "tnt_other", "/tnt_platform/tnt_other/");

std::string OpenBody(std::string_view tenant, std::int64_t limit = 100000, std::string_view currency = "CNY") {
  return json::serialize(json::object{{"tenantId", tenant},
                                      {"currency", currency},
                                      {"limit", json::object{{"amount", limit}, {"currency", currency}}}});
}

std::string MoveBody(std::int64_t amount, std::string_view reference, std::string_view note = "",
                     std::string_view currency = "CNY") {
  json::object o{{"amount", json::object{{"amount", amount}, {"currency", currency}}}};
  if (!reference.empty()) o["reference"] = reference;
  if (!note.empty()) o["note"] = note;
  return json::serialize(o);
}

std::int64_t Amount(const json::value& v, std::string_view field) { return v.at(field).at("amount").as_int64(); }

class CreditHandlersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = adapters::OpenSqliteDatabase({.url = "sqlite://" + dir_.path() + "/hotel.db"});
    ASSERT_TRUE(db);
    db_ = std::move(*db);
    auto up = storage::Migrator(*db_, storage::EmbeddedMigrations(db_->dialect())).Up();
    ASSERT_TRUE(up) << up.error().detail;
    AddTenant("tnt_dist", "tnt_platform", "distributor", "/tnt_platform/tnt_dist/");
    AddTenant("tnt_sub", "tnt_dist", "subagent", "/tnt_platform/tnt_dist/tnt_sub/");
    AddTenant("tnt_other", "tnt_platform", "distributor", "/tnt_platform/tnt_other/");
    ctx_ = std::make_unique<runtime::ModuleContext>(
        runtime::ModuleContext{settings_, log_, metrics_, readiness_, pool_, *db_, clock_, {"risk-service"}});
    module_ = Spec().build(*ctx_);
    module_->RegisterRoutes(router_);
  }

  void AddTenant(const std::string& id, const std::string& parent, const std::string& kind, const std::string& path) {
    const ports::SqlValue p[] = {id, parent, kind, "Tenant " + id, path, std::string("2027-01-01T00:00:00.000Z")};
    auto r = db_->Execute(
        "INSERT INTO tenants (id, parent_id, kind, name, status, currency, path, created_at, updated_at) "
        "VALUES ($1, $2, $3, $4, 'active', 'CNY', $5, $6, $6)",
        p);
    ASSERT_TRUE(r) << r.error().detail;
  }

  Reply Send(std::string method, std::string target, std::string body, std::shared_ptr<const Principal> who) {
    return hotel::testing::CallRoute(router_, method, target, body, std::move(who));
  }
  // Opens an account as platform staff; its id.
  std::string Open(std::string_view tenant, std::int64_t limit = 100000) {
    auto r = Send("POST", "/api/v1/credit-accounts", OpenBody(tenant, limit), kPlatform);
    EXPECT_EQ(r.status, 201) << r.raw.body;
    return r.status == 201 ? r.Str("id") : "";
  }

  hotel::testing::TempDir dir_;
  std::unique_ptr<ports::Database> db_;
  ManualClock clock_{Instant(std::chrono::seconds(1'800'000'000))};
  runtime::Settings settings_;
  runtime::Logger log_{"test", runtime::LogLevel::error, runtime::MakeCallbackSink([](std::string_view) {})};
  runtime::MetricsRegistry metrics_;
  runtime::Readiness readiness_;
  runtime::BlockingPool pool_{2};
  std::unique_ptr<runtime::ModuleContext> ctx_;
  std::unique_ptr<runtime::Module> module_;
  runtime::Router router_;
};

TEST_F(CreditHandlersTest, AnonymousCallersAreUnauthenticated) {
  EXPECT_EQ(Send("GET", "/api/v1/credit-accounts", "", nullptr).status, 401);
  EXPECT_EQ(Send("POST", "/api/v1/credit-accounts", OpenBody("tnt_sub"), nullptr).status, 401);
  EXPECT_EQ(Send("GET", "/api/v1/credit-accounts/cra_x", "", nullptr).status, 401);
}

TEST_F(CreditHandlersTest, PlatformStaffOpenAnAccountAndReadItBack) {
  auto r = Send("POST", "/api/v1/credit-accounts", OpenBody("tnt_sub", 500000), kOps);
  ASSERT_EQ(r.status, 201) << r.raw.body;
  const std::string id = r.Str("id");
  EXPECT_EQ(id.substr(0, 4), "cra_");
  EXPECT_EQ(r.Str("tenantId"), "tnt_sub");
  EXPECT_EQ(r.Str("status"), "active");
  EXPECT_EQ(r.body.at("limit"), (json::value{{"amount", 500000}, {"currency", "CNY"}}));
  EXPECT_EQ(Amount(r.body, "balance"), 0);
  EXPECT_EQ(Amount(r.body, "held"), 0);
  EXPECT_EQ(Amount(r.body, "available"), 500000);
  EXPECT_EQ(r.Str("createdAt"), "2027-01-15T08:00:00.000Z");
  auto get = Send("GET", "/api/v1/credit-accounts/" + id, "", kPlatform);
  ASSERT_EQ(get.status, 200);
  EXPECT_EQ(get.body, r.body);

  auto dup = Send("POST", "/api/v1/credit-accounts", OpenBody("tnt_sub"), kPlatform);
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.Code(), "conflict");
  auto bad = Send("POST", "/api/v1/credit-accounts",
                  R"({"tenantId":"x","currency":"cny","limit":{"amount":1,"currency":"CNY"},"extra":1})", kPlatform);
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Fields(), (std::set<std::string>{"tenantId", "currency", "extra"}));
  auto neg = Send("POST", "/api/v1/credit-accounts", OpenBody("tnt_sub", -1, "EUR"), kPlatform);
  EXPECT_EQ(neg.Fields(), (std::set<std::string>{"limit.amount"}));
}

TEST_F(CreditHandlersTest, DistributorAdminGrantsCreditOnlyBelowItsOwnTenant) {
  auto sub = Send("POST", "/api/v1/credit-accounts", OpenBody("tnt_sub"), kDistAdmin);
  EXPECT_EQ(sub.status, 201) << sub.raw.body;
  auto own = Send("POST", "/api/v1/credit-accounts", OpenBody("tnt_dist"), kDistAdmin);
  EXPECT_EQ(own.status, 403);
  auto other = Send("POST", "/api/v1/credit-accounts", OpenBody("tnt_other"), kDistAdmin);
  EXPECT_EQ(other.status, 400);  // a tenant it cannot see reads as no tenant at all
  EXPECT_EQ(other.Fields(), (std::set<std::string>{"tenantId"}));
  EXPECT_EQ(Send("POST", "/api/v1/credit-accounts", OpenBody("tnt_sub", 1, "EUR"), kDistAgent).status, 403);

  const std::string dist_account = Open("tnt_dist");
  auto patch_own = Send("PATCH", "/api/v1/credit-accounts/" + dist_account, R"({"limit":{"amount":9,"currency":"CNY"}})",
                        kDistAdmin);
  EXPECT_EQ(patch_own.status, 403);
  auto deposit_own = Send("POST", "/api/v1/credit-accounts/" + dist_account + "/deposits", MoveBody(100, "d"), kDistAdmin);
  EXPECT_EQ(deposit_own.status, 403);
  auto patch_sub = Send("PATCH", "/api/v1/credit-accounts/" + sub.Str("id"),
                        R"({"limit":{"amount":250000,"currency":"CNY"},"note":"good payer"})", kDistAdmin);
  ASSERT_EQ(patch_sub.status, 200) << patch_sub.raw.body;
  EXPECT_EQ(Amount(patch_sub.body, "limit"), 250000);
}

TEST_F(CreditHandlersTest, ATenantReadsItsOwnAccountAndOthersGetNotFound) {
  const std::string id = Open("tnt_sub");
  EXPECT_EQ(Send("GET", "/api/v1/credit-accounts/" + id, "", kSubAgent).status, 200);
  EXPECT_EQ(Send("GET", "/api/v1/credit-accounts/" + id, "", kSubFinance).status, 200);
  EXPECT_EQ(Send("GET", "/api/v1/credit-accounts/" + id, "", kDistAgent).status, 200);
  EXPECT_EQ(Send("GET", "/api/v1/credit-accounts/" + id + "/entries", "", kSubFinance).status, 200);
  auto other = Send("GET", "/api/v1/credit-accounts/" + id, "", kOtherAdmin);
  EXPECT_EQ(other.status, 404);
  EXPECT_EQ(other.Code(), "not_found");
  EXPECT_EQ(Send("GET", "/api/v1/credit-accounts/" + id + "/entries", "", kOtherAdmin).status, 404);
  EXPECT_EQ(Send("POST", "/api/v1/credit-accounts/" + id + "/deposits", MoveBody(5, "x"), kOtherAdmin).status, 404);
  // Readable is not manageable: the tenant cannot raise its own credit.
  EXPECT_EQ(Send("PATCH", "/api/v1/credit-accounts/" + id, R"({"status":"active"})", kSubAgent).status, 403);
  EXPECT_EQ(Send("POST", "/api/v1/credit-accounts/" + id + "/deposits", MoveBody(5, "x"), kSubFinance).status, 403);
  EXPECT_EQ(Send("GET", "/api/v1/credit-accounts/cra_missing", "", kPlatform).status, 404);
}

TEST_F(CreditHandlersTest, DepositsAreIdempotentByReferenceAndAdjustmentsNeedANote) {
  const std::string id = Open("tnt_sub", 1000);
  const std::string base = "/api/v1/credit-accounts/" + id;
  auto d1 = Send("POST", base + "/deposits", MoveBody(50000, "slip-7", "wire"), kPlatform);
  ASSERT_EQ(d1.status, 201) << d1.raw.body;
  const auto& entry = d1.body.at("entry");
  EXPECT_EQ(entry.at("kind"), "deposit");
  EXPECT_EQ(Amount(entry, "amount"), 50000);
  EXPECT_EQ(Amount(entry, "balanceAfter"), 50000);
  EXPECT_EQ(entry.at("reference"), "slip-7");
  EXPECT_EQ(entry.at("actor"), "usr_platform_admin_tnt_platform");
  EXPECT_EQ(Amount(d1.body.at("account"), "available"), 51000);
  auto d2 = Send("POST", base + "/deposits", MoveBody(50000, "slip-7", "wire"), kPlatform);
  ASSERT_EQ(d2.status, 201);
  EXPECT_EQ(d2.body.at("entry").at("id"), entry.at("id"));
  EXPECT_EQ(Amount(d2.body.at("account"), "balance"), 50000);

  EXPECT_EQ(Send("POST", base + "/deposits", MoveBody(0, "z"), kPlatform).Fields(),
            (std::set<std::string>{"amount.amount"}));
  EXPECT_EQ(Send("POST", base + "/deposits", MoveBody(10, "z", "", "EUR"), kPlatform).Fields(),
            (std::set<std::string>{"amount.currency"}));
  EXPECT_EQ(Send("POST", base + "/deposits", "{", kPlatform).Fields(), (std::set<std::string>{"body"}));
  EXPECT_EQ(Send("POST", base + "/adjustments", MoveBody(-10, ""), kPlatform).Fields(),
            (std::set<std::string>{"note"}));
  auto adj = Send("POST", base + "/adjustments", MoveBody(-20000, "", "chargeback"), kPlatform);
  ASSERT_EQ(adj.status, 201) << adj.raw.body;
  EXPECT_EQ(Amount(adj.body.at("account"), "balance"), 30000);
  EXPECT_EQ(adj.body.at("entry").at("reference"), nullptr);

  auto page1 = Send("GET", base + "/entries?limit=2", "", kSubAgent);
  ASSERT_EQ(page1.status, 200);
  ASSERT_EQ(page1.Items().size(), 2u);
  EXPECT_EQ(page1.Items()[0].at("kind"), "adjustment");
  EXPECT_EQ(page1.Items()[1].at("kind"), "deposit");
  ASSERT_TRUE(page1.body.at("nextCursor").is_string());
  auto page2 = Send("GET", base + "/entries?limit=2&cursor=" + page1.Str("nextCursor"), "", kSubAgent);
  ASSERT_EQ(page2.Items().size(), 1u);
  EXPECT_EQ(page2.Items()[0].at("kind"), "limit_change");
  EXPECT_EQ(page2.body.at("nextCursor"), nullptr);
  EXPECT_EQ(Send("GET", base + "/entries?limit=0&cursor=abc", "", kSubAgent).Fields(),
            (std::set<std::string>{"limit", "cursor"}));
}

TEST_F(CreditHandlersTest, PatchChangesLimitAndStatus) {
  const std::string id = Open("tnt_sub", 1000);
  auto r = Send("PATCH", "/api/v1/credit-accounts/" + id,
                R"({"limit":{"amount":7000,"currency":"CNY"},"status":"frozen"})", kPlatform);
  ASSERT_EQ(r.status, 200) << r.raw.body;
  EXPECT_EQ(Amount(r.body, "limit"), 7000);
  EXPECT_EQ(r.Str("status"), "frozen");
  EXPECT_EQ(Send("PATCH", "/api/v1/credit-accounts/" + id, R"({"status":"closed"})", kPlatform).Fields(),
            (std::set<std::string>{"status"}));
  EXPECT_EQ(Send("PATCH", "/api/v1/credit-accounts/" + id, R"({})", kPlatform).Fields(),
            (std::set<std::string>{"body"}));
  EXPECT_EQ(Send("PATCH", "/api/v1/credit-accounts/" + id, R"({"limit":{"amount":5,"currency":"USD"}})", kPlatform)
                .Fields(),
            (std::set<std::string>{"limit.currency"}));
}

TEST_F(CreditHandlersTest, ListsAreScopedFilteredAndPaged) {
  const std::string dist = Open("tnt_dist");
  const std::string sub = Open("tnt_sub");
  const std::string other = Open("tnt_other");
  EXPECT_EQ(Send("GET", "/api/v1/credit-accounts", "", kPlatform).Items().size(), 3u);
  auto mine = Send("GET", "/api/v1/credit-accounts", "", kDistAgent);
  ASSERT_EQ(mine.Items().size(), 2u);
  for (const auto& a : mine.Items()) EXPECT_NE(a.at("id"), json::value(other));
  auto own = Send("GET", "/api/v1/credit-accounts", "", kSubAgent);
  ASSERT_EQ(own.Items().size(), 1u);
  EXPECT_EQ(own.Items()[0].at("id"), json::value(sub));
  EXPECT_EQ(Send("GET", "/api/v1/credit-accounts?tenantId=tnt_other", "", kDistAgent).Items().size(), 0u);
  EXPECT_EQ(Send("GET", "/api/v1/credit-accounts?tenantId=tnt_sub&currency=CNY", "", kPlatform).Items().size(), 1u);
  EXPECT_EQ(Send("GET", "/api/v1/credit-accounts?currency=EUR", "", kPlatform).Items().size(), 0u);
  auto p1 = Send("GET", "/api/v1/credit-accounts?limit=2", "", kPlatform);
  ASSERT_EQ(p1.Items().size(), 2u);
  auto p2 = Send("GET", "/api/v1/credit-accounts?limit=2&cursor=" + p1.Str("nextCursor"), "", kPlatform);
  ASSERT_EQ(p2.Items().size(), 1u);
  EXPECT_EQ(p2.body.at("nextCursor"), nullptr);
  (void)dist;
}

TEST_F(CreditHandlersTest, CreditMetricsAreExported) {
  const std::string text = metrics_.Render();
  EXPECT_NE(text.find("credit_holds_total{outcome=\"placed\"}"), std::string::npos) << text;
  EXPECT_NE(text.find("credit_captures_total"), std::string::npos);
  EXPECT_NE(text.find("credit_releases_total"), std::string::npos);
}

}  // namespace
// Issue 14: every money-taking endpoint of the ledger driven with extreme values (0, ±1, the
// bound, INT64 edges, decimals, numbers beyond int64, strings): each answer is a 2xx or a
// problem (never a crash: under UBSan a signed overflow aborts the test), and afterwards every
// account reads back with balance = the sum of its accepted movements, every figure inside the
// bound, and available = balance + limit − held.
TEST_F(CreditHandlersTest, ExtremeAmountsOnEveryMoneyEndpointLeaveTheLedgerConsistent) {
  const std::string dist = Open("tnt_dist", 0);
  const std::string sub = Open("tnt_sub", 10);
  const std::vector<std::string> amounts = {
      "0", "1", "-1", "999999999999999", "-999999999999999", "1000000000000000", "-1000000000000000",
      "4611686018427387904", "9223372036854775797", "9223372036854775807", "-9223372036854775808",
      "9223372036854775808", "18446744073709551615", "1e30", "-1e30", "1.5", "0.01", "-0.0", "1e2",
      "\"100\"", "null", "true", "[]", "{}"};
  int accepted = 0;
  int step = 0;
  for (const auto& account : {dist, sub}) {
    for (const auto& amount : amounts) {
      for (const char* what : {"deposits", "adjustments", "limit"}) {
        SCOPED_TRACE(std::string(what) + " " + amount);
        const std::string money = R"({"amount":)" + amount + R"(,"currency":"CNY"})";
        Reply r;
        if (std::string_view(what) == "limit") {
          r = Send("PATCH", "/api/v1/credit-accounts/" + account, R"({"limit":)" + money + "}", kPlatform);
        } else {
          r = Send("POST", "/api/v1/credit-accounts/" + account + "/" + what,
                   R"({"amount":)" + money + R"(,"note":"fuzz","reference":"r)" + std::to_string(++step) + R"("})",
                   account == sub ? kDistAdmin : kPlatform);
        }
        ASSERT_TRUE((r.status >= 200 && r.status < 300) || r.status == 422 || r.status == 400) << r.status << " "
                                                                                               << r.raw.body;
        if (r.status >= 400) {
          EXPECT_FALSE(r.Code().empty()) << r.raw.body;
        } else {
          ++accepted;
        }
      }
    }
    // Opening an account with an extreme limit: refused or bounded.
    for (const auto& amount : amounts) {
      auto r = Send("POST", "/api/v1/credit-accounts",
                    R"({"tenantId":"tnt_other","currency":"USD","limit":{"amount":)" + amount + R"(,"currency":"USD"}})",
                    kPlatform);
      ASSERT_TRUE(r.status == 201 || r.status == 409 || r.status == 422 || r.status == 400) << r.raw.body;
    }
  }
  EXPECT_GT(accepted, 6);  // the bounded values went through
  auto list = Send("GET", "/api/v1/credit-accounts?limit=200", "", kPlatform);
  ASSERT_EQ(list.status, 200) << list.raw.body;
  ASSERT_GE(list.Items().size(), 2u);
  for (const auto& item : list.Items()) {
    const auto& a = item.as_object();
    const std::int64_t balance = Amount(a, "balance"), limit = Amount(a, "limit"), held = Amount(a, "held");
    for (auto figure : {balance, limit, held}) EXPECT_TRUE(AmountInBounds(figure)) << figure;
    EXPECT_EQ(Amount(a, "available"), balance + limit - held);
    // The balance is the sum of the accepted deposits and adjustments (entries, newest first).
    const std::string id(a.at("id").as_string());
    auto entries = Send("GET", "/api/v1/credit-accounts/" + id + "/entries?limit=200", "", kPlatform);
    ASSERT_EQ(entries.status, 200) << entries.raw.body;
    std::int64_t sum = 0;
    for (const auto& e : entries.Items()) {
      const std::string kind(e.at("kind").as_string());
      if (kind == "deposit" || kind == "adjustment") sum += Amount(e, "amount");
    }
    EXPECT_EQ(sum, balance) << id;
  }
}

}  // namespace hotel::risk
