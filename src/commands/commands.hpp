// The `hotel` subcommands. Each returns the process exit code (2 = bad configuration/usage).
#pragma once

#include "runtime/module.hpp"

namespace hotel::config {
class ConfigClient;
}
namespace hotel::ports {
class Database;
}
namespace hotel::supplier_adapter {
class SupplierRegistry;
}
namespace hotel::pricing {
class PricingServiceImpl;
}
namespace hotel::events {
class EventBus;
class OutboxRelay;
class BufferedEventWriter;
}  // namespace hotel::events
namespace hotel::ports {
class Cache;
}

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hotel::commands {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitUsage = 2;

// What the modules of one process share, made by `hotel serve` before them. All null when the
// modules are only listed (`hotel modules`, checking --only).
struct SharedServices {
  std::shared_ptr<config::ConfigClient> config_client;
  std::shared_ptr<supplier_adapter::SupplierRegistry> suppliers;  // the SupplierDirectory
  ports::Database* database = nullptr;
  std::shared_ptr<pricing::PricingServiceImpl> pricing;    // rules and FX rates, cached
  std::shared_ptr<events::EventBus> bus;                   // in-process; RabbitMQ later
  std::shared_ptr<events::OutboxRelay> relay;              // outbox → bus
  std::shared_ptr<events::BufferedEventWriter> event_writer;  // search and supplier-call events
  std::shared_ptr<ports::Cache> search_cache;              // in-process LRU; Redis later
};

// Every module `hotel serve` can start, in start order (listed explicitly in main.cpp).
std::vector<runtime::ModuleSpec> AllModules(const SharedServices& shared);

int Serve(const std::vector<std::string>& only);
int Migrate(const std::string& direction, std::optional<int> steps);
int PrintEnv(bool markdown);

struct UserArgs {
  std::string tenant, role, email, name, password;
  bool password_stdin = false;
};
int CreateUser(const UserArgs& args);
struct KeyArgs {
  std::string tenant, name = "cli", role;  // empty role: the tenant's default (agent; platform_ops on the platform)
};
int CreateKey(const KeyArgs& args);
int SeedDemo();

// Shared by the commands: settings or a clear exit-2 message naming the variable.
std::optional<runtime::Settings> LoadSettingsOrReport();
// DATABASE_URL's adapter, or null after logging why. `durable_commits` false: a pool whose
// commits do not wait for the disk (ports::DatabaseOptions), half DB_POOL_SIZE.
std::unique_ptr<ports::Database> OpenConfiguredDatabase(const runtime::Settings& settings, runtime::Logger& log,
                                                        bool durable_commits = true);

}  // namespace hotel::commands
