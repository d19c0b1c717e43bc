// config module: the config center's admin API, and the factory of the process's ConfigClient.
#pragma once

#include "core/error.hpp"
#include "modules/config/config_client.hpp"
#include "runtime/module.hpp"
#include "runtime/settings.hpp"

#include <memory>
#include <string>

namespace hotel::config {

// CONFIG_ENV (default "default"; 1-20 of [A-Za-z0-9._-]) and CONFIG_POLL_INTERVAL_MS
// (default 30000; 100..3600000). Errors name the variable.
Result<ClientOptions> ClientOptionsFromEnvironment(const runtime::Environment& env);

// A client, not started. `postgres_url` non-empty (and `db` PostgreSQL): it also LISTENs on
// its own connection to that URL, so changes from other processes arrive within a second;
// otherwise it polls only.
std::shared_ptr<ConfigClient> MakeClient(ports::Database& db, runtime::Logger& log, runtime::MetricsRegistry& metrics,
                                         ClientOptions options, const std::string& postgres_url = {});

// The same from a module context: ctx.database, its DATABASE_URL for LISTEN on PostgreSQL,
// and ClientOptionsFromEnvironment(the merged process environment and .env). Throws
// std::runtime_error naming the variable when CONFIG_ENV or CONFIG_POLL_INTERVAL_MS is invalid
// (a start-up configuration failure).
std::shared_ptr<ConfigClient> MakeClient(runtime::ModuleContext& ctx);

// The module. With no client it makes its own (MakeClient(ctx)) and starts/stops it with
// the module; with a shared client, whoever made that client starts and stops it.
runtime::ModuleSpec Spec(std::shared_ptr<ConfigClient> shared_client = nullptr);

}  // namespace hotel::config
