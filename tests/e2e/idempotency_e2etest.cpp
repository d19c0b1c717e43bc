// Idempotency-Key against the real binary: a retried tenant creation creates one tenant.
#include "platform_fixture.hpp"

namespace hotel::testing {
namespace {

using boost::json::object;

class IdempotencyTest : public PlatformFixture {};

TEST_F(IdempotencyTest, RetriedTenantCreationCreatesOneTenantAndAnotherBodyIs422) {
  HotelServer server(Env());
  const auto port = server.port();
  const Caller root = Login(port, kAdminEmail, kAdminPassword);
  ASSERT_FALSE(root.token.empty());
  const std::vector<std::pair<std::string, std::string>> key = {{"Idempotency-Key", "e2e-create-dist-1"}};
  const object body{{"parentId", "tnt_platform"}, {"name", "Dist Idem"}, {"currency", "CNY"}};

  auto first = Api(port, "POST", "/api/v1/tenants", root, body, key);
  ASSERT_EQ(first.status, 201) << first.raw.body;
  // Without the key the second call would be a 409 (sibling names are unique): the first
  // answer comes back instead, Location and all.
  auto retry = Api(port, "POST", "/api/v1/tenants", root, body, key);
  EXPECT_EQ(retry.status, 201) << retry.raw.body;
  EXPECT_EQ(retry.raw.body, first.raw.body);
  EXPECT_EQ(retry.raw.Header("location"), first.raw.Header("location"));
  EXPECT_EQ(retry.raw.Header("idempotent-replayed"), "true");

  auto list = Api(port, "GET", "/api/v1/tenants?limit=200", root);
  ASSERT_EQ(list.status, 200) << list.raw.body;
  int named = 0;
  for (const auto& t : list.obj().at("items").as_array()) named += t.at("name").as_string() == "Dist Idem";
  EXPECT_EQ(named, 1);

  auto other = Api(port, "POST", "/api/v1/tenants", root, object{{"parentId", "tnt_platform"}, {"name", "Dist Other"}}, key);
  EXPECT_EQ(other.status, 422) << other.raw.body;
  EXPECT_EQ(other.Str("code"), "idempotency_mismatch");
}

}  // namespace
}  // namespace hotel::testing
