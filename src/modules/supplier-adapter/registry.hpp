// SupplierRegistry: the suppliers this process can call. Per enabled supplier one HTTP pool
// and the protocol's connector (with the decrypted credentials) inside a ResilientConnector;
// rebuilt when the row's version changes, whether through this process's API (Apply) or
// another process (Reload, run periodically by Start).
#pragma once

#include "core/clock.hpp"
#include "modules/supplier-adapter/adapter_config.hpp"
#include "modules/supplier-adapter/credentials_cipher.hpp"
#include "modules/supplier-adapter/model.hpp"
#include "modules/supplier-adapter/resilient_connector.hpp"
#include "ports/database.hpp"
#include "ports/supplier_connector.hpp"
#include "runtime/http_client.hpp"
#include "runtime/log.hpp"
#include "runtime/metrics.hpp"

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>
#include <vector>

namespace hotel::supplier_adapter {

// Makes the connector of a protocol; null when there is none (yet).
using ConnectorFactory = std::function<std::unique_ptr<supplier::SupplierConnector>(
    const std::string& protocol, supplier::ConnectorConfig config, std::shared_ptr<runtime::HttpClient> http)>;
// Make{Hbx,Ota,Rapid}Connector by protocol name.
ConnectorFactory ProtocolConnectors();

struct RegistryOptions {
  int pool_size = 10;  // ADAPTER_POOL_SIZE: connections per supplier host (search, re-check, content)
  // ADAPTER_BOOKING_POOL_SIZE: connections per supplier host for bookings, commits, retrieves
  // and cancellations, apart from the others (a bulkhead). Large enough that bookings a slow
  // supplier holds for their whole timeout do not make ordinary bookings wait.
  int booking_pool_size = 64;
  RetryPolicy retry;   // RETRY_MAX_ATTEMPTS, RETRY_BACKOFF_MS
  Jitter jitter;       // null: FullJitter
  std::chrono::milliseconds reload_interval{30000};  // CONFIG_POLL_INTERVAL_MS
  std::chrono::milliseconds grace{200};
};

// One supplier as the registry holds it, for the health endpoint and the sync.
struct SupplierStatus {
  std::string code;
  std::string protocol;
  std::string currency;
  bool enabled = false;
  std::int64_t version = 0;
  // Why an enabled supplier has no connector ("credentials cannot be decrypted…", "no
  // connector for protocol…"); empty when it has one.
  std::string problem;
  std::shared_ptr<ResilientConnector> connector;  // null when disabled or broken
};

class SupplierRegistry final : public supplier::SupplierDirectory {
 public:
  // `db`, `clock`, `metrics` and `log` must outlive the registry. Nothing is loaded until
  // Reload() or Start().
  SupplierRegistry(ports::Database& db, std::shared_ptr<const CredentialsCipher> cipher, ConnectorFactory factory,
                   RegistryOptions options, ConfigSource config, const Clock& clock, runtime::MetricsRegistry& metrics,
                   runtime::Logger& log);
  ~SupplierRegistry() override;  // Stop()
  SupplierRegistry(const SupplierRegistry&) = delete;
  SupplierRegistry& operator=(const SupplierRegistry&) = delete;

  std::vector<supplier::SupplierSummary> List() const override;
  std::shared_ptr<supplier::SupplierConnector> Connector(std::string_view code) const override;

  std::optional<SupplierStatus> Status(std::string_view code) const;

  // Reads every row and rebuilds the suppliers whose version changed; forgets deleted ones.
  // Blocking (database): call it from the BlockingPool or a background thread.
  Result<void> Reload();
  // Takes a row this process just wrote (no database read).
  void Apply(const Supplier& row);

  // Loads once (a failure is logged; the poller keeps trying), then reloads every
  // reload_interval on its own thread. Idempotent; Stop joins the thread.
  void Start();
  void Stop();

  const CredentialsCipher& cipher() const { return *cipher_; }

 private:
  SupplierStatus Build(const Supplier& row) const;
  void PollLoop();

  ports::Database& db_;
  std::shared_ptr<const CredentialsCipher> cipher_;
  ConnectorFactory factory_;
  RegistryOptions options_;
  ConfigSource config_;
  const Clock& clock_;
  runtime::MetricsRegistry& metrics_;
  runtime::Logger& log_;

  mutable std::shared_mutex mutex_;
  std::map<std::string, SupplierStatus, std::less<>> entries_;
  std::mutex reload_mutex_;  // one reload (or apply) at a time: versions only move forward
  bool failing_ = false;     // guarded by reload_mutex_: log transitions only

  std::mutex poll_mutex_;
  std::condition_variable poll_cv_;
  bool stopping_ = false;  // guarded by poll_mutex_
  std::thread poller_;
};

}  // namespace hotel::supplier_adapter
