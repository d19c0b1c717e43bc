// What a module is given and what it offers. `main` lists the modules (no static
// self-registration); each is built from the settings and the ports it needs.
#pragma once

#include "core/clock.hpp"
#include "ports/lease.hpp"
#include "runtime/blocking.hpp"
#include "runtime/log.hpp"
#include "runtime/metrics.hpp"
#include "runtime/process_endpoints.hpp"
#include "runtime/router.hpp"
#include "runtime/settings.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace hotel::ports {
class Database;
}

namespace hotel::runtime {

// Everything a module may use, owned by the process and alive as long as the module.
struct ModuleContext {
  const Settings& settings;
  Logger& log;
  MetricsRegistry& metrics;
  Readiness& readiness;
  BlockingPool& blocking;
  ports::Database& database;
  const Clock& clock;
  std::vector<std::string> started_modules;  // every module of this process, in start order
  // The owner this process writes its claims with (storage/process_instance.hpp); empty in
  // tests that run no instance: claims then end with their time lease only.
  ports::LeaseOwner owner{};
  // Writes whose loss in a crash the platform tolerates (ports::DatabaseOptions::durable_commits
  // false: idempotency keys, relay marks, buffered events); null: `database`.
  ports::Database* relaxed_database = nullptr;
};

class Module {
 public:
  virtual ~Module() = default;
  virtual void RegisterRoutes(Router& router) = 0;
  // Background work (pollers, relays) on the server's executor; stopped before shutdown.
  virtual void Start(boost::asio::any_io_executor executor) {}
  virtual void Stop() {}
};

struct ModuleSpec {
  std::string name;         // the seed's service name: "api-gateway", "query-engine", ...
  std::string description;
  // Paths the module serves under /api/v1 ("/api/v1/tenants", ...): a gateway whose process
  // does not run the module forwards requests under these prefixes to MODULE_URLS[name].
  std::vector<std::string> path_prefixes;
  std::function<std::unique_ptr<Module>(ModuleContext&)> build;
};

}  // namespace hotel::runtime
