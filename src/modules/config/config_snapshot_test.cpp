// ConfigSnapshot typed reads (defaults, wrong types, one warning), flags, and the per-key schemas.
#include "modules/config/config_keys.hpp"
#include "modules/config/config_schema.hpp"
#include "modules/config/config_snapshot.hpp"
#include "modules/config/config_test_support.hpp"
#include "runtime/log.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <vector>

namespace hotel::config {
namespace {

namespace json = boost::json;

using testing::CapturedLog;

ConfigSnapshot::Values SampleValues() {
  ConfigSnapshot::Values v;
  v.emplace("limits.max", json::value(std::int64_t(42)));
  v.emplace("limits.big", json::value(std::int64_t(1) << 40));
  v.emplace("ratio", json::value(0.25));
  v.emplace("feature.on", json::value(true));
  v.emplace("greeting", json::value("hello"));
  v.emplace("weights", json::parse(R"({"price":0.4})"));
  v.emplace("nothing", json::value(nullptr));
  return v;
}

TEST(ConfigSnapshot, TypedReadsReturnStoredValues) {
  ConfigSnapshot s(SampleValues(), {}, "default", 1, nullptr);
  EXPECT_EQ(s.Get(Key<std::int64_t>{"limits.max", 0}), 42);
  EXPECT_EQ(s.Get(Key<int>{"limits.max", 0}), 42);
  EXPECT_EQ(s.Get(Key<std::int64_t>{"limits.big", 0}), std::int64_t(1) << 40);
  EXPECT_DOUBLE_EQ(s.Get(Key<double>{"ratio", 1.0}), 0.25);
  EXPECT_DOUBLE_EQ(s.Get(Key<double>{"limits.max", 1.0}), 42.0);  // an integer is a number
  EXPECT_TRUE(s.Get(Key<bool>{"feature.on", false}));
  EXPECT_EQ(s.Get(Key<std::string>{"greeting", "x"}), "hello");
  EXPECT_EQ(s.Get(Key<json::value>{"weights", {}}), json::parse(R"({"price":0.4})"));
}

TEST(ConfigSnapshot, AbsentKeysAnswerTheirDefault) {
  ConfigSnapshot s(SampleValues(), {}, "default", 1, nullptr);
  EXPECT_EQ(s.Get(Key<int>{"missing", 7}), 7);
  EXPECT_EQ(s.Get(Key<std::string>{"missing", "dflt"}), "dflt");
  ConfigSnapshot empty;
  EXPECT_EQ(empty.version(), 0u);
  EXPECT_EQ(empty.Get(Key<std::int64_t>{"limits.max", 100}), 100);
  EXPECT_FALSE(empty.FlagEnabled("admin.v2", "tnt_a"));
}

TEST(ConfigSnapshot, WrongTypeAnswersTheDefaultAndWarnsOncePerKey) {
  CapturedLog captured;
  ConfigSnapshot s(SampleValues(), {}, "default", 3, &captured.log());
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(s.Get(Key<int>{"greeting", 5}), 5);
    EXPECT_EQ(s.Get(Key<int>{"ratio", 6}), 6);                 // no silent truncation of 0.25
    EXPECT_EQ(s.Get(Key<int>{"limits.big", 9}), 9);            // out of int's range
    EXPECT_EQ(s.Get(Key<std::string>{"limits.max", "s"}), "s");
    EXPECT_FALSE(s.Get(Key<bool>{"nothing", false}));          // JSON null is not a bool
    EXPECT_EQ(s.Get(Key<double>{"greeting", 2.5}), 2.5);
  }
  EXPECT_EQ(s.Get(Key<json::value>{"nothing", json::value(1)}), json::value(nullptr));  // any JSON is a JSON value
  auto lines = captured.Lines();
  int warnings = 0;
  for (const auto& l : lines) {
    auto o = json::parse(l).as_object();
    if (o["level"] == "WARN") ++warnings;
  }
  EXPECT_EQ(warnings, 5) << "one per wrong-typed key, not per read";
  ASSERT_FALSE(lines.empty());
  EXPECT_NE(lines[0].find("\"key\":\"greeting\""), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"expected\":\"32-bit integer\""), std::string::npos) << lines[0];
}

TEST(ConfigSnapshot, FlagsEvaluateTheSeedsRule) {
  ConfigSnapshot::Flags flags;
  flags.emplace("admin.v2", FeatureFlag{"admin.v2", true, 100, {"tnt_a"}, ""});
  flags.emplace("risk.auto.reject", FeatureFlag{"risk.auto.reject", false, 100, {}, ""});
  ConfigSnapshot s({}, std::move(flags), "default", 1, nullptr);
  EXPECT_TRUE(s.FlagEnabled("admin.v2", "tnt_a"));
  EXPECT_FALSE(s.FlagEnabled("admin.v2", "tnt_b"));
  EXPECT_FALSE(s.FlagEnabled("risk.auto.reject", "tnt_a"));
  EXPECT_FALSE(s.FlagEnabled("no.such.flag", "tnt_a"));
  ASSERT_NE(s.FindFlag("admin.v2"), nullptr);
}

std::vector<std::string> FieldsOf(const Result<void>& r) {
  std::vector<std::string> out;
  if (!r) for (const auto& f : r.error().fields) out.push_back(f.field);
  return out;
}

TEST(ConfigSchema, MatchingWeightsMustBeTheFourWeightsSummingToOne) {
  const std::string key(kMatchingWeightsKey);
  EXPECT_TRUE(ValidateConfigValue(key, json::parse(R"({"price":0.4,"rating":0.3,"availability":0.2,"supplier_reliability":0.1})")));
  EXPECT_TRUE(ValidateConfigValue(key, json::parse(R"({"price":1,"rating":0,"availability":0,"supplier_reliability":0})")));
  using V = std::vector<std::string>;
  EXPECT_EQ(FieldsOf(ValidateConfigValue(key, json::parse(R"({"price":0.5,"rating":0.3,"availability":0.2,"supplier_reliability":0.1})"))),
            V{"value"});  // sums to 1.1
  EXPECT_EQ(FieldsOf(ValidateConfigValue(key, json::parse(R"({"price":1.4,"rating":-0.3,"availability":0.2,"supplier_reliability":-0.3})"))),
            (V{"value.price", "value.rating", "value.supplier_reliability"}));
  EXPECT_EQ(FieldsOf(ValidateConfigValue(key, json::parse(R"({"price":"0.4","rating":0.3,"availability":0.2})"))),
            (V{"value.price", "value.supplier_reliability"}));
  EXPECT_EQ(FieldsOf(ValidateConfigValue(key, json::parse(R"({"price":0.4,"rating":0.3,"availability":0.2,"supplier_reliability":0.1,"speed":0})"))),
            V{"value.speed"});
  EXPECT_EQ(FieldsOf(ValidateConfigValue(key, json::parse(R"([0.4,0.3,0.2,0.1])"))), V{"value"});
}

TEST(ConfigSchema, TenantOverridesTakeTheGatewaysBounds) {
  const std::string key(kTenantRateLimitsKey);
  EXPECT_TRUE(ValidateConfigValue(key, json::parse(R"({})")));
  EXPECT_TRUE(ValidateConfigValue(key, json::parse(R"({"tnt_a":{"max":500,"windowMs":60000}})")));
  EXPECT_TRUE(ValidateConfigValue(key, json::parse(R"({"tnt_a":{"max":500},"tnt_b":{"windowMs":86400000}})")));
  using V = std::vector<std::string>;
  EXPECT_EQ(FieldsOf(ValidateConfigValue(key, json::parse(R"({"tnt_a":{"max":0,"windowMs":1.5}})"))),
            (V{"value.tnt_a.max", "value.tnt_a.windowMs"}));
  EXPECT_EQ(FieldsOf(ValidateConfigValue(key, json::parse(R"({"tnt_a":{"max":100000001}, "tnt_b": 3})"))),
            (V{"value.tnt_a.max", "value.tnt_b"}));
  EXPECT_EQ(FieldsOf(ValidateConfigValue(key, json::parse(R"({"tnt_a":{"max":5,"windowMs":86400001,"burst":2}})"))),
            (V{"value.tnt_a.burst", "value.tnt_a.windowMs"}));
  EXPECT_EQ(FieldsOf(ValidateConfigValue(key, json::parse(R"("fast")"))), V{"value"});
}

TEST(ConfigSchema, UnknownKeysAcceptAnyJson) {
  EXPECT_TRUE(ValidateConfigValue("some.other.key", json::parse(R"([1, "two", null])")));
  EXPECT_TRUE(ValidateConfigValue("some.other.key", json::value("text")));
}

TEST(ConfigSchema, NamesAreRestrictedToASafeAlphabet) {
  EXPECT_TRUE(ValidateName("key", "matching.algorithm.weights", 255));
  EXPECT_TRUE(ValidateName("key", "a-b_c.9", 255));
  EXPECT_FALSE(ValidateName("key", "", 255));
  EXPECT_FALSE(ValidateName("key", ".hidden", 255));
  EXPECT_FALSE(ValidateName("key", "a b", 255));
  EXPECT_FALSE(ValidateName("key", "a/b", 255));
  EXPECT_FALSE(ValidateName("key", std::string(256, 'a'), 255));
}

TEST(ConfigKeys, MatchingWeightsFallBackToTheSeedsOnMalformedValues) {
  ConfigSnapshot::Values v;
  v.emplace(std::string(kMatchingWeightsKey), json::parse(R"({"price":0.7,"rating":0.1,"availability":0.1,"supplier_reliability":0.1})"));
  ConfigSnapshot good(std::move(v), {}, "default", 1, nullptr);
  EXPECT_DOUBLE_EQ(ReadMatchingWeights(good).price, 0.7);
  ConfigSnapshot::Values bad;
  bad.emplace(std::string(kMatchingWeightsKey), json::parse(R"({"price":0.7})"));
  EXPECT_DOUBLE_EQ(ReadMatchingWeights(ConfigSnapshot(std::move(bad), {}, "default", 1, nullptr)).price, 0.4);
  EXPECT_DOUBLE_EQ(ReadMatchingWeights(ConfigSnapshot()).price, 0.4);  // the seed's default
}

}  // namespace
}  // namespace hotel::config
