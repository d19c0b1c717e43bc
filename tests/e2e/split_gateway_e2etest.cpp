// `hotel serve --only api-gateway` in front of `hotel serve --only identity,config`: the same
// API through the gateway process, ids and traces carried across, failures mapped to 503.
#include "platform_fixture.hpp"

#include <csignal>

namespace hotel::testing {
namespace {

using boost::json::object;

class SplitGatewayTest : public PlatformFixture {};

TEST_F(SplitGatewayTest, GatewayForwardsToModulesInAnotherProcess) {
  HotelServer modules(Env(), {"--only", "identity,config"});
  const std::string upstream = "http://127.0.0.1:" + std::to_string(modules.port());
  HotelServer gateway(Env({{"MODULE_URLS", "identity=" + upstream + ",config=" + upstream}}), {"--only", "api-gateway"});
  const auto port = gateway.port();

  const Caller root = Login(port, kAdminEmail, kAdminPassword);  // login forwarded to identity
  ASSERT_FALSE(root.token.empty());
  const std::string trace = "0af7651916cd43dd8448eb211c80319c";
  auto me = Api(port, "GET", "/api/v1/me", root, std::nullopt,
                {{"X-Request-ID", "split-1"}, {"traceparent", "00-" + trace + "-b7ad6b7169203331-01"}});
  ASSERT_EQ(me.status, 200) << me.raw.body;
  EXPECT_EQ(me.raw.Header("x-request-id"), "split-1");
  EXPECT_FALSE(me.raw.Header("ratelimit-limit").empty());  // limited at the gateway
  // The upstream logged the same trace and request id.
  auto line = modules.process().WaitForLine([&](const std::string& l) {
    return l.find(trace) != std::string::npos && l.find("split-1") != std::string::npos;
  });
  EXPECT_TRUE(line) << "upstream did not log the forwarded trace";

  auto created = Api(port, "POST", "/api/v1/tenants", root, object{{"parentId", "tnt_platform"}, {"name", "Via Gateway"}});
  EXPECT_EQ(created.status, 201) << created.raw.body;
  EXPECT_EQ(Api(port, "GET", "/api/v1/feature-flags", root).status, 200);
  EXPECT_EQ(Api(port, "GET", "/api/v1/nothing-here", root).status, 404);

  // Upstream gone: 503 problem with Retry-After, and the gateway itself stays healthy.
  modules.process().Signal(SIGTERM);
  ASSERT_TRUE(modules.process().Wait(std::chrono::seconds(10)));
  auto down = Api(port, "GET", "/api/v1/me", root);
  EXPECT_EQ(down.status, 503) << down.raw.body;
  EXPECT_EQ(down.Str("code"), "upstream_unavailable");
  EXPECT_FALSE(down.raw.Header("retry-after").empty());
  EXPECT_EQ(gateway.Get("/health").status, 200);
}

}  // namespace
}  // namespace hotel::testing
