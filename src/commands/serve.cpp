// `hotel serve`: builds the process (settings, logs, metrics, database, modules) and serves
// until SIGTERM/SIGINT, then drains.
#include "commands/commands.hpp"

#include "modules/api-gateway/gateway_middleware.hpp"
#include "modules/api-gateway/tenant_overrides.hpp"
#include "modules/config/config_keys.hpp"
#include "modules/config/config_module.hpp"
#include "modules/identity/identity.hpp"
#include "adapters/memory/lru_cache.hpp"
#include "events/events.hpp"
#include "modules/pricing-service/pricing_module.hpp"
#include "modules/supplier-adapter/supplier_adapter.hpp"
#include "ports/database.hpp"
#include "runtime/http_server.hpp"
#include "storage/process_instance.hpp"

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <filesystem>
#include <iostream>

namespace hotel::commands {
namespace {

// sqlite://relative/dir/x.db needs its directory; PostgreSQL needs nothing.
void EnsureSqliteDirectory(const std::string& url) {
  std::string path;
  if (url.rfind("sqlite://", 0) == 0) path = url.substr(9);
  else if (url.rfind("sqlite:", 0) == 0 && url != "sqlite::memory:") path = url.substr(7);
  if (path.empty() || path == ":memory:") return;
  if (auto q = path.find('?'); q != std::string::npos) path.resize(q);
  const auto dir = std::filesystem::path(path).parent_path();
  std::error_code ec;
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
}

}  // namespace

std::unique_ptr<ports::Database> OpenConfiguredDatabase(const runtime::Settings& settings, runtime::Logger& log,
                                                        bool durable_commits) {
  EnsureSqliteDirectory(settings.database_url);
  ports::DatabaseOptions options;
  options.url = settings.database_url;
  options.pool_size = durable_commits ? settings.db_pool_size : std::max(2, settings.db_pool_size / 2);
  options.durable_commits = durable_commits;
  options.connect_timeout_ms = settings.db_connect_timeout_ms;
  auto db = ports::OpenDatabase(options);
  if (!db) {
    const auto& e = db.error();
    log.Error("cannot open the database", {{"variable", "DATABASE_URL"},
                                           {"error", e.fields.empty() ? e.detail : e.fields[0].message}});
    return nullptr;
  }
  return std::move(*db);
}

// The gateway's middleware for this process, wired to the config center's per-tenant limits.
struct Edge {
  std::vector<runtime::Middleware> middleware;
  std::shared_ptr<runtime::HttpClient> upstream_client;
};

Edge BuildEdge(const runtime::Settings& settings, runtime::ModuleContext& ctx, const std::vector<runtime::ModuleSpec>& all,
               std::shared_ptr<identity::Authenticator> authenticator, config::ConfigClient& config_client) {
  auto options = api_gateway::OptionsFromSettings(settings);
  options.edge.allowed_origins = api_gateway::ParseOriginList(settings.cors_allowed_origins);
  options.proxy.timeout = std::chrono::milliseconds(settings.gateway_upstream_timeout_ms);
  options.proxy.breaker = {settings.gateway_breaker_failures, std::chrono::milliseconds(settings.gateway_breaker_open_ms),
                           settings.gateway_breaker_half_open_probes};
  options.upstream_pool_size = settings.gateway_upstream_pool_size;
  options.idempotency.owner = ctx.owner;
  auto overrides = std::make_shared<api_gateway::TenantOverrides>(options.rate_limit);
  auto apply = [overrides, &log = ctx.log](const config::ConfigSnapshot& snapshot) {
    const auto* value = snapshot.Find(config::kTenantRateLimitsKey);
    if (auto r = overrides->Update(value ? *value : boost::json::value(boost::json::object{})); !r) {
      log.Warn("ignoring invalid gateway.rate_limit.tenant_overrides; keeping the previous one",
               {{"error", r.error().fields.empty() ? r.error().detail : r.error().fields[0].field + ": " + r.error().fields[0].message}});
    }
  };
  config_client.OnChange(apply);
  apply(*config_client.Snapshot());
  Edge edge;
  edge.upstream_client = api_gateway::MakeUpstreamClient(options);
  edge.middleware = api_gateway::BuildMiddleware({
      .options = options,
      .log = ctx.log,
      .metrics = ctx.metrics,
      .clock = ctx.clock,
      .authenticator = std::move(authenticator),
      .tenant_policy = [overrides](std::string_view tenant) { return overrides->Lookup(tenant); },
      .remote_modules = api_gateway::RemoteModulesFor(all, ctx.started_modules, settings.module_urls),
      .features = api_gateway::FeaturesFor(ctx.started_modules),
      .rate_limiter = nullptr,
      .upstream_client = edge.upstream_client,
      .database = ctx.relaxed_database ? ctx.relaxed_database : &ctx.database,
      .blocking = &ctx.blocking,
  });
  return edge;
}

#ifdef HOTEL_JEMALLOC
// jemalloc (main.cpp's malloc_conf) returns freed pages by itself, from a background thread.
struct MemoryTrimmer {
  MemoryTrimmer() {}  // nothing to do
};
#else
// glibc keeps what a burst freed (200 concurrent searches hold ~1 MB of supplier answers and
// JSON each) in per-thread arenas: fewer arenas, large blocks mapped on their own and a
// periodic trim give it back to the system, so the resident size follows the load instead of
// its peak.
class MemoryTrimmer {
 public:
  MemoryTrimmer() {
    mallopt(M_ARENA_MAX, 2);
    // Blocks of 256 KB and more (supplier answers, the JSON arenas of large answers) are mapped and
    // unmapped on their own. A fixed threshold also stops glibc from raising it after the
    // first such free, which would put every later one on the heap for good.
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
    thread_ = std::thread([this] {
      std::unique_lock lock(mutex_);
      while (!cv_.wait_for(lock, std::chrono::seconds(10), [this] { return stop_; })) malloc_trim(0);
    });
  }
  ~MemoryTrimmer() {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool stop_ = false;
  std::thread thread_;
};
#endif

int Serve(const std::vector<std::string>& only) {
  auto settings = LoadSettingsOrReport();
  if (!settings) return kExitUsage;
  MemoryTrimmer trimmer;
  runtime::Logger log(settings->service_name, settings->log_level, runtime::MakeFdSink(STDOUT_FILENO));

  for (const auto& name : only) {
    const auto all = AllModules({});
    if (std::none_of(all.begin(), all.end(), [&](const auto& m) { return m.name == name; })) {
      std::string known;
      for (const auto& m : all) known += (known.empty() ? "" : ", ") + m.name;
      std::cerr << "hotel serve: unknown module '" << name << "' (known: " << known << ")\n";
      return kExitUsage;
    }
  }

  runtime::MetricsRegistry metrics;
  runtime::AddProcessCollector(metrics);
  auto database = OpenConfiguredDatabase(*settings, log);
  if (!database) return kExitUsage;
  // Writes whose loss in a crash the platform tolerates (idempotency keys, the outbox relay's
  // marks, buffered events, heartbeats: ports::DatabaseOptions::durable_commits) go through a
  // small pool whose commits do not wait for the disk. SQLite: the same database.
  std::unique_ptr<ports::Database> relaxed_database;
  if (database->dialect() == ports::Dialect::postgres) {
    relaxed_database = OpenConfiguredDatabase(*settings, log, /*durable_commits=*/false);
    if (!relaxed_database) return kExitUsage;
  }
  ports::Database& relaxed = relaxed_database ? *relaxed_database : *database;
  runtime::BlockingPool blocking(settings->blocking_threads);
  metrics.AddCollector([&blocking](std::string& out) {
    out += "# HELP blocking_pool_pending Blocking calls (database) queued or running.\n"
           "# TYPE blocking_pool_pending gauge\nblocking_pool_pending " +
           std::to_string(blocking.Pending()) + "\n";
  });
  runtime::Readiness readiness;
  readiness.Add("database", [&]() -> boost::asio::awaitable<Result<void>> {
    co_return co_await blocking.Run([&] { return database->Ping(); });
  });
  SystemClock clock;
  // This process's row in process_instances: the owner of every claim it makes, renewed by a
  // heartbeat, so that another process takes its claims over within INSTANCE_STALE_MS of its
  // death (at once after a restart on this machine, or a clean stop).
  storage::ProcessInstance instance(relaxed, clock,
                                    {std::chrono::milliseconds(settings->instance_heartbeat_ms),
                                     std::chrono::milliseconds(settings->instance_stale_ms)},
                                    log);
  if (auto registered = instance.Register(); !registered) {
    log.Warn("process instance not registered yet (the heartbeat keeps trying)",
             {{"instanceId", instance.owner().id}, {"error", registered.error().detail}});
  }
  instance.Start();
  runtime::ModuleContext ctx{*settings, log, metrics, readiness, blocking, *database, clock, {}, instance.owner(),
                             &relaxed};

  // Shared by every module of the process: one config client, one authenticator (every
  // process authenticates /api/v1 calls, the gateway and the modules behind it alike).
  std::shared_ptr<config::ConfigClient> config_client;
  std::shared_ptr<identity::Authenticator> authenticator;
  std::shared_ptr<supplier_adapter::SupplierRegistry> suppliers;
  SharedServices shared;
  try {
    config_client = config::MakeClient(ctx);
    authenticator = identity::MakeAuthenticator(*database, blocking, *settings);
    suppliers = supplier_adapter::MakeRegistry(ctx, config_client);
    shared.config_client = config_client;
    shared.suppliers = suppliers;
    shared.database = database.get();
    shared.pricing = pricing::MakePricingService(*database, blocking, *settings, log, metrics);
    // Events: state changes write them into the outbox in their own transaction; the relay
    // publishes them to the bus; searches and supplier calls go through the buffered writer.
    shared.bus = events::MakeInProcessBus(metrics, log);
    events::RelayOptions relay_options;
    relay_options.owner = instance.owner();
    shared.relay = std::make_shared<events::OutboxRelay>(relaxed, blocking, shared.bus, clock, log, metrics,
                                                         relay_options);
    shared.event_writer = std::make_shared<events::BufferedEventWriter>(relaxed, blocking, clock, log, metrics,
                                                                        events::BufferedEventWriter::Options{});
    shared.search_cache = std::make_shared<memory::LruCache>(memory::LruCacheOptions{});
  } catch (const std::exception& e) {
    std::cerr << "hotel serve: invalid configuration: " << e.what() << "\n";
    return kExitUsage;
  }
  const auto all = AllModules(shared);
  std::vector<runtime::ModuleSpec> selected;
  for (const auto& m : all) {
    if (only.empty() || std::find(only.begin(), only.end(), m.name) != only.end()) selected.push_back(m);
  }
  for (const auto& m : selected) ctx.started_modules.push_back(m.name);

  runtime::Router router;
  runtime::AddProcessEndpoints(router, metrics, readiness,
                               {settings->service_name, HOTEL_VERSION, ctx.started_modules, std::chrono::milliseconds(2000)});
  std::vector<std::unique_ptr<runtime::Module>> modules;
  try {
    for (const auto& spec : selected) {
      router.SetOwner(spec.name);
      modules.push_back(spec.build(ctx));
      modules.back()->RegisterRoutes(router);
    }
  } catch (const std::exception& e) {
    std::cerr << "hotel serve: cannot start: " << e.what() << "\n";
    return kExitUsage;
  }
  Edge edge = BuildEdge(*settings, ctx, all, authenticator, *config_client);

  runtime::ServerOptions options;
  options.host = settings->host;
  options.port = static_cast<std::uint16_t>(settings->port);
  options.threads = settings->http_threads;
  options.body_limit = static_cast<std::uint64_t>(settings->http_body_limit);
  options.header_limit = static_cast<std::uint32_t>(settings->http_header_limit);
  options.idle_timeout = std::chrono::milliseconds(settings->http_idle_timeout_ms);
  options.shutdown_grace = std::chrono::milliseconds(settings->shutdown_grace_ms);
  options.service_name = settings->service_name;
  options.access_log = settings->access_log;
  runtime::HttpServer server(options, std::move(router), std::move(edge.middleware), log, metrics);
  std::uint16_t port = 0;
  try {
    port = server.Listen();
  } catch (const std::exception& e) {
    log.Error("cannot listen", {{"host", settings->host}, {"port", settings->port}, {"error", e.what()}});
    return kExitFailure;
  }
  config_client->Start();
  suppliers->Start();
  shared.pricing->Start();  // also under --only query-engine, where the pricing module is absent
  shared.relay->Start(server.executor());
  shared.event_writer->Start(server.executor());
  for (auto& m : modules) m->Start(server.executor());
  server.OnShutdown([&] {
    for (auto& m : modules) m->Stop();
    shared.event_writer->Stop();  // flushes what is queued into the outbox
    shared.relay->Stop();
    shared.pricing->Stop();
    suppliers->Stop();
    config_client->Stop();
  });
  boost::json::array names;
  for (const auto& n : ctx.started_modules) names.push_back(boost::json::string(n));
  const std::string shown_host = settings->host == "0.0.0.0" ? "127.0.0.1" : settings->host;
  log.Info("listening", {{"url", "http://" + shown_host + ":" + std::to_string(port)},
                         {"port", port},
                         {"threads", options.threads},
                         {"modules", names},
                         {"database", database->Describe()},
                         {"instanceId", instance.owner().id},
                         {"version", HOTEL_VERSION}});
  server.Run();
  // Before the server (and its io_contexts) is destroyed: blocking calls that just finished
  // may still hold an executor of those io_contexts, and the upstream client's idle
  // connections belong to them.
  blocking.Join();
  edge.upstream_client.reset();
  instance.Stop();  // drained: whatever claims are left are free at once
  log.Info("stopped", {{"instanceId", instance.owner().id}});
  return kExitOk;
}

}  // namespace hotel::commands
