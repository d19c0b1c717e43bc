// Table-driven parsing of the settings: one row per variable with its default, its
// description and how to apply it, so docs and validation cannot drift apart.
#include "runtime/settings.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>

extern char** environ;

namespace hotel::runtime {
namespace {

using Apply = std::function<std::string(std::string_view value, Settings& s)>;  // "" = ok, else message

struct Row {
  SettingSpec spec;
  Apply apply;
};

std::string ParseInt(std::string_view v, std::int64_t min, std::int64_t max, std::int64_t& out) {
  std::int64_t x = 0;
  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), x);
  if (ec != std::errc() || ptr != v.data() + v.size() || v.empty()) {
    return "must be an integer, got '" + std::string(v) + "'";
  }
  if (x < min || x > max) {
    return "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " + std::to_string(x);
  }
  out = x;
  return {};
}

Apply Int(int Settings::*field, int min, int max) {
  return [=](std::string_view v, Settings& s) {
    std::int64_t x = 0;
    auto err = ParseInt(v, min, max, x);
    if (err.empty()) s.*field = static_cast<int>(x);
    return err;
  };
}

Apply Int64(std::int64_t Settings::*field, std::int64_t min, std::int64_t max) {
  return [=](std::string_view v, Settings& s) { return ParseInt(v, min, max, s.*field); };
}

Apply Str(std::string Settings::*field) {
  return [=](std::string_view v, Settings& s) {
    s.*field = std::string(v);
    return std::string();
  };
}

Apply Url(std::string Settings::*field, std::initializer_list<std::string_view> schemes) {
  std::vector<std::string> allowed(schemes.begin(), schemes.end());
  return [=](std::string_view v, Settings& s) -> std::string {
    if (v.empty()) {
      s.*field = std::string();
      return std::string();
    }
    for (const auto& scheme : allowed) {
      if (v.rfind(scheme + ":", 0) == 0) {
        s.*field = std::string(v);
        return std::string();
      }
    }
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a + ":";
    return "must be a URL starting with one of " + list;
  };
}

Apply Bool(bool Settings::*field) {
  return [=](std::string_view v, Settings& s) -> std::string {
    if (v == "1" || v == "true" || v == "yes" || v == "on") s.*field = true;
    else if (v == "0" || v == "false" || v == "no" || v == "off") s.*field = false;
    else return "must be true or false, got '" + std::string(v) + "'";
    return std::string();
  };
}

Apply Secret(std::string Settings::*field, std::size_t min_len) {
  return [=](std::string_view v, Settings& s) -> std::string {
    if (!v.empty() && v.size() < min_len) return "must be at least " + std::to_string(min_len) + " characters";
    s.*field = std::string(v);
    return std::string();
  };
}

const std::vector<Row>& Rows() {
  static const std::vector<Row> rows = {
      {{"HOST", "0.0.0.0", "Address the HTTP server binds to (127.0.0.1 to keep it local)."}, Str(&Settings::host)},
      {{"PORT", "8080", "HTTP port of `hotel serve` (0 picks a free port and logs it)."}, Int(&Settings::port, 0, 65535)},
      {{"SERVICE_NAME", "hotel", "`service` field of log lines not owned by a module."}, Str(&Settings::service_name)},
      {{"LOG_LEVEL", "info", "debug, info, warn or error."},
       [](std::string_view v, Settings& s) -> std::string {
         auto level = ParseLogLevel(v);
         if (!level) return "must be one of debug, info, warn, error; got '" + std::string(v) + "'";
         s.log_level = *level;
         return std::string();
       }},
      {{"HTTP_THREADS", "0", "I/O threads of the HTTP server; 0 = one per core."}, Int(&Settings::http_threads, 0, 256)},
      {{"HTTP_BODY_LIMIT", "1048576", "Largest request body in bytes; larger gets 413."},
       Int64(&Settings::http_body_limit, 1024, std::int64_t(1) << 30)},
      {{"HTTP_HEADER_LIMIT", "16384", "Largest request header block in bytes; larger gets 400."},
       Int(&Settings::http_header_limit, 1024, 1 << 20)},
      {{"HTTP_IDLE_TIMEOUT_MS", "60000", "Idle keep-alive connections are closed after this."},
       Int(&Settings::http_idle_timeout_ms, 100, 3600000)},
      {{"SHUTDOWN_GRACE_MS", "10000", "On SIGTERM, how long in-flight requests may take to finish."},
       Int(&Settings::shutdown_grace_ms, 0, 600000)},
      {{"INSTANCE_HEARTBEAT_MS", "2000", "How often this process renews its row in process_instances (its liveness)."},
       Int(&Settings::instance_heartbeat_ms, 100, 60000)},
      {{"INSTANCE_STALE_MS", "10000",
        "A process silent this long counts as dead: its claims (idempotency keys, outbox batches, syncs, imports, "
        "bookings) are taken over. At least twice INSTANCE_HEARTBEAT_MS."},
       Int(&Settings::instance_stale_ms, 500, 600000)},
      {{"ACCESS_LOG", "true", "Log every request at INFO (probes /health, /ready, /metrics at DEBUG)."},
       Bool(&Settings::access_log)},
      {{"DATABASE_URL", "sqlite://var/hotel.db",
        "sqlite:///abs/path.db, sqlite://relative/path.db, or postgresql://user:pass@host:port/db."},
       Url(&Settings::database_url, {"sqlite", "postgres", "postgresql"})},
      {{"DB_POOL_SIZE", "10", "PostgreSQL connections per process."}, Int(&Settings::db_pool_size, 1, 1000)},
      {{"DB_CONNECT_TIMEOUT_MS", "3000", "PostgreSQL connect timeout."}, Int(&Settings::db_connect_timeout_ms, 100, 600000)},
      {{"BLOCKING_THREADS", "8", "Threads that run blocking database calls off the I/O threads."},
       Int(&Settings::blocking_threads, 1, 1024)},
      {{"REDIS_URL", "", "Redis for cache, rate limits and locks; empty = in-process (the Redis adapter is not built yet)."},
       Url(&Settings::redis_url, {"redis", "rediss"})},
      {{"RABBITMQ_URL", "", "RabbitMQ for the event bus; empty = in-process bus (the RabbitMQ adapter is not built yet)."},
       Url(&Settings::rabbitmq_url, {"amqp", "amqps"})},
      {{"CLICKHOUSE_URL", "", "ClickHouse HTTP endpoint for analytics; empty = tables in the main database (adapter not built yet)."},
       Url(&Settings::clickhouse_url, {"http", "https"})},
      {{"OTEL_EXPORTER_OTLP_ENDPOINT", "", "OpenTelemetry collector endpoint. Span export is not built yet: trace and span ids are in every log line."},
       Url(&Settings::otel_exporter_otlp_endpoint, {"http", "https"})},
      {{"JAEGER_ENDPOINT", "", "Jaeger collector endpoint (alternative to OTLP; export not built yet)."},
       Url(&Settings::jaeger_endpoint, {"http", "https"})},
      {{"RATE_LIMIT_WINDOW_MS", "60000", "api-gateway: rate-limit window."}, Int(&Settings::rate_limit_window_ms, 1, 86400000)},
      {{"RATE_LIMIT_MAX", "100", "api-gateway: requests per window per API key or user."},
       Int(&Settings::rate_limit_max, 1, 100000000)},
      {{"CONCURRENCY_LIMIT", "20", "query-engine: concurrent supplier calls per search."},
       Int(&Settings::concurrency_limit, 1, 10000)},
      {{"SEARCH_CALLS_MAX", "0", "query-engine: supplier search calls in flight per process, all searches together (0: 8 × CONCURRENCY_LIMIT). A search waiting for a slot counts that wait in its own time."},
       Int(&Settings::search_calls_max, 0, 100000)},
      {{"QUERY_TIMEOUT_MS", "10000", "query-engine: deadline of a whole search."}, Int(&Settings::query_timeout_ms, 1, 600000)},
      {{"ORDER_EXPIRY_MINUTES", "30", "order-service: unconfirmed orders expire after this."},
       Int(&Settings::order_expiry_minutes, 1, 10080)},
      {{"ORDER_POLL_INTERVAL_MS", "2000",
        "order-service: how often open bookings (on request, unknown, a dead process's) are looked at; each order "
        "itself is asked again with back-off."},
       Int(&Settings::order_poll_interval_ms, 100, 600000)},
      {{"ADAPTER_POOL_SIZE", "10", "supplier-adapter: HTTP connections per supplier for searches, re-checks and content."},
       Int(&Settings::adapter_pool_size, 1, 1000)},
      {{"ADAPTER_BOOKING_POOL_SIZE", "64",
        "supplier-adapter: HTTP connections per supplier for bookings, commits, retrieves and cancellations, apart "
        "from searches (neither can take the other's)."},
       Int(&Settings::adapter_booking_pool_size, 1, 10000)},
      {{"RETRY_MAX_ATTEMPTS", "3", "supplier-adapter: attempts for retry-safe calls."},
       Int(&Settings::retry_max_attempts, 1, 20)},
      {{"RETRY_BACKOFF_MS", "1000", "supplier-adapter: first retry backoff (exponential, jittered)."},
       Int(&Settings::retry_backoff_ms, 0, 600000)},
      {{"MATCHING_ALGORITHM", "weighted_score", "matching-service: hotel matching algorithm."},
       [](std::string_view v, Settings& s) -> std::string {
         if (v != "weighted_score") return "must be weighted_score, got '" + std::string(v) + "'";
         s.matching_algorithm = std::string(v);
         return std::string();
       }},
      {{"DEFAULT_CURRENCY", "CNY", "pricing-service: currency when the caller names none (ISO 4217)."},
       [](std::string_view v, Settings& s) -> std::string {
         const bool ok = v.size() == 3 && std::all_of(v.begin(), v.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
         if (!ok) return "must be a 3-letter ISO 4217 code such as CNY, got '" + std::string(v) + "'";
         s.default_currency = std::string(v);
         return std::string();
       }},
      {{"EXCHANGE_RATE_CACHE_TTL", "3600", "pricing-service: seconds exchange rates are cached."},
       Int(&Settings::exchange_rate_cache_ttl, 0, 86400 * 30)},
      {{"SETTLE_CYCLE_DAYS", "7", "settlement-service: settlement cycle."}, Int(&Settings::settle_cycle_days, 1, 366)},
      {{"SYNC_INTERVAL_MS", "300000", "inventory-service: supplier availability sync interval."},
       Int(&Settings::sync_interval_ms, 1000, 86400000)},
      {{"RISK_SCORE_THRESHOLD", "80", "risk-service: score at or above which an order is held for review."},
       Int(&Settings::risk_score_threshold, 0, 100)},
      {{"SUPPLIER_TEST_SCENARIOS", "false",
        "Test mode only: pass a request's X-Test-Scenario header to the supplier (simulator fault scenarios)."},
       Bool(&Settings::supplier_test_scenarios)},
      {{"ENCRYPTION_SECRET", "", "32+ characters; encrypts supplier credentials at rest.", true},
       Secret(&Settings::encryption_secret, 32)},
      {{"JWT_SECRET", "", "32+ characters; signs login tokens (HS256).", true}, Secret(&Settings::jwt_secret, 32)},
      {{"JWT_EXPIRY_HOURS", "24", "Lifetime of login tokens."}, Int(&Settings::jwt_expiry_hours, 1, 8760)},
      {{"CORS_ALLOWED_ORIGINS", "http://localhost:3000",
        "api-gateway: browser origins allowed to call the API (comma-separated; * = any; empty = CORS off)."},
       Str(&Settings::cors_allowed_origins)},
      {{"GATEWAY_UPSTREAM_TIMEOUT_MS", "10000", "api-gateway: deadline of a call forwarded to a module in another process."},
       Int(&Settings::gateway_upstream_timeout_ms, 1, 600000)},
      {{"GATEWAY_BREAKER_FAILURES", "5", "api-gateway: consecutive failures or timeouts that open an upstream's breaker."},
       Int(&Settings::gateway_breaker_failures, 1, 1000)},
      {{"GATEWAY_BREAKER_OPEN_MS", "30000", "api-gateway: how long an open breaker refuses calls before probing."},
       Int(&Settings::gateway_breaker_open_ms, 100, 3600000)},
      {{"GATEWAY_BREAKER_HALF_OPEN_PROBES", "1", "api-gateway: probes admitted while a breaker is half-open."},
       Int(&Settings::gateway_breaker_half_open_probes, 1, 100)},
      {{"GATEWAY_UPSTREAM_POOL_SIZE", "64", "api-gateway: keep-alive connections per upstream module process."},
       Int(&Settings::gateway_upstream_pool_size, 1, 10000)},
      {{"CONFIG_ENV", "default", "config: which `env` rows of platform_config this process reads."},
       [](std::string_view v, Settings& s) -> std::string {
         const bool ok = !v.empty() && v.size() <= 20 && std::all_of(v.begin(), v.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-';
         });
         if (!ok) return "must be 1-20 characters of letters, digits, '.', '_' or '-'";
         s.config_env = std::string(v);
         return std::string();
       }},
      {{"CONFIG_POLL_INTERVAL_MS", "30000",
        "config: how often config and flags are re-read (PostgreSQL also pushes changes at once via LISTEN/NOTIFY)."},
       Int(&Settings::config_poll_interval_ms, 100, 3600000)},
      {{"MODULE_URLS", "",
        "Where modules not started by this process live, e.g. query-engine=http://10.0.0.5:8080,order-service=http://…"},
       [](std::string_view v, Settings& s) -> std::string {
         s.module_urls.clear();
         std::string item;
         std::istringstream in{std::string(v)};
         while (std::getline(in, item, ',')) {
           if (item.empty()) continue;
           const auto eq = item.find('=');
           if (eq == std::string::npos || eq == 0) return "must be name=url pairs separated by commas";
           const std::string url = item.substr(eq + 1);
           if (url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
             return "URL for " + item.substr(0, eq) + " must start with http:// or https://";
           }
           s.module_urls[item.substr(0, eq)] = url;
         }
         return std::string();
       }},
  };
  return rows;
}

std::string Unquote(std::string_view v) {
  if (v.size() >= 2 && ((v.front() == '"' && v.back() == '"') || (v.front() == '\'' && v.back() == '\''))) {
    return std::string(v.substr(1, v.size() - 2));
  }
  // Unquoted values may carry a trailing " # comment".
  if (auto hash = v.find(" #"); hash != std::string_view::npos) v = v.substr(0, hash);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  return std::string(v);
}

}  // namespace

std::span<const SettingSpec> SettingSpecs() {
  static const std::vector<SettingSpec> specs = [] {
    std::vector<SettingSpec> out;
    for (const auto& r : Rows()) out.push_back(r.spec);
    return out;
  }();
  return specs;
}

Environment ProcessEnvironment() {
  Environment env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view kv(*e);
    const auto eq = kv.find('=');
    if (eq != std::string_view::npos) env.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  return env;
}

Result<Environment> ParseDotEnv(std::string_view text, std::string_view file_name) {
  Environment env;
  std::istringstream in{std::string(text)};
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::string_view l(line);
    while (!l.empty() && (l.front() == ' ' || l.front() == '\t')) l.remove_prefix(1);
    while (!l.empty() && (l.back() == '\r' || l.back() == ' ' || l.back() == '\t')) l.remove_suffix(1);
    if (l.empty() || l.front() == '#') continue;
    if (l.rfind("export ", 0) == 0) l.remove_prefix(7);
    const auto eq = l.find('=');
    const auto key = l.substr(0, eq);
    const bool key_ok = eq != std::string_view::npos && !key.empty() &&
                        std::all_of(key.begin(), key.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
    if (!key_ok) {
      return Error::Validation(std::string(file_name) + ":" + std::to_string(n), "expected KEY=VALUE");
    }
    env[std::string(key)] = Unquote(l.substr(eq + 1));
  }
  return env;
}

Result<Settings> LoadSettings(const Environment& env) {
  Settings s;
  Error err{Errc::validation_failed, "Invalid configuration.", {}};
  for (const auto& row : Rows()) {
    auto it = env.find(row.spec.name);
    const std::string_view value = it != env.end() ? std::string_view(it->second) : row.spec.default_value;
    if (it == env.end() && value.empty()) continue;
    std::string message = row.apply(value, s);
    if (!message.empty()) err.fields.push_back({std::string(row.spec.name), std::move(message)});
  }
  if (err.fields.empty() && s.instance_stale_ms < 2 * s.instance_heartbeat_ms) {
    // One late heartbeat must not make a live process look dead.
    err.fields.push_back({"INSTANCE_STALE_MS", "must be at least twice INSTANCE_HEARTBEAT_MS (" +
                                                   std::to_string(s.instance_heartbeat_ms) + ")"});
  }
  if (!err.fields.empty()) return err;
  if (s.http_threads == 0) s.http_threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return s;
}

Result<Settings> LoadSettingsFromProcess() {
  auto env = LoadMergedEnvironment();
  if (!env) return env.error();
  return LoadSettings(*env);
}

Result<Environment> LoadMergedEnvironment() {
  Environment env = ProcessEnvironment();
  std::string path = ".env";
  bool required = false;
  if (auto it = env.find("ENV_FILE"); it != env.end() && !it->second.empty()) {
    path = it->second;
    required = true;
  }
  std::ifstream f(path);
  if (!f) {
    if (required) return Error::Validation("ENV_FILE", "cannot read '" + path + "'");
    return env;
  }
  std::stringstream ss;
  ss << f.rdbuf();
  auto file_env = ParseDotEnv(ss.str(), path);
  if (!file_env) return file_env.error();
  for (auto& [k, v] : *file_env) env.try_emplace(k, v);  // the process environment wins
  return env;
}

}  // namespace hotel::runtime
