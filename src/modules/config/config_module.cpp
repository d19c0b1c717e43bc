// config module wiring: ModuleSpec, client factory, and CONFIG_* variables.
#include "modules/config/config_module.hpp"

#include "adapters/postgres/postgres_listener.hpp"
#include "modules/config/config_api.hpp"
#include "modules/config/config_schema.hpp"
#include "modules/config/config_store.hpp"

#include <charconv>
#include <stdexcept>

namespace hotel::config {
namespace {

class ConfigModule final : public runtime::Module {
 public:
  ConfigModule(runtime::ModuleContext& ctx, std::shared_ptr<ConfigClient> client, bool owns_client)
      : ctx_(ctx), client_(std::move(client)), owns_client_(owns_client) {}

  void RegisterRoutes(runtime::Router& router) override {
    auto deps = std::make_shared<ApiDeps>(ApiDeps{ConfigStore(ctx_.database, ctx_.clock), ctx_.blocking, ctx_.log, client_});
    RegisterConfigRoutes(router, std::move(deps));
  }
  // The client blocks on the database in its own threads, never on the executor.
  void Start(boost::asio::any_io_executor) override {
    if (owns_client_) client_->Start();
  }
  void Stop() override {
    if (owns_client_) client_->Stop();
  }

 private:
  runtime::ModuleContext& ctx_;
  std::shared_ptr<ConfigClient> client_;
  bool owns_client_;
};

}  // namespace

Result<ClientOptions> ClientOptionsFromEnvironment(const runtime::Environment& env) {
  ClientOptions options;
  if (auto it = env.find("CONFIG_ENV"); it != env.end() && !it->second.empty()) {
    if (auto ok = ValidateName("CONFIG_ENV", it->second, kMaxEnvLength); !ok) return ok.error();
    options.env = it->second;
  }
  if (auto it = env.find("CONFIG_POLL_INTERVAL_MS"); it != env.end() && !it->second.empty()) {
    const std::string& text = it->second;
    long long ms = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
    if (ec != std::errc() || end != text.data() + text.size() || ms < 100 || ms > 3600000) {
      return Error::Validation("CONFIG_POLL_INTERVAL_MS", "must be an integer from 100 to 3600000 (milliseconds)");
    }
    options.poll_interval = std::chrono::milliseconds(ms);
  }
  return options;
}

std::shared_ptr<ConfigClient> MakeClient(ports::Database& db, runtime::Logger& log, runtime::MetricsRegistry& metrics,
                                         ClientOptions options, const std::string& postgres_url) {
  std::unique_ptr<ports::NotificationListener> listener;
  if (db.dialect() == ports::Dialect::postgres && !postgres_url.empty()) {
    adapters::PostgresListenerOptions listen;
    listen.url = postgres_url;
    listener = adapters::MakePostgresListener(std::move(listen));
  }
  return std::make_shared<ConfigClient>(db, log, metrics, std::move(options), std::move(listener));
}

std::shared_ptr<ConfigClient> MakeClient(runtime::ModuleContext& ctx) {
  auto env = runtime::LoadMergedEnvironment();
  if (!env) throw std::runtime_error("config: cannot read the environment: " + env.error().detail);
  auto options = ClientOptionsFromEnvironment(*env);
  if (!options) {
    const auto& e = options.error();
    throw std::runtime_error(e.fields.empty() ? e.detail : e.fields[0].field + ": " + e.fields[0].message);
  }
  return MakeClient(ctx.database, ctx.log, ctx.metrics, std::move(*options), ctx.settings.database_url);
}

runtime::ModuleSpec Spec(std::shared_ptr<ConfigClient> shared_client) {
  return {"config",
          "Config center and feature flags: typed hot-reloaded config, flag rollout, admin API with audit trail.",
          {"/api/v1/config", "/api/v1/feature-flags"},
          [shared_client](runtime::ModuleContext& ctx) -> std::unique_ptr<runtime::Module> {
            if (shared_client) return std::make_unique<ConfigModule>(ctx, shared_client, false);
            return std::make_unique<ConfigModule>(ctx, MakeClient(ctx), true);
          }};
}

}  // namespace hotel::config
