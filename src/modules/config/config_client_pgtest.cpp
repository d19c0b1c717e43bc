// On PostgreSQL: a change written through one process's API reaches another's ConfigClient by NOTIFY.
#include "adapters/postgres/postgres_test_server.hpp"
#include "modules/config/config_api.hpp"
#include "modules/config/config_keys.hpp"
#include "modules/config/config_module.hpp"
#include "modules/config/config_test_support.hpp"
#include "runtime/metrics.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace hotel::config {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using testing::Call;
using testing::MakePrincipal;

template <class Pred>
bool WaitUntil(Pred pred, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(5ms);
  }
  return pred();
}

// Two "processes" on one scratch database: each its own pool, metrics and client; A serves the API.
class ConfigPostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scratch_ = adapters::testing::PostgresScratch::Make();
    ASSERT_NE(scratch_, nullptr);
    db_a_ = testing::OpenMigrated(scratch_->url());
    db_b_ = ports::OpenDatabase({scratch_->url()}).value();
    ASSERT_TRUE(db_a_ && db_b_);
    ClientOptions slow;
    slow.poll_interval = 60s;  // so that only NOTIFY can explain a change seen within a second
    client_a_ = MakeClient(*db_a_, log_.log(), metrics_a_, slow, scratch_->url());
    client_b_ = MakeClient(*db_b_, log_.log(), metrics_b_, slow, scratch_->url());
    RegisterConfigRoutes(router_a_, std::make_shared<ApiDeps>(ApiDeps{ConfigStore(*db_a_, clock_), blocking_, log_.log(), client_a_}));
    client_a_->Start();
    client_b_->Start();
    ASSERT_TRUE(WaitUntil([&] { return client_a_->Listening() && client_b_->Listening(); }, 5s));
  }
  void TearDown() override {
    if (client_a_) client_a_->Stop();
    if (client_b_) client_b_->Stop();
    client_a_.reset();
    client_b_.reset();
    db_a_.reset();
    db_b_.reset();
    scratch_.reset();
  }

  testing::CallResult Admin(std::string method, std::string target, std::string body = {}) {
    return Call(router_a_, std::move(method), std::move(target), std::move(body), MakePrincipal(Role::platform_admin));
  }

  std::unique_ptr<ports::testing::ScratchDatabase> scratch_;
  testing::CapturedLog log_;
  runtime::MetricsRegistry metrics_a_, metrics_b_;
  runtime::BlockingPool blocking_{2};
  SystemClock clock_;
  std::unique_ptr<ports::Database> db_a_, db_b_;
  std::shared_ptr<ConfigClient> client_a_, client_b_;
  runtime::Router router_a_;
};

TEST_F(ConfigPostgresTest, ChangeThroughTheApiReachesAnotherClientWithinASecondByNotify) {
  EXPECT_DOUBLE_EQ(ReadMatchingWeights(*client_b_->Snapshot()).price, 0.4);
  auto res = Admin("PUT", "/api/v1/config/matching.algorithm.weights",
                   R"({"value":{"price":0.1,"rating":0.2,"availability":0.3,"supplier_reliability":0.4}})");
  ASSERT_EQ(res.status, 200) << json::serialize(res.body);
  const auto written = std::chrono::steady_clock::now();
  ASSERT_TRUE(WaitUntil([&] { return ReadMatchingWeights(*client_b_->Snapshot()).price == 0.1; }, 1s))
      << "client B did not see the change within 1 s";
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - written);
  RecordProperty("notify_latency_ms", static_cast<int>(ms.count()));
  EXPECT_NE(metrics_b_.Render().find("config_reloads_total{source=\"notify\"}"), std::string::npos);

  auto flag = Admin("PUT", "/api/v1/feature-flags/admin.v2", R"({"enabled":true,"rolloutPct":100,"whitelist":["tnt_a"]})");
  ASSERT_EQ(flag.status, 200) << json::serialize(flag.body);
  EXPECT_TRUE(WaitUntil([&] { return client_b_->FlagEnabled(kFlagAdminV2, "tnt_a"); }, 1s));
  EXPECT_FALSE(client_b_->FlagEnabled(kFlagAdminV2, "tnt_b"));
}

TEST_F(ConfigPostgresTest, RejectedWriteChangesNothingAndNotifiesNobody) {
  const auto version = client_b_->Snapshot()->version();
  auto res = Admin("PUT", "/api/v1/config/matching.algorithm.weights", R"({"value":{"price":2}})");
  EXPECT_EQ(res.status, 400);
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(client_b_->Snapshot()->version(), version);
  auto audit = db_a_->Execute("SELECT COUNT(*) FROM config_audit");
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->rows[0].GetInt(0), 0);
}

TEST_F(ConfigPostgresTest, ListenerReconnectsAfterItsConnectionIsKilled) {
  auto killed = db_a_->Execute(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
      "WHERE application_name = 'hotel-listener' AND datname = current_database()");
  ASSERT_TRUE(killed) << killed.error().detail;
  ASSERT_EQ(killed->rows.size(), 2u);  // A's and B's listeners
  ASSERT_TRUE(WaitUntil([&] { return !client_b_->Listening(); }, 2s));
  ASSERT_TRUE(WaitUntil([&] { return client_b_->Listening(); }, 5s));
  ASSERT_EQ(Admin("PUT", "/api/v1/config/search.page_size", R"({"value":25})").status, 201);
  EXPECT_TRUE(WaitUntil([&] { return client_b_->Get(Key<int>{"search.page_size", 50}) == 25; }, 1s));
}

TEST_F(ConfigPostgresTest, StoredShapesMatchSqlite) {
  auto put = Admin("PUT", "/api/v1/feature-flags/new.flag",
                   R"({"enabled":true,"rolloutPct":30,"whitelist":["tnt_a","tnt \"b\"","租户"],"description":"d"})");
  ASSERT_EQ(put.status, 201) << json::serialize(put.body);
  auto got = Admin("GET", "/api/v1/feature-flags/new.flag");
  EXPECT_EQ(got.body.at("whitelist"), json::parse(R"(["tnt_a","tnt \"b\"","租户"])"));
  EXPECT_EQ(got.body.at("rolloutPct"), 30);
  const std::string at(got.body.at("updatedAt").as_string());
  EXPECT_EQ(at.size(), 24u) << at;  // 2026-01-31T12:00:00.000Z
  EXPECT_EQ(at.back(), 'Z');
  EXPECT_EQ(at.substr(0, 4), put.body.at("updatedAt").as_string().subview().substr(0, 4));
  auto audit = Admin("GET", "/api/v1/config/audit?kind=flag");
  ASSERT_EQ(audit.body.at("items").as_array().size(), 1u);
  EXPECT_EQ(audit.body.at("items").at(0).at("oldValue"), nullptr);
  EXPECT_EQ(audit.body.at("items").at(0).at("newValue").at("rolloutPct"), 30);
  EXPECT_EQ(Admin("DELETE", "/api/v1/config/matching.algorithm.weights").status, 204);
  EXPECT_TRUE(WaitUntil([&] { return client_b_->Snapshot()->Find(kMatchingWeightsKey) == nullptr; }, 1s));
}

}  // namespace
}  // namespace hotel::config
