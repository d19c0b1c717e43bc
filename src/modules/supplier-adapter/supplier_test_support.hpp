// Test-only: a migrated SQLite database, a registry over scripted fake connectors (one
// FakeState per supplier code), config snapshots, and running awaitables to completion.
#pragma once

#include "adapters/sqlite/sqlite_database.hpp"
#include "modules/config/config_keys.hpp"
#include "modules/supplier-adapter/fake_connector.hpp"
#include "modules/supplier-adapter/registry.hpp"
#include "modules/supplier-adapter/service.hpp"
#include "storage/migrator.hpp"
#include "support/handler_harness.hpp"
#include "support/test_support.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace hotel::supplier_adapter::testing {

using hotel::testing::RunAwaitable;
template <class T>
T Await(boost::asio::awaitable<T> a) {
  return RunAwaitable(std::move(a));
}

// A snapshot with `values` and the supplier.realtime.sync flag on or off.
inline std::shared_ptr<const config::ConfigSnapshot> Snapshot(bool realtime_sync,
                                                              config::ConfigSnapshot::Values values = {}) {
  config::ConfigSnapshot::Flags flags;
  flags[std::string(config::kFlagSupplierRealtimeSync)] =
      config::FeatureFlag{std::string(config::kFlagSupplierRealtimeSync), realtime_sync, 100, {}, ""};
  return std::make_shared<const config::ConfigSnapshot>(std::move(values), std::move(flags), "default", 1, nullptr);
}

// Connectors that are fakes sharing one FakeState per supplier code; "ota-xml" has none (as
// while a protocol's connector has not landed).
class FakeConnectors {
 public:
  ConnectorFactory Factory() {
    return [this](const std::string& protocol, supplier::ConnectorConfig config,
                  std::shared_ptr<runtime::HttpClient>) -> std::unique_ptr<supplier::SupplierConnector> {
      std::lock_guard lock(mutex_);
      built_.push_back(config);
      if (protocol == "ota-xml") return nullptr;
      return std::make_unique<FakeConnector>(StateLocked(config.supplier_code), protocol);
    };
  }
  std::shared_ptr<FakeState> State(const std::string& code) {
    std::lock_guard lock(mutex_);
    return StateLocked(code);
  }
  std::vector<supplier::ConnectorConfig> Built() {
    std::lock_guard lock(mutex_);
    return built_;
  }

 private:
  std::shared_ptr<FakeState> StateLocked(const std::string& code) {
    auto& s = states_[code];
    if (!s) s = std::make_shared<FakeState>();
    return s;
  }
  std::mutex mutex_;
  std::map<std::string, std::shared_ptr<FakeState>> states_;
  std::vector<supplier::ConnectorConfig> built_;
};

inline constexpr std::string_view kTestSecret = "supplier-tests-encryption-secret-32+";

inline NewSupplier NewHbx(std::string code = "HBX", std::string protocol = "hbx-json") {
  NewSupplier in;
  in.code = std::move(code);
  in.name = "Supplier " + in.code;
  in.protocol = std::move(protocol);
  in.endpoint = "http://127.0.0.1:9/api/";
  in.currency = "EUR";
  in.api_key = "key-" + in.code + "-plaintext";
  in.secret = "secret-" + in.code + "-plaintext";
  return in;
}

// A migrated SQLite file database in a temp dir.
inline std::unique_ptr<ports::Database> OpenMigratedSqlite(const hotel::testing::TempDir& dir) {
  auto db = adapters::OpenSqliteDatabase({.url = "sqlite://" + dir.path() + "/hotel.db"});
  EXPECT_TRUE(db);
  if (!db) return nullptr;
  auto up = storage::Migrator(**db, storage::EmbeddedMigrations((*db)->dialect())).Up();
  EXPECT_TRUE(up) << (up ? "" : up.error().detail);
  return std::move(*db);
}

}  // namespace hotel::supplier_adapter::testing
