#include "runtime/log.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <unistd.h>

namespace hotel::runtime {
namespace {

TEST(Logger, WritesTheSeedsJsonLineFormat) {
  std::vector<std::string> lines;
  Logger log("query-engine", LogLevel::info, MakeCallbackSink([&](std::string_view l) { lines.emplace_back(l); }));
  const auto trace = TraceContext::NewRoot();
  log.Info("Query completed \"successfully\"\n", {{"supplierCount", 5}, {"durationMs", 342}}, &trace);
  ASSERT_EQ(lines.size(), 1u);
  ASSERT_EQ(lines[0].back(), '\n');
  const auto v = boost::json::parse(lines[0]).as_object();
  // Exactly the seed's fields, in the seed's order.
  std::vector<std::string> keys;
  for (const auto& kv : v) keys.emplace_back(kv.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"timestamp", "level", "service", "traceId", "spanId", "message", "context"}));
  EXPECT_EQ(v.at("level").as_string(), "INFO");
  EXPECT_EQ(v.at("service").as_string(), "query-engine");
  EXPECT_EQ(v.at("traceId").as_string(), trace.TraceId());
  EXPECT_EQ(v.at("spanId").as_string(), trace.SpanId());
  EXPECT_EQ(v.at("message").as_string(), "Query completed \"successfully\"\n");
  EXPECT_EQ(v.at("context").as_object().at("supplierCount").as_int64(), 5);
  const std::string ts(v.at("timestamp").as_string());
  ASSERT_EQ(ts.size(), 24u) << ts;  // 2025-01-15T08:30:15.123Z
  EXPECT_EQ(ts[10], 'T');
  EXPECT_EQ(ts.back(), 'Z');
}

TEST(Logger, ContextNumbersPrintAsDecimals) {
  std::string line;
  Logger log("svc", LogLevel::info, MakeCallbackSink([&](std::string_view l) { line = l; }));
  log.Info("m", {{"durationMs", 0.04}, {"n", -3}, {"nested", {{"ok", true}, {"list", {1, "two", nullptr}}}}});
  EXPECT_NE(line.find(R"("context":{"durationMs":0.04,"n":-3,"nested":{"ok":true,"list":[1,"two",null]}})"),
            std::string::npos)
      << line;
}

TEST(Logger, HonoursLevel) {
  int n = 0;
  Logger log("svc", LogLevel::warn, MakeCallbackSink([&](std::string_view) { ++n; }));
  log.Debug("d");
  log.Info("i");
  log.Warn("w");
  log.Error("e");
  EXPECT_EQ(n, 2);
  log.SetLevel(LogLevel::debug);
  log.Debug("d");
  EXPECT_EQ(n, 3);
}

TEST(Logger, ServiceOverrideAndEmptyTrace) {
  std::string line;
  Logger log("hotel", LogLevel::info, MakeCallbackSink([&](std::string_view l) { line = l; }));
  log.Log(LogLevel::info, "m", {}, nullptr, "order-service");
  const auto v = boost::json::parse(line).as_object();
  EXPECT_EQ(v.at("service").as_string(), "order-service");
  EXPECT_EQ(v.at("traceId").as_string(), "");
  EXPECT_TRUE(v.at("context").as_object().empty());
}

TEST(FdSink, FlushWritesEverythingInOrder) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  {
    Logger log("svc", LogLevel::info, MakeFdSink(fds[1]));
    for (int i = 0; i < 100; ++i) log.Info("line " + std::to_string(i));
  }  // destructor flushes
  close(fds[1]);
  std::string all;
  char buf[4096];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) all.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  std::size_t pos = 0;
  for (int i = 0; i < 100; ++i) {
    pos = all.find("\"message\":\"line " + std::to_string(i) + "\"", pos);
    ASSERT_NE(pos, std::string::npos) << i;
  }
}

TEST(LogLevel, Parses) {
  EXPECT_EQ(ParseLogLevel("DEBUG"), LogLevel::debug);
  EXPECT_EQ(ParseLogLevel("warning"), LogLevel::warn);
  EXPECT_FALSE(ParseLogLevel("verbose"));
}

}  // namespace
}  // namespace hotel::runtime
