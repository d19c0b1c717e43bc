// Feature flag evaluation: the seed's table, bucket values, and the rollout distribution.
#include "modules/config/feature_flag.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hotel::config {
namespace {

FeatureFlag Flag(bool enabled, int pct, std::vector<std::string> whitelist = {}) {
  return FeatureFlag{"admin.v2", enabled, pct, std::move(whitelist), ""};
}

// Buckets computed independently (MurmurHash3 x86_32, seed 0, of tenantId + name, % 100).
TEST(FeatureFlag, BucketIsMurmurOfTenantThenNameModulo100) {
  EXPECT_EQ(RolloutBucket("tnt_a", "admin.v2"), 17);
  EXPECT_EQ(RolloutBucket("tnt_b", "admin.v2"), 53);
  EXPECT_EQ(RolloutBucket("tnt_c", "admin.v2"), 74);
}

TEST(FeatureFlag, EvaluationFollowsTheSeedsOrder) {
  struct Row {
    const char* what;
    FeatureFlag flag;
    const char* tenant;
    bool expected;
  };
  const Row rows[] = {
      {"disabled beats everything", Flag(false, 100), "tnt_a", false},
      {"disabled beats the whitelist", Flag(false, 100, {"tnt_a"}), "tnt_a", false},
      {"enabled, full rollout, no whitelist", Flag(true, 100), "tnt_a", true},
      {"rollout 0 excludes everyone", Flag(true, 0), "tnt_a", false},
      {"bucket 17 < 18", Flag(true, 18), "tnt_a", true},
      {"bucket 17 is not < 17", Flag(true, 17), "tnt_a", false},
      {"bucket 53 < 54", Flag(true, 54), "tnt_b", true},
      {"bucket 74 not < 54", Flag(true, 54), "tnt_c", false},
      {"whitelist admits a listed tenant", Flag(true, 100, {"tnt_b", "tnt_a"}), "tnt_a", true},
      {"whitelist rejects others", Flag(true, 100, {"tnt_b"}), "tnt_a", false},
      // A partial rollout answers alone: the whitelist neither admits nor excludes.
      {"rollout decides, whitelist ignored (admit)", Flag(true, 18, {"tnt_b"}), "tnt_a", true},
      {"rollout decides, whitelist ignored (exclude)", Flag(true, 17, {"tnt_a"}), "tnt_a", false},
      {"empty tenant id still hashes", Flag(true, 100), "", true},
  };
  for (const auto& row : rows) EXPECT_EQ(EvaluateFlag(row.flag, row.tenant), row.expected) << row.what;
}

TEST(FeatureFlag, ThirtyPercentRolloutReachesAboutThirtyPercentOfTenants) {
  const FeatureFlag flag = Flag(true, 30);
  int on = 0;
  const int n = 10000;
  for (int i = 0; i < n; ++i) on += EvaluateFlag(flag, "tnt_" + std::to_string(i)) ? 1 : 0;
  EXPECT_NEAR(on / double(n), 0.30, 0.02) << on << " of " << n;
}

TEST(FeatureFlag, RolloutIsMonotonicPerTenant) {
  // Raising the percentage only adds tenants: a tenant once in stays in.
  for (int i = 0; i < 500; ++i) {
    const std::string tenant = "tnt_" + std::to_string(i);
    bool was_on = false;
    for (int pct = 0; pct <= 100; ++pct) {
      const bool on = EvaluateFlag(Flag(true, pct), tenant);
      EXPECT_FALSE(was_on && !on) << tenant << " at " << pct;
      was_on = on;
    }
    EXPECT_TRUE(was_on);
  }
}

}  // namespace
}  // namespace hotel::config
