// `hotel serve` as a user runs it: health, readiness, metrics, logs, errors, shutdown.
#include "support/test_support.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <csignal>
#include <cstdlib>
#include <fstream>

namespace hotel::testing {
namespace {

class ServeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_url_ = "sqlite://" + dir_.path() + "/hotel.db";
    auto migrated = RunCommand({HotelBinary(), "migrate", "up"}, {{"DATABASE_URL", db_url_}});
    ASSERT_EQ(migrated.exit_code, 0) << migrated.err << migrated.out;
  }
  TempDir dir_;
  std::string db_url_;
};

boost::json::object Json(const std::string& body) { return boost::json::parse(body).as_object(); }

TEST_F(ServeTest, HealthReadyAndApiIndexAnswer) {
  HotelServer server({{"DATABASE_URL", db_url_}});
  auto health = server.Get("/health");
  EXPECT_EQ(health.status, 200);
  EXPECT_EQ(Json(health.body).at("status").as_string(), "ok");
  auto ready = server.Get("/ready");
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(Json(ready.body).at("checks").at("database").at("status").as_string(), "up");
  auto index = server.Get("/api/v1");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(Json(index.body).at("modules").as_array().at(0).as_string(), "api-gateway");
}

TEST_F(ServeTest, LogsAreSeedFormatJsonLinesWithCallersTrace) {
  HotelServer server({{"DATABASE_URL", db_url_}, {"LOG_LEVEL", "debug"}});
  const std::string trace = "4bf92f3577b34da6a3ce929d0e0e4736";
  auto res = server.Get("/api/v1", {{"traceparent", "00-" + trace + "-00f067aa0ba902b7-01"}, {"X-Request-ID", "e2e-1"}});
  EXPECT_EQ(res.Header("x-request-id"), "e2e-1");
  auto line = server.process().WaitForLine([&](const std::string& l) { return l.find(trace) != std::string::npos; });
  ASSERT_TRUE(line);
  auto v = Json(*line);
  std::vector<std::string> keys;
  for (const auto& kv : v) keys.emplace_back(kv.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"timestamp", "level", "service", "traceId", "spanId", "message", "context"}));
  EXPECT_EQ(v.at("service").as_string(), "api-gateway");
  EXPECT_EQ(v.at("level").as_string(), "INFO");
  EXPECT_EQ(v.at("context").at("requestId").as_string(), "e2e-1");
  EXPECT_EQ(v.at("context").at("route").as_string(), "/api/v1");
  EXPECT_NE(v.at("spanId").as_string(), "00f067aa0ba902b7");  // our own span, child of the caller's
  // Every line on stdout is JSON.
  for (const auto& l : server.process().StdoutLines()) EXPECT_NO_THROW(boost::json::parse(l)) << l;
}

TEST_F(ServeTest, MetricsPassPromtoolAndUseRouteTemplates) {
  HotelServer server({{"DATABASE_URL", db_url_}});
  server.Get("/health");
  server.Get("/no/such/path");
  auto metrics = server.Get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_EQ(metrics.Header("content-type").rfind("text/plain; version=0.0.4", 0), 0u);
  for (const char* name : {"http_requests_total{", "http_request_duration_seconds_bucket{", "process_resident_memory_bytes ",
                           "process_cpu_seconds_total ", "process_open_fds ", "process_start_time_seconds "}) {
    EXPECT_NE(metrics.body.find(name), std::string::npos) << name;
  }
  EXPECT_NE(metrics.body.find(R"(route="unmatched",method="GET",status="404")"), std::string::npos);
  EXPECT_EQ(metrics.body.find("/no/such/path"), std::string::npos);
  // Prometheus's own linter must accept the exposition (the prometheus package is a test dependency).
  TempDir tmp;
  const std::string file = tmp.path() + "/metrics.txt";
  std::ofstream(file) << metrics.body;
  const int rc = std::system(("promtool check metrics < " + file + " > " + tmp.path() + "/out.txt 2>&1").c_str());
  std::ifstream out(tmp.path() + "/out.txt");
  std::string report((std::istreambuf_iterator<char>(out)), std::istreambuf_iterator<char>());
  EXPECT_EQ(rc, 0) << report;
}

TEST_F(ServeTest, ErrorsAreProblemJson) {
  HotelServer server({{"DATABASE_URL", db_url_}, {"HTTP_BODY_LIMIT", "2048"}});
  auto nf = server.Get("/nothing-here");
  EXPECT_EQ(nf.status, 404);
  // Under /api/v1 an anonymous caller learns nothing about which routes exist.
  EXPECT_EQ(server.Get("/api/v1/nothing-here").status, 401);
  EXPECT_EQ(nf.Header("content-type"), "application/problem+json");
  EXPECT_EQ(Json(nf.body).at("code").as_string(), "not_found");
  auto wrong = HttpCall(server.port(), "POST", "/health", "{}");
  EXPECT_EQ(wrong.status, 405);
  EXPECT_EQ(wrong.Header("allow"), "GET");
  auto big = HttpCall(server.port(), "POST", "/api/v1", std::string(4096, 'x'));
  EXPECT_EQ(big.status, 413);
  EXPECT_EQ(Json(big.body).at("code").as_string(), "payload_too_large");
}

TEST_F(ServeTest, SigtermDrainsAndExitsZero) {
  HotelServer server({{"DATABASE_URL", db_url_}});
  ASSERT_EQ(server.Get("/health").status, 200);
  server.process().Signal(SIGTERM);
  EXPECT_EQ(server.process().Wait(std::chrono::seconds(10)), 0);
  auto lines = server.process().StdoutLines();
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines.back().find("\"message\":\"stopped\""), std::string::npos) << lines.back();
}

TEST_F(ServeTest, OnlyStartsTheNamedModules) {
  HotelServer server({{"DATABASE_URL", db_url_}}, {"--only", "api-gateway"});
  EXPECT_EQ(Json(server.Get("/ready").body).at("modules").as_array().size(), 1u);
}

}  // namespace
}  // namespace hotel::testing
