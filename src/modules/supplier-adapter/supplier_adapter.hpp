// The supplier-adapter module: the suppliers admin API, the periodic availability sync, and
// the process's SupplierRegistry, which other modules use through supplier::SupplierDirectory.
// Wiring (in `hotel serve`), like the shared config client:
//   auto suppliers = supplier_adapter::MakeRegistry(ctx, config_client);   // before the modules
//   supplier_adapter::Spec(suppliers, config_client, hotel_codes)          // in AllModules
//   suppliers->Start(); … suppliers->Stop();                               // beside config_client
#pragma once

#include "modules/supplier-adapter/adapter_config.hpp"
#include "modules/supplier-adapter/availability_sync.hpp"
#include "modules/supplier-adapter/registry.hpp"
#include "runtime/module.hpp"

#include <memory>

namespace hotel::config {
class ConfigClient;
}

namespace hotel::supplier_adapter {

// A registry from the settings (ENCRYPTION_SECRET, ADAPTER_POOL_SIZE, RETRY_MAX_ATTEMPTS,
// RETRY_BACKOFF_MS, CONFIG_POLL_INTERVAL_MS) and the breaker thresholds of `config` (null:
// defaults). Not started: whoever makes it calls Start() and Stop().
std::shared_ptr<SupplierRegistry> MakeRegistry(runtime::ModuleContext& ctx, std::shared_ptr<config::ConfigClient> config,
                                               ConnectorFactory factory = ProtocolConnectors());

struct ModuleOptions {
  // Shared with the rest of the process; null: the module makes its own (MakeRegistry) and
  // starts and stops it with itself.
  std::shared_ptr<SupplierRegistry> registry;
  ConfigSource config;             // null: defaults, every flag off
  HotelCodeSource hotel_codes;     // null: nothing to sync until the catalog is wired
  ConnectorFactory factory;        // for a registry the module makes; null: ProtocolConnectors()
  std::optional<SyncOptions> sync; // null: from the settings (SYNC_INTERVAL_MS)
};

runtime::ModuleSpec Spec(std::shared_ptr<SupplierRegistry> registry = nullptr,
                         std::shared_ptr<config::ConfigClient> config = nullptr, HotelCodeSource hotel_codes = {});
runtime::ModuleSpec SpecWith(ModuleOptions options);

}  // namespace hotel::supplier_adapter
