// pricing-service wiring: the service from the settings, the API's routes, the reload loop.
#include "modules/pricing-service/pricing_module.hpp"

#include "modules/pricing-service/pricing_handlers.hpp"

#include <algorithm>

namespace hotel::pricing {
namespace {

class PricingModule final : public runtime::Module {
 public:
  explicit PricingModule(std::shared_ptr<PricingServiceImpl> service) : service_(std::move(service)) {}
  void RegisterRoutes(runtime::Router& router) override { RegisterPricingRoutes(router, service_); }
  void Start(boost::asio::any_io_executor) override { service_->Start(); }
  void Stop() override { service_->Stop(); }

 private:
  std::shared_ptr<PricingServiceImpl> service_;
};

const Clock& SystemClockInstance() {
  static const SystemClock clock;
  return clock;
}

}  // namespace

std::shared_ptr<PricingServiceImpl> MakePricingService(ports::Database& db, runtime::BlockingPool& pool,
                                                       const runtime::Settings& settings, runtime::Logger& log,
                                                       runtime::MetricsRegistry& metrics, const Clock* clock,
                                                       std::shared_ptr<FxRateSource> fx) {
  PricingOptions o;
  o.default_currency = settings.default_currency;
  o.poll_interval = std::chrono::milliseconds(std::max(settings.config_poll_interval_ms, 1));
  o.fx_ttl = std::chrono::seconds(std::max(settings.exchange_rate_cache_ttl, 1));
  return std::make_shared<PricingServiceImpl>(db, pool, std::move(fx), std::move(o),
                                              clock ? *clock : SystemClockInstance(), log, metrics);
}

runtime::ModuleSpec Spec(std::shared_ptr<PricingServiceImpl> service) {
  return {"pricing-service",
          "Markup rules per tier (platform, distributor, sub-agent) and exchange rates, cached in memory for the "
          "price chain every search and order goes through.",
          {"/api/v1/markup-rules", "/api/v1/fx-rates", "/api/v1/price-previews"},
          [service](runtime::ModuleContext&) { return std::make_unique<PricingModule>(service); }};
}

}  // namespace hotel::pricing
