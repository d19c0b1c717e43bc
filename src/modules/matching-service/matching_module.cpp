// matching-service wiring: the catalog service, the import runner, the routes.
#include "modules/matching-service/matching_module.hpp"

#include "modules/matching-service/catalog_handlers.hpp"
#include "modules/matching-service/catalog_service.hpp"

#include <mutex>
#include <optional>
#include <stdexcept>

namespace hotel::matching {
namespace {

class MatchingModule final : public runtime::Module {
 public:
  MatchingModule(runtime::ModuleContext& ctx, std::shared_ptr<config::ConfigClient> config,
                 std::shared_ptr<supplier::SupplierDirectory> directory, ModuleOptions options)
      : service_(ctx.database, ctx.clock) {
    auto algorithm = ParseMatchingAlgorithm(ctx.settings.matching_algorithm);
    if (!algorithm) throw std::runtime_error("MATCHING_ALGORITHM: " + algorithm.error().detail);
    MatchSettings base;
    base.algorithm = *algorithm;
    auto settings = [config, base, &log = ctx.log]() {
      if (!config) return base;
      auto s = ApplyPairThresholds(*config->Snapshot(), base);
      if (s) return *s;
      const auto& e = s.error();
      log.Warn("ignoring invalid matching.pair.thresholds; matching with the defaults",
               {{"error", e.fields.empty() ? e.detail : e.fields[0].field + ": " + e.fields[0].message}});
      return base;
    };
    ImportOptions import = options.import;
    if (import.owner.id.empty()) import.owner = ctx.owner;
    runner_ = std::make_shared<ImportRunner>(ctx.database, ctx.clock, ctx.blocking, ctx.log, ctx.metrics,
                                             std::move(directory), settings, import);
    api_ = std::make_shared<CatalogApi>(CatalogApi{service_, runner_, ctx.blocking, std::move(config),
                                                   std::move(options.signals), [this] { return Executor(); }});
  }

  void RegisterRoutes(runtime::Router& router) override { RegisterCatalogRoutes(router, api_); }

  void Start(boost::asio::any_io_executor executor) override {
    std::lock_guard lock(mutex_);
    executor_ = std::move(executor);
  }

  void Stop() override { runner_->Stop(); }

 private:
  std::optional<boost::asio::any_io_executor> Executor() {
    std::lock_guard lock(mutex_);
    return executor_;
  }

  CatalogService service_;
  std::shared_ptr<ImportRunner> runner_;
  std::shared_ptr<CatalogApi> api_;
  std::mutex mutex_;
  std::optional<boost::asio::any_io_executor> executor_;
};

}  // namespace

runtime::ModuleSpec Spec(std::shared_ptr<config::ConfigClient> config, std::shared_ptr<supplier::SupplierDirectory> directory,
                         ModuleOptions options) {
  return {"matching-service",
          "One master hotel catalog from every supplier's content: imports, automatic matching, the mapping review "
          "queue, master hotel search and supplier ranking.",
          {"/api/v1/hotels", "/api/v1/mapping-reviews", "/api/v1/content-imports"},
          [config, directory, options](runtime::ModuleContext& ctx) {
            return std::make_unique<MatchingModule>(ctx, config, directory, options);
          }};
}

std::function<std::vector<std::string>(std::string_view)> MappedHotelCodes(ports::Database& db) {
  return [&db](std::string_view supplier) {
    AutoCommitSession s(db);
    auto codes = CatalogRepository(db.dialect()).MappedHotelCodes(s, std::string(supplier));
    return codes ? std::move(*codes) : std::vector<std::string>{};
  };
}

}  // namespace hotel::matching
