#include "runtime/settings.hpp"

#include <gtest/gtest.h>

namespace hotel::runtime {
namespace {

TEST(Settings, DefaultsAreTheSeeds) {
  auto s = LoadSettings({}).value();
  EXPECT_EQ(s.port, 8080);
  EXPECT_EQ(s.rate_limit_window_ms, 60000);
  EXPECT_EQ(s.rate_limit_max, 100);
  EXPECT_EQ(s.concurrency_limit, 20);
  EXPECT_EQ(s.query_timeout_ms, 10000);
  EXPECT_EQ(s.order_expiry_minutes, 30);
  EXPECT_EQ(s.adapter_pool_size, 10);
  EXPECT_EQ(s.retry_max_attempts, 3);
  EXPECT_EQ(s.retry_backoff_ms, 1000);
  EXPECT_EQ(s.matching_algorithm, "weighted_score");
  EXPECT_EQ(s.default_currency, "CNY");
  EXPECT_EQ(s.exchange_rate_cache_ttl, 3600);
  EXPECT_EQ(s.settle_cycle_days, 7);
  EXPECT_EQ(s.sync_interval_ms, 300000);
  EXPECT_EQ(s.risk_score_threshold, 80);
  EXPECT_EQ(s.jwt_expiry_hours, 24);
  EXPECT_EQ(s.log_level, LogLevel::info);
  EXPECT_GE(s.http_threads, 1);
}

TEST(Settings, EveryBadVariableIsNamed) {
  auto r = LoadSettings({{"PORT", "80a"}, {"LOG_LEVEL", "loud"}, {"DATABASE_URL", "mysql://x"},
                         {"DEFAULT_CURRENCY", "yuan"}, {"JWT_SECRET", "short"}, {"RISK_SCORE_THRESHOLD", "101"}});
  ASSERT_TRUE(r.has_error());
  std::vector<std::string> named;
  for (const auto& f : r.error().fields) named.push_back(f.field);
  EXPECT_EQ(named, (std::vector<std::string>{"PORT", "LOG_LEVEL", "DATABASE_URL", "DEFAULT_CURRENCY",
                                              "RISK_SCORE_THRESHOLD", "JWT_SECRET"}));
  EXPECT_EQ(r.error().fields[0].message, "must be an integer, got '80a'");
}

TEST(Settings, ValuesOverrideDefaults) {
  auto s = LoadSettings({{"PORT", "0"}, {"LOG_LEVEL", "WARN"}, {"DATABASE_URL", "postgresql://u@h/db"},
                         {"MODULE_URLS", "query-engine=http://10.0.0.5:8080,order-service=http://o:1"}})
               .value();
  EXPECT_EQ(s.port, 0);
  EXPECT_EQ(s.log_level, LogLevel::warn);
  EXPECT_EQ(s.database_url, "postgresql://u@h/db");
  EXPECT_EQ(s.module_urls.at("query-engine"), "http://10.0.0.5:8080");
  EXPECT_EQ(s.module_urls.at("order-service"), "http://o:1");
}

TEST(DotEnv, ParsesCommentsQuotesAndExport) {
  auto env = ParseDotEnv("# comment\nPORT=9090\nexport LOG_LEVEL=debug\nA=\"x # not a comment\"\nB='y'\nC=z # comment\n\n",
                         ".env")
                 .value();
  EXPECT_EQ(env.at("PORT"), "9090");
  EXPECT_EQ(env.at("LOG_LEVEL"), "debug");
  EXPECT_EQ(env.at("A"), "x # not a comment");
  EXPECT_EQ(env.at("B"), "y");
  EXPECT_EQ(env.at("C"), "z");
}

TEST(DotEnv, MalformedLineNamesFileAndLine) {
  auto r = ParseDotEnv("PORT=1\nthis is not a setting\n", "/etc/hotel.env");
  ASSERT_TRUE(r.has_error());
  EXPECT_EQ(r.error().fields[0].field, "/etc/hotel.env:2");
}

TEST(Settings, EverySpecHasADescription) {
  for (const auto& s : SettingSpecs()) EXPECT_FALSE(s.description.empty()) << s.name;
}

}  // namespace
}  // namespace hotel::runtime
