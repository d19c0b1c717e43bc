// SupplierRegistry over SQLite and fake connectors: a resilient connector per enabled supplier
// with decrypted credentials, rebuilt when its row changes (here or in another process), none
// for disabled or broken suppliers, breaker thresholds from the config center.
#include "modules/supplier-adapter/supplier_test_support.hpp"

#include <thread>

namespace hotel::supplier_adapter::testing {
namespace {

using namespace std::chrono_literals;

class SupplierRegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenMigratedSqlite(dir_);
    ASSERT_NE(db_, nullptr);
    service_ = std::make_unique<SupplierService>(*db_, *cipher_, clock_);
    registry_ = MakeRegistry(cipher_);
  }

  std::unique_ptr<SupplierRegistry> MakeRegistry(std::shared_ptr<const CredentialsCipher> cipher,
                                                 std::chrono::milliseconds reload = 30000ms) {
    RegistryOptions o;
    o.retry = {3, 1ms, 5ms};
    o.reload_interval = reload;
    return std::make_unique<SupplierRegistry>(*db_, std::move(cipher), fakes_.Factory(), o,
                                              [this] { return snapshot_; }, clock_, metrics_, log_);
  }

  std::string Logs() {
    log_.Flush();
    std::lock_guard lock(lines_mutex_);
    std::string all;
    for (const auto& l : lines_) all += l;
    return all;
  }

  template <class T>
  T Must(Result<T> r) {
    EXPECT_TRUE(r) << (r ? "" : r.error().detail);
    return r ? std::move(*r) : T{};
  }

  hotel::testing::TempDir dir_;
  std::unique_ptr<ports::Database> db_;
  std::shared_ptr<const CredentialsCipher> cipher_ = std::make_shared<const CredentialsCipher>(kTestSecret);
  ManualClock clock_{Instant(std::chrono::seconds(1'800'000'000))};
  runtime::MetricsRegistry metrics_;
  std::mutex lines_mutex_;
  std::vector<std::string> lines_;
  runtime::Logger log_{"test", runtime::LogLevel::debug, runtime::MakeCallbackSink([this](std::string_view l) {
                         std::lock_guard lock(lines_mutex_);
                         lines_.emplace_back(l);
                       })};
  std::shared_ptr<const config::ConfigSnapshot> snapshot_ = Snapshot(false);
  FakeConnectors fakes_;
  std::unique_ptr<SupplierService> service_;
  std::unique_ptr<SupplierRegistry> registry_;
};

TEST_F(SupplierRegistryTest, ReloadBuildsAConnectorPerEnabledSupplierWithItsDecryptedCredentials) {
  Must(service_->Create(NewHbx("HBX")));
  auto rapid = NewHbx("RPD", "rapid-json");
  rapid.enabled = false;
  Must(service_->Create(rapid));
  ASSERT_TRUE(registry_->Reload());

  auto list = registry_->List();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].code, "HBX");
  EXPECT_TRUE(list[0].enabled);
  EXPECT_EQ(list[1].code, "RPD");
  EXPECT_EQ(list[1].protocol, "rapid-json");
  EXPECT_FALSE(list[1].enabled);

  auto hbx = registry_->Connector("HBX");
  ASSERT_NE(hbx, nullptr);
  EXPECT_EQ(hbx->Protocol(), "hbx-json");
  EXPECT_EQ(registry_->Connector("RPD"), nullptr) << "disabled";
  EXPECT_EQ(registry_->Connector("NOPE"), nullptr);

  auto built = fakes_.Built();
  ASSERT_EQ(built.size(), 1u) << "nothing is built for a disabled supplier";
  EXPECT_EQ(built[0].supplier_code, "HBX");
  EXPECT_EQ(built[0].endpoint, "http://127.0.0.1:9/api") << "no trailing slash";
  EXPECT_EQ(built[0].api_key, "key-HBX-plaintext");
  EXPECT_EQ(built[0].secret, "secret-HBX-plaintext");
  EXPECT_EQ(built[0].currency, "EUR");
  EXPECT_EQ(Logs().find("plaintext"), std::string::npos) << "credentials never logged";
}

TEST_F(SupplierRegistryTest, ConnectorsAreTheResilientDecoratorWithTheRowsTimeouts) {
  auto in = NewHbx();
  in.timeouts.search_ms = 1500;
  Must(service_->Create(in));
  ASSERT_TRUE(registry_->Reload());
  auto state = fakes_.State("HBX");
  state->Script(Operation::kSearch, {Fail(Errc::upstream_timeout)});
  auto result = Await(registry_->Connector("HBX")->Search(supplier::SearchRequest{.hotel_codes = {"H1"}}, {}));
  ASSERT_TRUE(result) << result.error().detail;
  EXPECT_EQ(state->Calls(Operation::kSearch), 2) << "retried by the decorator";
  EXPECT_EQ(state->timeouts[Operation::kSearch].front(), 1500ms);
  EXPECT_NE(metrics_.Render().find(R"(supplier_calls_total{supplier="HBX",operation="search",outcome="ok"} 1)"),
            std::string::npos);
}

TEST_F(SupplierRegistryTest, AChangedRowRebuildsOnlyThatSupplier) {
  Must(service_->Create(NewHbx("HBX")));
  Must(service_->Create(NewHbx("RPD", "rapid-json")));
  ASSERT_TRUE(registry_->Reload());
  auto hbx = registry_->Connector("HBX");
  auto rpd = registry_->Connector("RPD");
  ASSERT_TRUE(registry_->Reload());
  EXPECT_EQ(registry_->Connector("HBX"), hbx) << "same version: kept";
  EXPECT_EQ(fakes_.Built().size(), 2u);

  auto changed = Must(service_->Update("HBX", SupplierPatch{.endpoint = "http://127.0.0.1:10"}));
  registry_->Apply(changed);
  EXPECT_NE(registry_->Connector("HBX"), hbx);
  EXPECT_EQ(registry_->Connector("RPD"), rpd);
  EXPECT_EQ(fakes_.Built().back().endpoint, "http://127.0.0.1:10");
  registry_->Apply(Must(service_->Get("RPD")));
  EXPECT_EQ(registry_->Connector("RPD"), rpd);
  EXPECT_EQ(fakes_.Built().size(), 3u);
}

TEST_F(SupplierRegistryTest, ReloadSeesWhatAnotherProcessChanged) {
  Must(service_->Create(NewHbx("HBX")));
  Must(service_->Create(NewHbx("RPD", "rapid-json")));
  ASSERT_TRUE(registry_->Reload());
  // Another process: the same table, no Apply here.
  SupplierService other(*db_, *cipher_, clock_);
  Must(other.SetEnabled("HBX", false));
  Must(other.Create(NewHbx("DIDA")));
  ASSERT_TRUE(db_->Execute("DELETE FROM suppliers WHERE code = 'RPD'"));
  ASSERT_TRUE(registry_->Reload());
  EXPECT_EQ(registry_->Connector("HBX"), nullptr);
  EXPECT_NE(registry_->Connector("DIDA"), nullptr);
  EXPECT_FALSE(registry_->Status("RPD")) << "deleted rows are forgotten";
  EXPECT_EQ(registry_->List().size(), 2u);
}

TEST_F(SupplierRegistryTest, StartReloadsPeriodically) {
  auto polling = MakeRegistry(cipher_, 30ms);
  polling->Start();
  Must(service_->Create(NewHbx("HBX")));
  const auto deadline = std::chrono::steady_clock::now() + 3s;
  while (!polling->Connector("HBX") && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(10ms);
  EXPECT_NE(polling->Connector("HBX"), nullptr);
  polling->Stop();
  polling->Stop();
}

TEST_F(SupplierRegistryTest, UndecryptableCredentialsLeaveTheSupplierWithoutAConnector) {
  Must(service_->Create(NewHbx("HBX")));
  auto other_secret = MakeRegistry(std::make_shared<const CredentialsCipher>("a-different-secret-of-32-characters+"));
  ASSERT_TRUE(other_secret->Reload());
  EXPECT_EQ(other_secret->Connector("HBX"), nullptr);
  auto status = other_secret->Status("HBX");
  ASSERT_TRUE(status);
  EXPECT_NE(status->problem.find("cannot be decrypted"), std::string::npos) << status->problem;
  auto none = MakeRegistry(std::make_shared<const CredentialsCipher>(""));
  ASSERT_TRUE(none->Reload());
  EXPECT_NE(none->Status("HBX")->problem.find("ENCRYPTION_SECRET"), std::string::npos);
  EXPECT_EQ(Logs().find("plaintext"), std::string::npos);
}

TEST_F(SupplierRegistryTest, AProtocolWithoutAConnectorIsAProblemNotACrash) {
  Must(service_->Create(NewHbx("OTA", "ota-xml")));
  ASSERT_TRUE(registry_->Reload());
  EXPECT_EQ(registry_->Connector("OTA"), nullptr);
  EXPECT_NE(registry_->Status("OTA")->problem.find("no connector for protocol ota-xml"), std::string::npos);
}

TEST_F(SupplierRegistryTest, SuppliersWithoutCredentialsNeedNoSecret) {
  auto in = NewHbx();
  in.api_key.reset();
  in.secret.reset();
  auto none = std::make_shared<const CredentialsCipher>("");
  SupplierService plain(*db_, *none, clock_);
  Must(plain.Create(in));
  auto registry = MakeRegistry(none);
  ASSERT_TRUE(registry->Reload());
  EXPECT_NE(registry->Connector("HBX"), nullptr);
}

TEST_F(SupplierRegistryTest, BreakerThresholdsComeFromTheConfigCenter) {
  Must(service_->Create(NewHbx()));
  ASSERT_TRUE(registry_->Reload());
  auto connector = registry_->Connector("HBX");
  auto state = fakes_.State("HBX");
  state->Script(Operation::kCommit, {Fail(Errc::upstream_unavailable)});
  EXPECT_FALSE(Await(connector->Commit(supplier::Booking{}, {})));
  EXPECT_EQ(registry_->Status("HBX")->connector->Health().breaker, api_gateway::BreakerState::closed)
      << "default threshold 5";
  snapshot_ = Snapshot(false, {{std::string(kBreakerFailureThreshold.name), boost::json::value(1)},
                               {std::string(kBreakerOpenMs.name), boost::json::value(60000)}});
  state->Script(Operation::kCommit, {Fail(Errc::upstream_unavailable)});
  EXPECT_FALSE(Await(connector->Commit(supplier::Booking{}, {})));
  EXPECT_EQ(registry_->Status("HBX")->connector->Health().breaker, api_gateway::BreakerState::open)
      << "one failure opens it once failure_threshold=1";
}

TEST(AdapterConfigTest, BreakerOptionsHaveDefaultsAndIgnoreOutOfRangeValues) {
  auto defaults = ReadBreakerOptions(config::ConfigSnapshot{});
  EXPECT_EQ(defaults.failure_threshold, 5);
  EXPECT_EQ(defaults.open_for, 30000ms);
  EXPECT_EQ(defaults.half_open_probes, 1);
  auto set = ReadBreakerOptions(*Snapshot(false, {{"supplier.breaker.failure_threshold", 7},
                                                  {"supplier.breaker.open_ms", 1500},
                                                  {"supplier.breaker.half_open_max_calls", 2}}));
  EXPECT_EQ(set.failure_threshold, 7);
  EXPECT_EQ(set.open_for, 1500ms);
  EXPECT_EQ(set.half_open_probes, 2);
  auto bad = ReadBreakerOptions(*Snapshot(false, {{"supplier.breaker.failure_threshold", 0},
                                                  {"supplier.breaker.open_ms", "soon"}}));
  EXPECT_EQ(bad.failure_threshold, 5);
  EXPECT_EQ(bad.open_for, 30000ms);
}

}  // namespace
}  // namespace hotel::supplier_adapter::testing
