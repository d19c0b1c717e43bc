// supplier-adapter wiring: registry from the settings, the API's routes, the sync loop.
#include "modules/supplier-adapter/supplier_adapter.hpp"

#include "modules/supplier-adapter/handlers.hpp"
#include "modules/supplier-adapter/service.hpp"

#include <algorithm>

namespace hotel::supplier_adapter {
namespace {

Timeouts DefaultTimeouts(const runtime::Settings& s) {
  Timeouts t;
  t.search_ms = std::clamp(s.query_timeout_ms, kMinTimeoutMs, kMaxTimeoutMs);
  return t;
}

RegistryOptions OptionsFrom(const runtime::Settings& s) {
  RegistryOptions o;
  o.pool_size = s.adapter_pool_size;
  o.booking_pool_size = s.adapter_booking_pool_size;
  o.retry.max_attempts = s.retry_max_attempts;
  o.retry.backoff = std::chrono::milliseconds(s.retry_backoff_ms);
  o.retry.max_backoff = std::max(o.retry.max_backoff, o.retry.backoff);
  o.reload_interval = std::chrono::milliseconds(s.config_poll_interval_ms);
  return o;
}

class SupplierAdapterModule final : public runtime::Module {
 public:
  SupplierAdapterModule(runtime::ModuleContext& ctx, ModuleOptions options) {
    owns_registry_ = !options.registry;
    if (owns_registry_) {
      registry_ = std::make_shared<SupplierRegistry>(
          ctx.database, std::make_shared<const CredentialsCipher>(ctx.settings.encryption_secret),
          options.factory ? std::move(options.factory) : ProtocolConnectors(), OptionsFrom(ctx.settings),
          options.config, ctx.clock, ctx.metrics, ctx.log);
    } else {
      registry_ = std::move(options.registry);
    }
    service_ = std::make_unique<SupplierService>(ctx.database, registry_->cipher(), ctx.clock);
    SyncOptions sync = options.sync.value_or(SyncOptions{});
    if (!options.sync) sync.interval = std::chrono::milliseconds(ctx.settings.sync_interval_ms);
    if (sync.owner.id.empty()) sync.owner = ctx.owner;
    sync_ = std::make_shared<AvailabilitySync>(*registry_, ctx.database, ctx.blocking, std::move(options.hotel_codes),
                                               sync, ctx.clock, ctx.metrics, ctx.log);
    api_ = std::make_shared<const ApiContext>(ApiContext{*service_, *registry_, sync_, ctx.blocking,
                                                         options.config ? options.config : SourceOf(nullptr),
                                                         DefaultTimeouts(ctx.settings)});
  }

  ~SupplierAdapterModule() override { Stop(); }

  void RegisterRoutes(runtime::Router& router) override { RegisterSupplierRoutes(router, api_); }

  void Start(boost::asio::any_io_executor executor) override {
    if (owns_registry_) registry_->Start();
    sync_->Start(executor);
  }

  void Stop() override {
    sync_->Stop();
    if (owns_registry_) registry_->Stop();
  }

 private:
  bool owns_registry_ = false;
  std::shared_ptr<SupplierRegistry> registry_;
  std::unique_ptr<SupplierService> service_;
  std::shared_ptr<AvailabilitySync> sync_;
  std::shared_ptr<const ApiContext> api_;
};

}  // namespace

std::shared_ptr<SupplierRegistry> MakeRegistry(runtime::ModuleContext& ctx, std::shared_ptr<config::ConfigClient> config,
                                               ConnectorFactory factory) {
  return std::make_shared<SupplierRegistry>(
      ctx.database, std::make_shared<const CredentialsCipher>(ctx.settings.encryption_secret), std::move(factory),
      OptionsFrom(ctx.settings), SourceOf(std::move(config)), ctx.clock, ctx.metrics, ctx.log);
}

runtime::ModuleSpec SpecWith(ModuleOptions options) {
  return {"supplier-adapter",
          "Suppliers as rows (credentials encrypted at rest), their connectors behind deadlines, safe retries and a "
          "circuit breaker, and the availability snapshot sync.",
          {"/api/v1/suppliers"},
          [options](runtime::ModuleContext& ctx) { return std::make_unique<SupplierAdapterModule>(ctx, options); }};
}

runtime::ModuleSpec Spec(std::shared_ptr<SupplierRegistry> registry, std::shared_ptr<config::ConfigClient> config,
                         HotelCodeSource hotel_codes) {
  ModuleOptions o;
  o.registry = std::move(registry);
  o.config = SourceOf(std::move(config));
  o.hotel_codes = std::move(hotel_codes);
  return SpecWith(std::move(o));
}

}  // namespace hotel::supplier_adapter
