// The availability snapshot sync (issue 4 §4): per enabled supplier, search a bounded,
// rotating sample of its hotels for a few stay dates and keep the cheapest net per hotel and
// check-in; record each run's start, end, outcome and hotel count. A claim in the database
// keeps two runs of one supplier apart, in this process and across processes.
#pragma once

#include "core/clock.hpp"
#include "modules/supplier-adapter/registry.hpp"
#include "modules/supplier-adapter/repository.hpp"
#include "ports/lease.hpp"
#include "runtime/blocking.hpp"
#include "runtime/log.hpp"
#include "runtime/metrics.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::supplier_adapter {

// The supplier's own hotel codes worth syncing (wired to the catalog); empty: nothing to do.
using HotelCodeSource = std::function<std::vector<std::string>(std::string_view supplier_code)>;

struct SyncOptions {
  std::chrono::milliseconds interval{300000};  // SYNC_INTERVAL_MS
  std::size_t max_hotels = 300;                // per run; the sample rotates over all of them
  std::size_t batch = 100;                     // hotel codes per search
  std::vector<int> check_in_days{1, 7, 30};    // from today (UTC)
  int nights = 1;
  int adults = 2;
  // A claim older than this belongs to a run that died (a crashed process): taken over.
  std::chrono::milliseconds stale_after{std::chrono::minutes(30)};
  // This process's instance (ports/lease.hpp): a claim whose process is gone is taken over at
  // once. Empty: only `stale_after` frees a claim.
  ports::LeaseOwner owner;
};

struct SyncReport {
  SyncOutcome outcome = SyncOutcome::kOk;
  std::optional<Errc> error;    // of the last failed batch
  std::int64_t hotels_synced = 0;
  int batches_ok = 0;
  int batches_failed = 0;
};

class AvailabilitySync : public std::enable_shared_from_this<AvailabilitySync> {
 public:
  // Everything given must outlive the sync and every run it started.
  AvailabilitySync(SupplierRegistry& registry, ports::Database& db, runtime::BlockingPool& pool,
                   HotelCodeSource hotel_codes, SyncOptions options, const Clock& clock,
                   runtime::MetricsRegistry& metrics, runtime::Logger& log);

  // Checks, claims and runs one supplier's sync to the end. Errors before anything ran:
  // not_found (unknown supplier), conflict (disabled, no hotels to sync, or a run going on),
  // upstream_unavailable (the supplier has no connector).
  boost::asio::awaitable<Result<SyncReport>> RunNow(std::string code);

  // The same checks and claim, then the run continues in the background on `executor`.
  boost::asio::awaitable<Result<void>> Trigger(std::string code, boost::asio::any_io_executor executor);

  // Every interval, a run per enabled supplier (those already running are skipped).
  void Start(boost::asio::any_io_executor executor);
  void Stop();

 private:
  struct Plan {
    std::shared_ptr<supplier::SupplierConnector> connector;
    std::string currency;
    std::vector<std::string> hotels;
  };
  boost::asio::awaitable<Result<Plan>> Prepare(const std::string& code);
  boost::asio::awaitable<SyncReport> Execute(std::string code, Plan plan);
  std::vector<std::string> Sample(const std::string& code, std::vector<std::string> all);
  static boost::asio::awaitable<void> Background(std::shared_ptr<AvailabilitySync> self, std::string code, Plan plan);
  struct LoopState;
  static boost::asio::awaitable<void> Loop(std::shared_ptr<AvailabilitySync> self, std::shared_ptr<LoopState> state);

  SupplierRegistry& registry_;
  SupplierRepository repo_;
  runtime::BlockingPool& pool_;
  HotelCodeSource hotel_codes_;
  SyncOptions options_;
  const Clock& clock_;
  runtime::MetricsRegistry& metrics_;
  runtime::Logger& log_;

  std::mutex mutex_;
  std::map<std::string, std::size_t> rotation_;  // next sample offset per supplier
  std::shared_ptr<LoopState> loop_;
  std::atomic<bool> stopped_{false};
};

}  // namespace hotel::supplier_adapter
