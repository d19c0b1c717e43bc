// The matching-service module: the master catalog's storage, content imports from the
// suppliers of a SupplierDirectory, the mapping review queue and the master hotels API with
// supplier ranking. `main` lists Spec(config_client, supplier_directory).
#pragma once

#include "modules/config/config_client.hpp"
#include "modules/matching-service/import_runner.hpp"
#include "modules/matching-service/ranking.hpp"
#include "ports/database.hpp"
#include "ports/supplier_connector.hpp"
#include "runtime/module.hpp"

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::matching {

struct ModuleOptions {
  ImportOptions import;
  SupplierSignalsFn signals;  // the supplier-adapter's signals for the ranking; null: neutral
};

// Path prefixes: /api/v1/hotels, /api/v1/mapping-reviews, /api/v1/content-imports. The import
// trigger POST/GET /api/v1/suppliers/{code}/content-imports is registered too, though it lies
// under the supplier-adapter's prefix: one process finds it through the router, but a split
// deployment must send /api/v1/suppliers/*/content-imports to this module.
// Throws std::runtime_error at build time when MATCHING_ALGORITHM is not a known algorithm.
runtime::ModuleSpec Spec(std::shared_ptr<config::ConfigClient> config,
                         std::shared_ptr<supplier::SupplierDirectory> directory, ModuleOptions options = {});

// The supplier's hotel codes that belong to a master hotel (sorted), for the supplier-adapter's
// availability sync. Blocking (a database read): call it on the BlockingPool. A database
// error yields an empty list (nothing to sync this time).
std::function<std::vector<std::string>(std::string_view supplier_code)> MappedHotelCodes(ports::Database& db);

}  // namespace hotel::matching
