// The pricing-service module: the cached PricingService other modules call in-process, and
// its API (/api/v1/markup-rules, /api/v1/fx-rates, /api/v1/price-previews).
// Wiring (in `hotel serve`), like the supplier registry:
//   auto pricing = pricing::MakePricingService(*db, blocking, settings, log, metrics);  // before the modules
//   pricing::Spec(pricing)                        // in AllModules; query-engine/order-service take `pricing`
//   pricing->Start(); … pricing->Stop();          // the reload loop (the module's Start/Stop call them too)
#pragma once

#include "modules/pricing-service/pricing_service_impl.hpp"
#include "runtime/module.hpp"

#include <memory>

namespace hotel::pricing {

// From DEFAULT_CURRENCY, CONFIG_POLL_INTERVAL_MS and EXCHANGE_RATE_CACHE_TTL; snapshots loaded
// before it returns, loop not started. `clock` null: the system clock; `fx` null: the
// fx_rates table.
std::shared_ptr<PricingServiceImpl> MakePricingService(ports::Database& db, runtime::BlockingPool& pool,
                                                       const runtime::Settings& settings, runtime::Logger& log,
                                                       runtime::MetricsRegistry& metrics, const Clock* clock = nullptr,
                                                       std::shared_ptr<FxRateSource> fx = nullptr);

runtime::ModuleSpec Spec(std::shared_ptr<PricingServiceImpl> service);

}  // namespace hotel::pricing
