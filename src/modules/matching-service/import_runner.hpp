// Content imports in the background: the job is created at once (202), then a coroutine pages
// through the supplier's Content until no cursor, recording progress per page, and hands the
// hotels to ApplyContent on the BlockingPool. A failed page fails the job (the directory's
// connector has already retried what is safe to retry).
#pragma once

#include "core/clock.hpp"
#include "modules/matching-service/catalog_model.hpp"
#include "modules/matching-service/import_jobs.hpp"
#include "modules/matching-service/pair_scorer.hpp"
#include "ports/lease.hpp"
#include "ports/supplier_connector.hpp"
#include "runtime/blocking.hpp"
#include "runtime/log.hpp"
#include "runtime/metrics.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace hotel::config {
class ConfigSnapshot;
}

namespace hotel::matching {

// Optional override of the pair-scoring thresholds: {"high": 0.8, "low": 0.6, "duplicate": 0.9,
// "autoMinName": 0.75}, any subset, each in [0, 1], low <= high <= duplicate. (Not the seed's
// matching.algorithm.weights: those rank suppliers, see ranking.hpp.)
inline constexpr std::string_view kPairThresholdsKey = "matching.pair.thresholds";
// `base` with the snapshot's thresholds; validation_failed naming the field when they are bad
// (the import then runs with `base` and logs why).
Result<MatchSettings> ApplyPairThresholds(const config::ConfigSnapshot& snapshot, MatchSettings base);

struct ImportOptions {
  std::chrono::milliseconds call_timeout{20000};  // per content page
  int max_pages = 10000;                           // a supplier paging forever fails the job here
  std::size_t max_hotels = 1'000'000;              // held in memory until matched
  // This process's instance (ports/lease.hpp): a job whose process is gone gives way at once
  // to a new import of the supplier. Empty: only kStaleImportAfter without progress does.
  ports::LeaseOwner owner;
};

class ImportRunner : public std::enable_shared_from_this<ImportRunner> {
 public:
  // `settings` is read at the start of each import's matching. Everything passed by
  // reference must outlive the runner.
  ImportRunner(ports::Database& db, const Clock& clock, runtime::BlockingPool& pool, runtime::Logger& log,
               runtime::MetricsRegistry& metrics, std::shared_ptr<supplier::SupplierDirectory> directory,
               std::function<MatchSettings()> settings, ImportOptions options);

  // Checks the supplier (not_found when the directory does not know it; conflict when it is
  // disabled or an import of it is in progress), creates the job and starts it on `executor`.
  boost::asio::awaitable<Result<ImportJob>> Start(const std::string& supplier, int page_size,
                                                  const std::string& actor, boost::asio::any_io_executor executor);

  // Imports in progress stop before their next page (their jobs fail, "stopped").
  void Stop() { stopped_ = true; }

  ImportJobs& jobs() { return jobs_; }

 private:
  boost::asio::awaitable<void> Run(ImportJob job, std::shared_ptr<supplier::SupplierConnector> connector);
  boost::asio::awaitable<void> Fail(const ImportJob& job, const std::string& error);

  ports::Database& db_;
  const Clock& clock_;
  runtime::BlockingPool& pool_;
  runtime::Logger& log_;
  std::shared_ptr<supplier::SupplierDirectory> directory_;
  std::function<MatchSettings()> settings_;
  ImportOptions options_;
  ImportJobs jobs_;
  runtime::CounterFamily& finished_;  // content_imports_total{supplier, outcome}
  runtime::Gauge& running_;
  std::atomic<bool> stopped_{false};
};

}  // namespace hotel::matching
