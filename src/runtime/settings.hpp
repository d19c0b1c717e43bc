// Static configuration from environment variables and an optional .env file, with the
// seed's names and defaults (SEED-DIGEST §2–3). Validated once at start-up.
#pragma once

#include "core/error.hpp"
#include "runtime/log.hpp"

#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>

namespace hotel::runtime {

struct Settings {
  // Process
  std::string host = "0.0.0.0";
  int port = 8080;
  std::string service_name = "hotel";
  LogLevel log_level = LogLevel::info;
  int http_threads = 0;                    // 0: one per core
  std::int64_t http_body_limit = 1 << 20;  // bytes
  int http_header_limit = 16 * 1024;
  int http_idle_timeout_ms = 60000;
  int shutdown_grace_ms = 10000;
  bool access_log = true;
  // This process among others (issue 13): the heartbeat of its process_instances row, and how
  // long a silent instance still counts as alive before its claims are taken over.
  int instance_heartbeat_ms = 2000;
  int instance_stale_ms = 10000;
  // Backends
  std::string database_url = "sqlite://var/hotel.db";
  int db_pool_size = 10;
  int db_connect_timeout_ms = 3000;
  int blocking_threads = 8;
  std::string redis_url, rabbitmq_url, clickhouse_url;
  std::string otel_exporter_otlp_endpoint, jaeger_endpoint;
  // Module settings from the seed's compose file
  int rate_limit_window_ms = 60000;
  int rate_limit_max = 100;
  int concurrency_limit = 20;
  int search_calls_max = 0;  // 0: 8 × concurrency_limit
  int query_timeout_ms = 10000;
  int order_expiry_minutes = 30;
  int order_poll_interval_ms = 2000;  // order-service: how often open bookings are looked at
  int adapter_pool_size = 10;
  int adapter_booking_pool_size = 64;
  int retry_max_attempts = 3;
  int retry_backoff_ms = 1000;
  std::string matching_algorithm = "weighted_score";
  std::string default_currency = "CNY";
  int exchange_rate_cache_ttl = 3600;
  int settle_cycle_days = 7;
  int sync_interval_ms = 300000;
  int risk_score_threshold = 80;
  // Test mode: a request's `X-Test-Scenario` header is passed to the supplier as its test
  // scenario (simulators, suppliers' sandboxes). Never on in production.
  bool supplier_test_scenarios = false;
  // Secrets (never logged)
  std::string encryption_secret, jwt_secret;
  int jwt_expiry_hours = 24;
  // api-gateway
  std::string cors_allowed_origins = "http://localhost:3000";
  int gateway_upstream_timeout_ms = 10000;
  int gateway_breaker_failures = 5;
  int gateway_breaker_open_ms = 30000;
  int gateway_breaker_half_open_probes = 1;
  int gateway_upstream_pool_size = 64;
  // config center
  std::string config_env = "default";
  int config_poll_interval_ms = 30000;
  // Where peer modules live when this process runs only some (`hotel serve --only`).
  std::map<std::string, std::string> module_urls;  // "query-engine" -> "http://host:port"
};

struct SettingSpec {
  std::string_view name;
  std::string_view default_value;  // as text, "" for none
  std::string_view description;
  bool secret = false;
};

// Every variable the platform reads, for `hotel env` and the README table.
std::span<const SettingSpec> SettingSpecs();

// Variables from the process environment over those of the .env file (process wins), as
// the 12-factor convention and docker-compose do.
using Environment = std::map<std::string, std::string, std::less<>>;
Environment ProcessEnvironment();
// Parses KEY=VALUE lines (`export ` prefix, '#' comments, single/double quotes).
// A line that is not KEY=VALUE is an error naming the file and line.
Result<Environment> ParseDotEnv(std::string_view text, std::string_view file_name);

// Validation failures name the variable: {"field": "PORT", "message": "must be ..."}.
Result<Settings> LoadSettings(const Environment& env);

// The process environment merged over the .env file (ENV_FILE, or ./.env when present).
Result<Environment> LoadMergedEnvironment();

// Loads the .env file (ENV_FILE, or ./.env when present) merged under the process
// environment, then the settings.
Result<Settings> LoadSettingsFromProcess();

}  // namespace hotel::runtime
