// The config center's admin API under /api/v1 (config values, feature flags, audit trail).
#pragma once

#include "modules/config/config_client.hpp"
#include "modules/config/config_store.hpp"
#include "runtime/blocking.hpp"
#include "runtime/log.hpp"
#include "runtime/router.hpp"

#include <memory>

namespace hotel::config {

struct ApiDeps {
  ConfigStore store;
  runtime::BlockingPool& blocking;
  runtime::Logger& log;
  // This process's client, reloaded right after each write so the writer reads its own
  // change at once; other processes learn of it by NOTIFY or by polling. May be null.
  std::shared_ptr<ConfigClient> client;
};

// Every route requires a principal (401 otherwise) who is platform staff, platform_admin or
// platform_ops (403 otherwise), for reads and writes alike: config is platform-wide, so no
// tenant may read it, not even its own overrides.
//   GET    /api/v1/config                       ?env= &limit= &cursor=
//   GET    /api/v1/config/audit                 ?kind=config|flag &name= &limit= &cursor=
//   GET    /api/v1/config/{key}
//   PUT    /api/v1/config/{key}                 {value, description?, env?}   201 created / 200 replaced
//   DELETE /api/v1/config/{key}                 204
//   GET    /api/v1/feature-flags                ?limit= &cursor=
//   GET    /api/v1/feature-flags/{name}
//   PUT    /api/v1/feature-flags/{name}         {enabled, rolloutPct, whitelist, description?}
//   GET    /api/v1/feature-flags/{name}/evaluate?tenantId=
void RegisterConfigRoutes(runtime::Router& router, std::shared_ptr<ApiDeps> deps);

}  // namespace hotel::config
