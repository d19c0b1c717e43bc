// The `hotel` command line: bad configuration exits 2 naming the variable, migrations
// round-trip on SQLite, unknown modules are refused, a dead database only fails /ready.
#include "support/test_support.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace hotel::testing {
namespace {

TEST(Cli, UnparseableVariableExitsTwoNamingIt) {
  TempDir dir;
  auto r = RunCommand({HotelBinary(), "serve"}, {{"PORT", "eighty"}, {"DATABASE_URL", "sqlite://" + dir.path() + "/x.db"}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("PORT"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("eighty"), std::string::npos) << r.err;
}

TEST(Cli, UnsupportedDatabaseUrlExitsTwo) {
  auto r = RunCommand({HotelBinary(), "migrate", "status"}, {{"DATABASE_URL", "mysql://localhost/x"}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("DATABASE_URL"), std::string::npos) << r.err;
}

TEST(Cli, UnknownModuleExitsTwo) {
  TempDir dir;
  auto r = RunCommand({HotelBinary(), "serve", "--only", "api-gateway,warp-drive"},
                      {{"DATABASE_URL", "sqlite://" + dir.path() + "/x.db"}, {"PORT", "0"}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("warp-drive"), std::string::npos) << r.err;
}

TEST(Cli, UnknownSubcommandExitsTwo) { EXPECT_EQ(RunCommand({HotelBinary(), "frobnicate"}).exit_code, 2); }

TEST(Cli, MigrateDownThenUpRoundTripsOnSqlite) {
  TempDir dir;
  ExpectMigrateRoundTrip({{"DATABASE_URL", "sqlite://" + dir.path() + "/hotel.db"}});
}

TEST(Cli, DeadPostgresFailsReadyButServesHealth) {
  // Port 1 on loopback: nothing listens there, connections are refused at once.
  HotelServer server({{"DATABASE_URL", "postgresql://postgres@127.0.0.1:1/hotel"}, {"DB_CONNECT_TIMEOUT_MS", "500"}});
  EXPECT_EQ(server.Get("/health").status, 200);
  auto ready = server.Get("/ready");
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(ready.Header("content-type"), "application/problem+json");
  auto body = boost::json::parse(ready.body).as_object();
  EXPECT_EQ(body.at("code").as_string(), "upstream_unavailable");
  EXPECT_EQ(body.at("checks").at("database").at("status").as_string(), "down");
  EXPECT_EQ(body.at("detail").as_string().find("postgres@"), std::string::npos);  // no credentials leak
  EXPECT_EQ(server.Get("/health").status, 200);
}

TEST(Cli, EnvMarkdownListsEverySeedVariable) {
  auto r = RunCommand({HotelBinary(), "env", "--markdown"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* v : {"RATE_LIMIT_WINDOW_MS", "RATE_LIMIT_MAX", "CONCURRENCY_LIMIT", "QUERY_TIMEOUT_MS",
                        "ORDER_EXPIRY_MINUTES", "ADAPTER_POOL_SIZE", "RETRY_MAX_ATTEMPTS", "RETRY_BACKOFF_MS",
                        "MATCHING_ALGORITHM", "DEFAULT_CURRENCY", "EXCHANGE_RATE_CACHE_TTL", "SETTLE_CYCLE_DAYS",
                        "SYNC_INTERVAL_MS", "RISK_SCORE_THRESHOLD", "LOG_LEVEL", "REDIS_URL", "RABBITMQ_URL",
                        "DATABASE_URL", "CLICKHOUSE_URL", "OTEL_EXPORTER_OTLP_ENDPOINT", "SERVICE_NAME",
                        "ENCRYPTION_SECRET", "JWT_SECRET", "JWT_EXPIRY_HOURS"}) {
    EXPECT_NE(r.out.find(std::string("`") + v + "`"), std::string::npos) << v;
  }
}

}  // namespace
}  // namespace hotel::testing
