// ConfigClient on SQLite: polling between two clients on one file, change detection, failures, NOTIFY wake-ups.
#include "modules/config/config_client.hpp"
#include "modules/config/config_keys.hpp"
#include "modules/config/config_module.hpp"
#include "modules/config/config_store.hpp"
#include "modules/config/config_test_support.hpp"
#include "runtime/metrics.hpp"
#include "support/test_support.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace hotel::config {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

template <class Pred>
bool WaitUntil(Pred pred, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return pred();
}

const Key<std::int64_t> kPageSize{"search.page_size", 50};

class ConfigClientTest : public ::testing::Test {
 protected:
  std::string Url() const { return "sqlite://" + dir_.path() + "/hotel.db"; }
  std::shared_ptr<ConfigClient> NewClient(ports::Database& db, std::chrono::milliseconds poll,
                                          std::unique_ptr<ports::NotificationListener> listener = nullptr) {
    ClientOptions options;
    options.poll_interval = poll;
    return std::make_shared<ConfigClient>(db, log_.log(), metrics_, options, std::move(listener));
  }
  void Put(ports::Database& db, const std::string& key, json::value value) {
    ConfigStore store(db, clock_);
    auto r = store.PutConfig(ConfigWrite{key, std::move(value), {}, {}}, "usr_test");
    ASSERT_TRUE(r) << r.error().detail;
  }

  hotel::testing::TempDir dir_;
  testing::CapturedLog log_;
  runtime::MetricsRegistry metrics_;
  SystemClock clock_;
};

TEST_F(ConfigClientTest, SecondClientOnTheSameFileSeesAChangeByPolling) {
  auto db_a = testing::OpenMigrated(Url());
  auto db_b = testing::OpenMigrated(Url());
  ASSERT_TRUE(db_a && db_b);
  auto writer = NewClient(*db_a, 1h);
  auto reader = NewClient(*db_b, 200ms);  // SQLite has no NOTIFY: polling is how it learns
  std::atomic<int> changes{0};
  std::atomic<std::int64_t> seen{0};
  reader->OnChange([&](const ConfigSnapshot& s) {
    ++changes;
    seen = s.Get(kPageSize);
  });
  writer->Start();
  reader->Start();
  EXPECT_EQ(changes.load(), 1);  // the initial load
  EXPECT_EQ(reader->Get(kPageSize), 50);
  EXPECT_DOUBLE_EQ(ReadMatchingWeights(*reader->Snapshot()).price, 0.4);  // the migration's weights

  Put(*db_a, "search.page_size", json::value(20));
  EXPECT_TRUE(WaitUntil([&] { return reader->Get(kPageSize) == 20; }, 3s));
  EXPECT_EQ(seen.load(), 20);
  EXPECT_EQ(changes.load(), 2);
  EXPECT_FALSE(reader->Listening());
}

TEST_F(ConfigClientTest, UnchangedDatabaseKeepsTheSameSnapshotAndStaysQuiet) {
  auto db = testing::OpenMigrated(Url());
  ASSERT_TRUE(db);
  auto client = NewClient(*db, 1h);
  int changes = 0;
  client->OnChange([&](const ConfigSnapshot&) { ++changes; });
  ASSERT_TRUE(client->Reload(ReloadSource::poll));
  auto first = client->Snapshot();
  ASSERT_TRUE(client->Reload(ReloadSource::poll));
  EXPECT_EQ(client->Snapshot(), first);  // same object: readers' pointers stay valid and equal
  EXPECT_EQ(changes, 1);
  Put(*db, "x", json::value(1));
  ASSERT_TRUE(client->Reload(ReloadSource::poll));
  EXPECT_NE(client->Snapshot(), first);
  EXPECT_EQ(client->Snapshot()->version(), first->version() + 1);
  EXPECT_EQ(first->Find("x"), nullptr);  // an old snapshot never changes
  EXPECT_EQ(changes, 2);
}

TEST_F(ConfigClientTest, EnvironmentSeesItsOwnRowsAndTheDefaultOnes) {
  auto db = testing::OpenMigrated(Url());
  ASSERT_TRUE(db);
  ConfigStore store(*db, clock_);
  ASSERT_TRUE(store.PutConfig(ConfigWrite{"only.staging", json::value(1), {}, std::string("staging")}, "u"));
  ASSERT_TRUE(store.PutConfig(ConfigWrite{"only.prod", json::value(2), {}, std::string("prod")}, "u"));
  ClientOptions options;
  options.env = "staging";
  ConfigClient client(*db, log_.log(), metrics_, options);
  ASSERT_TRUE(client.Reload(ReloadSource::poll));
  auto s = client.Snapshot();
  EXPECT_NE(s->Find("only.staging"), nullptr);
  EXPECT_EQ(s->Find("only.prod"), nullptr);
  EXPECT_NE(s->Find(kMatchingWeightsKey), nullptr);  // "default" rows are everyone's
  EXPECT_EQ(s->env(), "staging");
}

TEST_F(ConfigClientTest, FailedReloadKeepsThePreviousSnapshotAndLogsOnce) {
  auto db = testing::OpenMigrated(Url());
  ASSERT_TRUE(db);
  auto client = NewClient(*db, 1h);
  ASSERT_TRUE(client->Reload(ReloadSource::poll));
  auto before = client->Snapshot();
  ASSERT_TRUE(db->Execute("ALTER TABLE feature_flags RENAME TO feature_flags_gone"));
  EXPECT_FALSE(client->Reload(ReloadSource::poll));
  EXPECT_FALSE(client->Reload(ReloadSource::poll));
  EXPECT_EQ(client->Snapshot(), before);
  EXPECT_NE(metrics_.Render().find("config_reload_failures_total 2"), std::string::npos);
  int warnings = 0;
  for (const auto& line : log_.Lines()) warnings += line.find("config reload failed") != std::string::npos;
  EXPECT_EQ(warnings, 1);
}

// A stand-in for the PostgreSQL listener: the test decides when a notification arrives.
class FakeListener final : public ports::NotificationListener {
 public:
  void Start(std::vector<std::string> channels, Callbacks callbacks) override {
    channels_ = channels;
    callbacks_ = std::move(callbacks);
    callbacks_.on_state(true, "");
  }
  void Stop() override { stopped_ = true; }
  void Notify() { callbacks_.on_notify(channels_.at(0), "config:x"); }
  void Drop() { callbacks_.on_state(false, "connection lost: test"); }
  std::vector<std::string> channels_;
  Callbacks callbacks_;
  std::atomic<bool> stopped_{false};
};

TEST_F(ConfigClientTest, NotificationTriggersAReloadLongBeforeThePoll) {
  auto db = testing::OpenMigrated(Url());
  ASSERT_TRUE(db);
  auto listener = std::make_unique<FakeListener>();
  FakeListener* fake = listener.get();
  auto client = NewClient(*db, 1h, std::move(listener));
  client->Start();
  EXPECT_EQ(fake->channels_, std::vector<std::string>{"platform_config_changed"});
  EXPECT_TRUE(client->Listening());
  Put(*db, "search.page_size", json::value(7));
  fake->Notify();
  EXPECT_TRUE(WaitUntil([&] { return client->Get(kPageSize) == 7; }, 1s));
  EXPECT_NE(metrics_.Render().find("config_reloads_total{source=\"notify\"}"), std::string::npos);
  fake->Drop();
  EXPECT_FALSE(client->Listening());
  EXPECT_NE(metrics_.Render().find("config_listener_up 0"), std::string::npos);
  client->Stop();
  EXPECT_TRUE(fake->stopped_);
}

TEST_F(ConfigClientTest, StartWithoutADatabaseServesDefaultsAndRecovers) {
  auto db = testing::OpenMigrated(Url());
  ASSERT_TRUE(db);
  ASSERT_TRUE(db->Execute("ALTER TABLE platform_config RENAME TO pc"));
  auto client = NewClient(*db, 150ms);
  client->Start();
  EXPECT_EQ(client->Snapshot()->version(), 0u);
  EXPECT_EQ(client->Get(kPageSize), 50);
  ASSERT_TRUE(db->Execute("ALTER TABLE pc RENAME TO platform_config"));
  EXPECT_TRUE(WaitUntil([&] { return client->Snapshot()->version() == 1; }, 3s));
  client->Stop();
  client->Stop();  // idempotent
}

TEST(ClientOptionsFromEnvironment, ReadsAndValidatesTheVariables) {
  auto defaults = ClientOptionsFromEnvironment({});
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->env, "default");
  EXPECT_EQ(defaults->poll_interval, 30s);
  auto set = ClientOptionsFromEnvironment({{"CONFIG_ENV", "staging"}, {"CONFIG_POLL_INTERVAL_MS", "200"}});
  ASSERT_TRUE(set);
  EXPECT_EQ(set->env, "staging");
  EXPECT_EQ(set->poll_interval, 200ms);
  auto bad_ms = ClientOptionsFromEnvironment({{"CONFIG_POLL_INTERVAL_MS", "5"}});
  ASSERT_FALSE(bad_ms);
  EXPECT_EQ(bad_ms.error().fields.at(0).field, "CONFIG_POLL_INTERVAL_MS");
  auto bad_env = ClientOptionsFromEnvironment({{"CONFIG_ENV", "a very long environment name"}});
  ASSERT_FALSE(bad_env);
  EXPECT_EQ(bad_env.error().fields.at(0).field, "CONFIG_ENV");
}

}  // namespace
}  // namespace hotel::config
