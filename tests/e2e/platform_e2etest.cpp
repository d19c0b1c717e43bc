// The walk-through against the real binary: tenants three tiers deep, users, keys,
// login, tenant isolation, suspension, rate limiting, and config/flags without restart.
#include "platform_fixture.hpp"

#include <thread>

namespace hotel::testing {
namespace {

using boost::json::object;

class PlatformTest : public PlatformFixture {};

TEST_F(PlatformTest, ThreeTierWalkThroughWithIsolationAndSuspension) {
  HotelServer server(Env({{"RATE_LIMIT_MAX", "1000"}}));
  const auto port = server.port();
  const Caller root = Login(port, kAdminEmail, kAdminPassword);
  ASSERT_FALSE(root.token.empty());

  // Platform → distributor, with its admin.
  auto dist = Api(port, "POST", "/api/v1/tenants", root, object{{"parentId", "tnt_platform"}, {"name", "Dist A"}, {"currency", "CNY"}});
  ASSERT_EQ(dist.status, 201) << dist.raw.body;
  const std::string dist_id = dist.Str("id");
  EXPECT_EQ(dist.Str("kind"), "distributor");
  auto dist_admin = Api(port, "POST", "/api/v1/tenants/" + dist_id + "/users", root,
                        object{{"email", "boss@dist-a.test"}, {"name", "Boss"}, {"role", "distributor_admin"}, {"password", "dist-a-password-1"}});
  ASSERT_EQ(dist_admin.status, 201) << dist_admin.raw.body;
  EXPECT_FALSE(dist_admin.obj().contains("password"));
  const Caller boss = Login(port, "boss@dist-a.test", "dist-a-password-1");

  // The distributor admin creates its sub-agent, an agent user and an API key.
  auto sub = Api(port, "POST", "/api/v1/tenants", boss, object{{"parentId", dist_id}, {"name", "Agency A1"}});
  ASSERT_EQ(sub.status, 201) << sub.raw.body;
  const std::string sub_id = sub.Str("id");
  EXPECT_EQ(sub.Str("kind"), "subagent");
  auto agent = Api(port, "POST", "/api/v1/tenants/" + sub_id + "/users", boss,
                   object{{"email", "agent@a1.test"}, {"name", "Agent"}, {"role", "agent"}, {"password", "agent-a1-password"}});
  ASSERT_EQ(agent.status, 201) << agent.raw.body;
  auto key = Api(port, "POST", "/api/v1/tenants/" + sub_id + "/api-keys", boss, object{{"name", "booking system"}});
  ASSERT_EQ(key.status, 201) << key.raw.body;
  const Caller machine{{}, key.Str("key")};
  auto keys = Api(port, "GET", "/api/v1/tenants/" + sub_id + "/api-keys", boss);
  ASSERT_EQ(keys.status, 200);
  for (const auto& k : keys.obj().at("items").as_array()) EXPECT_FALSE(k.as_object().contains("key"));  // shown once

  // Both credentials work and carry the sub-agent tenant.
  auto me = Api(port, "GET", "/api/v1/me", machine);
  ASSERT_EQ(me.status, 200) << me.raw.body;
  EXPECT_EQ(me.obj().at("tenant").at("id").as_string(), sub_id);
  const Caller agent_login = Login(port, "agent@a1.test", "agent-a1-password");
  EXPECT_EQ(Api(port, "GET", "/api/v1/me", agent_login).status, 200);

  // Another distributor cannot see Dist A's objects: 404, never 403.
  auto other = Api(port, "POST", "/api/v1/tenants", root, object{{"parentId", "tnt_platform"}, {"name", "Dist B"}});
  ASSERT_EQ(other.status, 201);
  ASSERT_EQ(Api(port, "POST", "/api/v1/tenants/" + other.Str("id") + "/users", root,
                object{{"email", "boss@dist-b.test"}, {"name", "B"}, {"role", "distributor_admin"}, {"password", "dist-b-password-1"}})
                .status,
            201);
  const Caller other_boss = Login(port, "boss@dist-b.test", "dist-b-password-1");
  EXPECT_EQ(Api(port, "GET", "/api/v1/tenants/" + dist_id, other_boss).status, 404);
  EXPECT_EQ(Api(port, "GET", "/api/v1/tenants/" + sub_id + "/users", other_boss).status, 404);
  // An agent has no right to create users: 403.
  EXPECT_EQ(Api(port, "POST", "/api/v1/tenants/" + sub_id + "/users", agent_login,
                object{{"email", "x@a1.test"}, {"name", "X"}, {"role", "agent"}, {"password", "whatever-password"}})
                .status,
            403);

  // Suspending the distributor blocks the sub-agent's key and user at once.
  ASSERT_EQ(Api(port, "POST", "/api/v1/tenants/" + dist_id + "/suspend", root).status, 200);
  EXPECT_EQ(Api(port, "GET", "/api/v1/me", machine).status, 401);
  EXPECT_EQ(Api(port, "GET", "/api/v1/me", agent_login).status, 401);
  ASSERT_EQ(Api(port, "POST", "/api/v1/tenants/" + dist_id + "/activate", root).status, 200);
  EXPECT_EQ(Api(port, "GET", "/api/v1/me", machine).status, 200);

  // A revoked key stops working.
  ASSERT_EQ(Api(port, "DELETE", "/api/v1/api-keys/" + key.Str("id"), boss).status, 204);
  EXPECT_EQ(Api(port, "GET", "/api/v1/me", machine).status, 401);
}

TEST_F(PlatformTest, BadCredentialsAre401AndTouchNothing) {
  HotelServer server(Env());
  const auto port = server.port();
  EXPECT_EQ(Api(port, "GET", "/api/v1/me").status, 401);
  auto forged = Api(port, "GET", "/api/v1/me", {"eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiJ1c3JfMSJ9.", {}});
  EXPECT_EQ(forged.status, 401);
  EXPECT_EQ(forged.raw.Header("content-type"), "application/problem+json");
  EXPECT_EQ(Api(port, "GET", "/api/v1/me", {{}, "hk_live_not-a-real-key"}).status, 401);
  auto wrong = Api(port, "POST", "/api/v1/auth/login", {}, object{{"email", kAdminEmail}, {"password", "nope"}});
  EXPECT_EQ(wrong.status, 401);
  auto unknown = Api(port, "POST", "/api/v1/auth/login", {}, object{{"email", "who@x.test"}, {"password", "nope"}});
  EXPECT_EQ(unknown.status, 401);
  EXPECT_EQ(wrong.obj().at("detail"), unknown.obj().at("detail"));  // existence is not revealed
  auto invalid = Api(port, "POST", "/api/v1/auth/login", {}, object{{"email", 5}});
  EXPECT_EQ(invalid.status, 400);
}

TEST_F(PlatformTest, RateLimitAllowsExactlyTheLimitThen429WithRetryAfter) {
  HotelServer server(Env({{"RATE_LIMIT_MAX", "5"}, {"RATE_LIMIT_WINDOW_MS", "60000"}}));
  const Caller root = Login(server.port(), kAdminEmail, kAdminPassword);
  int ok = 0, limited = 0;
  for (int i = 0; i < 9; ++i) {
    auto r = Api(server.port(), "GET", "/api/v1/me", root);
    if (r.status == 200) {
      ++ok;
      EXPECT_EQ(r.raw.Header("ratelimit-limit"), "5");
    } else if (r.status == 429) {
      ++limited;
      EXPECT_FALSE(r.raw.Header("retry-after").empty());
      EXPECT_EQ(r.Str("code"), "rate_limited");
    }
  }
  EXPECT_EQ(ok, 5);
  EXPECT_EQ(limited, 4);
  EXPECT_EQ(server.Get("/health").status, 200);  // probes are never limited
}

TEST_F(PlatformTest, FlagsAndConfigChangeWithoutRestartInAnotherProcess) {
  HotelServer writer(Env({{"CONFIG_POLL_INTERVAL_MS", "200"}}));
  HotelServer reader(Env({{"CONFIG_POLL_INTERVAL_MS", "200"}}));
  const Caller root = Login(writer.port(), kAdminEmail, kAdminPassword);
  const Caller root_on_reader = Login(reader.port(), kAdminEmail, kAdminPassword);
  const std::string eval = "/api/v1/feature-flags/admin.v2/evaluate?tenantId=tnt_platform";
  ASSERT_EQ(Api(reader.port(), "GET", eval, root_on_reader).obj().at("enabled").as_bool(), false);

  auto put = Api(writer.port(), "PUT", "/api/v1/feature-flags/admin.v2", root,
                 object{{"enabled", true}, {"rolloutPct", 100}, {"whitelist", boost::json::array{}}});
  ASSERT_EQ(put.status, 200) << put.raw.body;
  bool seen = false;
  for (int i = 0; i < 50 && !seen; ++i) {
    seen = Api(reader.port(), "GET", eval, root_on_reader).obj().at("enabled").as_bool();
    if (!seen) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(seen) << "the second process did not see the flag within 5 s";

  // A bad value is refused and changes nothing.
  auto bad = Api(writer.port(), "PUT", "/api/v1/config/matching.algorithm.weights", root,
                 object{{"value", object{{"price", 0.9}, {"rating", 0.3}, {"availability", 0.2}, {"supplier_reliability", 0.1}}}});
  EXPECT_EQ(bad.status, 400);
  auto weights = Api(writer.port(), "GET", "/api/v1/config/matching.algorithm.weights", root);
  ASSERT_EQ(weights.status, 200);
  EXPECT_EQ(weights.obj().at("value").at("price").as_double(), 0.4);

  // A new key has a window of its own, so only the override explains a limit of 2.
  auto key = Api(writer.port(), "POST", "/api/v1/tenants/tnt_platform/api-keys", root, object{{"name", "ops script"}});
  ASSERT_EQ(key.status, 201) << key.raw.body;
  // Then the per-tenant rate-limit override from the config center applies without restart.
  auto override_put = Api(writer.port(), "PUT", "/api/v1/config/gateway.rate_limit.tenant_overrides", root,
                          object{{"value", object{{"tnt_platform", object{{"max", 2}, {"windowMs", 60000}}}}}});
  ASSERT_EQ(override_put.status, 201) << override_put.raw.body;  // created
  std::this_thread::sleep_for(std::chrono::milliseconds(600));
  const Caller fresh{{}, key.Str("key")};
  int ok = 0, limited = 0;
  for (int i = 0; i < 4; ++i) {
    const int status = Api(reader.port(), "GET", "/api/v1/me", fresh).status;
    ok += status == 200;
    limited += status == 429;
  }
  EXPECT_EQ(ok, 2);
  EXPECT_EQ(limited, 2);
}

}  // namespace
}  // namespace hotel::testing
