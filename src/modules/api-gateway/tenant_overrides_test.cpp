// Parsing and swapping per-tenant rate-limit overrides.
#include "modules/api-gateway/tenant_overrides.hpp"

#include <boost/json/parse.hpp>
#include <gtest/gtest.h>

namespace hotel::api_gateway {
namespace {

using namespace std::chrono_literals;
const Policy kDefaults{100, 60s};

TEST(TenantOverrides, ParsesEntriesAndFillsMissingFieldsFromTheDefault) {
  auto parsed = ParseTenantOverrides(boost::json::parse(R"({"tnt_a": {"max": 5, "windowMs": 1000}, "tnt_b": {"max": 7}})"),
                                     kDefaults);
  ASSERT_TRUE(parsed) << parsed.error().detail;
  EXPECT_EQ(parsed->at("tnt_a"), (Policy{5, 1000ms}));
  EXPECT_EQ(parsed->at("tnt_b"), (Policy{7, 60s}));
}

TEST(TenantOverrides, NullMeansNoOverrides) {
  auto parsed = ParseTenantOverrides(nullptr, kDefaults);
  ASSERT_TRUE(parsed);
  EXPECT_TRUE(parsed->empty());
}

TEST(TenantOverrides, RejectsBadValuesNamingTheField) {
  auto parsed = ParseTenantOverrides(
      boost::json::parse(R"({"tnt_a": {"max": 0}, "tnt_b": {"windowMs": "1s"}, "tnt_c": 3, "tnt_d": {"maxx": 1}})"), kDefaults);
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, Errc::validation_failed);
  std::vector<std::string> fields;
  for (const auto& f : parsed.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"tnt_a.max", "tnt_b.windowMs", "tnt_c", "tnt_d.maxx"}));
  EXPECT_FALSE(ParseTenantOverrides(boost::json::parse("[1]"), kDefaults));
}

TEST(TenantOverrides, UpdateSwapsAndAnInvalidUpdateKeepsThePrevious) {
  TenantOverrides overrides(kDefaults);
  EXPECT_EQ(overrides.Lookup("tnt_a"), std::nullopt);
  ASSERT_TRUE(overrides.Update(boost::json::parse(R"({"tnt_a": {"max": 5}})")));
  EXPECT_EQ(overrides.Lookup("tnt_a"), (Policy{5, 60s}));
  EXPECT_FALSE(overrides.Update(boost::json::parse(R"({"tnt_a": {"max": -1}})")));
  EXPECT_EQ(overrides.Lookup("tnt_a"), (Policy{5, 60s}));
  EXPECT_EQ(overrides.Lookup("tnt_b"), std::nullopt);
}

}  // namespace
}  // namespace hotel::api_gateway
