// The suppliers admin API (/api/v1/suppliers): thin handlers that check the caller (platform
// staff only), parse, run a use case on the BlockingPool, keep the registry in step with
// what they wrote, and render JSON or problem+json.
#pragma once

#include "modules/supplier-adapter/adapter_config.hpp"
#include "modules/supplier-adapter/availability_sync.hpp"
#include "modules/supplier-adapter/registry.hpp"
#include "modules/supplier-adapter/service.hpp"
#include "runtime/blocking.hpp"
#include "runtime/router.hpp"

#include <memory>

namespace hotel::supplier_adapter {

struct ApiContext {
  SupplierService& service;
  SupplierRegistry& registry;
  std::shared_ptr<AvailabilitySync> sync;
  runtime::BlockingPool& pool;
  ConfigSource config;   // the supplier.realtime.sync flag
  Timeouts defaults;     // for timeouts a create leaves out
};

// `api` (and what it refers to) must outlive `router`.
void RegisterSupplierRoutes(runtime::Router& router, std::shared_ptr<const ApiContext> api);

}  // namespace hotel::supplier_adapter
