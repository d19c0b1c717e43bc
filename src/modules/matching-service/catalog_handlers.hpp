// The catalog API's routes (admin scope: platform_admin, platform_ops): content imports, the
// mapping review queue, and master hotels with their mappings and supplier ranking.
#pragma once

#include "modules/config/config_client.hpp"
#include "modules/matching-service/catalog_service.hpp"
#include "modules/matching-service/import_runner.hpp"
#include "modules/matching-service/ranking.hpp"
#include "runtime/blocking.hpp"
#include "runtime/router.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>
#include <optional>

namespace hotel::matching {

struct CatalogApi {
  CatalogService& service;
  std::shared_ptr<ImportRunner> runner;
  runtime::BlockingPool& pool;
  std::shared_ptr<config::ConfigClient> config;  // null: the seed's default ranking weights
  SupplierSignalsFn signals;                     // null: neutral price, availability, reliability
  // Where imports run: the server's executor once the module started; nullopt before (the
  // request's own executor is used then, as in tests without a server).
  std::function<std::optional<boost::asio::any_io_executor>()> executor;
};

// Registers every catalog route, including POST/GET /api/v1/suppliers/{code}/content-imports
// (under the supplier-adapter's prefix). `api` must outlive `router`.
void RegisterCatalogRoutes(runtime::Router& router, std::shared_ptr<CatalogApi> api);

}  // namespace hotel::matching
