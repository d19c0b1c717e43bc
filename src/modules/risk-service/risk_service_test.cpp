// Risk rules from config: absent → defaults, a subset overrides, anything invalid → defaults
// plus an error naming the field.
#include "modules/config/config_snapshot.hpp"
#include "modules/risk-service/risk_service.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace hotel::risk {
namespace {

std::unique_ptr<config::ConfigSnapshot> With(std::string_view rules_json) {
  config::ConfigSnapshot::Values values;
  values.emplace("risk.rules", boost::json::parse(rules_json));
  return std::make_unique<config::ConfigSnapshot>(std::move(values), config::ConfigSnapshot::Flags{}, "test", 1,
                                                  nullptr);
}

TEST(ReadRiskRules, AbsentKeyGivesDefaults) {
  config::ConfigSnapshot empty;
  std::optional<Error> error;
  RiskRules r = ReadRiskRules(empty, &error);
  EXPECT_FALSE(error);
  EXPECT_EQ(r.velocity_hour_threshold, 5);
  EXPECT_EQ(r.utilisation_bp, 8000);
}

TEST(ReadRiskRules, ASubsetOverridesTheDefaults) {
  std::optional<Error> error;
  RiskRules r = ReadRiskRules(*With(R"({"velocityHourThreshold": 3, "lastMinuteHours": 12.5,
                                        "lastMinuteAmountMinor": 900000})"),
                              &error);
  EXPECT_FALSE(error);
  EXPECT_EQ(r.velocity_hour_threshold, 3);
  EXPECT_EQ(r.last_minute_hours, 12.5);
  EXPECT_EQ(r.last_minute_amount_minor, 900000);
  EXPECT_EQ(r.velocity_points, 30);
}

TEST(ReadRiskRules, InvalidRulesGiveDefaultsAndTheError) {
  std::optional<Error> error;
  RiskRules r = ReadRiskRules(*With(R"({"velocityHourThreshold": -1, "velocityPoint": 3})"), &error);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->code, Errc::validation_failed);
  std::vector<std::string> fields;
  for (const auto& f : error->fields) fields.push_back(f.field);
  EXPECT_NE(std::find(fields.begin(), fields.end(), "risk.rules.velocityHourThreshold"), fields.end());
  EXPECT_NE(std::find(fields.begin(), fields.end(), "risk.rules.velocityPoint"), fields.end());
  EXPECT_EQ(r.velocity_hour_threshold, 5);
  error.reset();
  ReadRiskRules(*With("[1]"), &error);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->fields.at(0).field, "risk.rules");
}

}  // namespace
}  // namespace hotel::risk
