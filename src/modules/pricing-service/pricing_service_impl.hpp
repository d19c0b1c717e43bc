// PricingService over the database: active markup rules and exchange rates held in memory as
// immutable snapshots, swapped whole, so Price() never waits on the database. Rules reload
// after every write this process makes and every CONFIG_POLL_INTERVAL_MS (other processes'
// writes); rates reload every EXCHANGE_RATE_CACHE_TTL seconds and after a write.
#pragma once

#include "core/clock.hpp"
#include "modules/pricing-service/fx_source.hpp"
#include "modules/pricing-service/pricing_service.hpp"
#include "modules/pricing-service/pricing_store.hpp"
#include "runtime/log.hpp"
#include "runtime/metrics.hpp"

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace hotel::runtime {
class BlockingPool;
}

namespace hotel::pricing {

struct PricingOptions {
  std::string default_currency = "CNY";                // DEFAULT_CURRENCY
  std::chrono::milliseconds poll_interval{30'000};      // CONFIG_POLL_INTERVAL_MS
  std::chrono::seconds fx_ttl{3600};                    // EXCHANGE_RATE_CACHE_TTL
};

class PricingServiceImpl final : public PricingService {
 public:
  // Loads both snapshots once before returning (a failure is logged and leaves them empty
  // until the next poll). `fx` null: the fx_rates table.
  PricingServiceImpl(ports::Database& db, runtime::BlockingPool& pool, std::shared_ptr<FxRateSource> fx,
                     PricingOptions options, const Clock& clock, runtime::Logger& log,
                     runtime::MetricsRegistry& metrics);
  ~PricingServiceImpl() override;

  Result<PricedRate> Price(const PriceRequest& request) const override;
  // The context's rules resolved once (each tier's winner, fixed amounts converted).
  std::unique_ptr<RatePricer> PricerFor(const PriceRequest& context) const override;
  Result<Money> Convert(const Money& amount, std::string_view to_currency) const override;
  std::string DefaultCurrency() const override { return options_.default_currency; }

  // The reload loop (a thread waking every min(poll interval, FX TTL)). Both idempotent;
  // Stop joins.
  void Start();
  void Stop();

  // Blocking reloads (the handlers call them on the pool after a write).
  Result<void> ReloadRules();
  Result<void> ReloadRates();
  // One turn of the loop: the rules, and the rates when older than the TTL.
  void PollOnce();

  std::size_t RulesLoaded() const;
  Instant RatesLoadedAt() const;

  PricingStore& store() { return store_; }
  runtime::BlockingPool& pool() { return pool_; }
  const Clock& clock() const { return clock_; }

 private:
  struct RulesSnapshot {
    std::unordered_map<std::string, std::vector<MarkupRule>> by_owner;  // owner tenant → its rules
    std::size_t count = 0;
  };
  struct RatesSnapshot {
    FxTable table;  // as loaded, plus crosses through the default currency (see .cpp)
    Instant loaded_at{};
  };
  class Resolved;

  std::shared_ptr<const RulesSnapshot> Rules() const;
  std::shared_ptr<const RatesSnapshot> RatesSnap() const;
  void Loop();

  PricingStore store_;
  runtime::BlockingPool& pool_;
  std::shared_ptr<FxRateSource> fx_;
  PricingOptions options_;
  const Clock& clock_;
  runtime::Logger& log_;
  runtime::Gauge& rules_loaded_;
  runtime::Gauge& fx_age_;
  runtime::CounterFamily& reloads_;

  // A load and its swap happen under these, so a slow older load never replaces a newer one.
  std::mutex rules_reload_mutex_, rates_reload_mutex_;
  mutable std::mutex snapshot_mutex_;  // guards only the two pointer swaps/copies
  std::shared_ptr<const RulesSnapshot> rules_;
  std::shared_ptr<const RatesSnapshot> rates_;

  std::mutex loop_mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hotel::pricing
