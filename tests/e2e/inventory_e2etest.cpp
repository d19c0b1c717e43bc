// Allotments and holds against the real binary: load, hold, sold out, confirm, release,
// expiry, validation, authorization, and concurrent holds racing for the last rooms.
#include "platform_fixture.hpp"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace hotel::testing {
namespace {

using boost::json::object;

class InventoryTest : public PlatformFixture {};

object HoldBody(int rooms, const std::string& in = "2027-03-01", const std::string& out = "2027-03-04") {
  return object{{"hotelId", "htl_e2e"}, {"roomType", "DBL"}, {"checkIn", in}, {"checkOut", out}, {"rooms", rooms}};
}

TEST_F(InventoryTest, AllotmentHoldConfirmReleaseExpiryAndAuthz) {
  HotelServer server(Env({{"RATE_LIMIT_MAX", "1000"}}));
  const auto port = server.port();
  const Caller root = Login(port, kAdminEmail, kAdminPassword);
  ASSERT_FALSE(root.token.empty());

  auto put = Api(port, "PUT", "/api/v1/allotments/htl_e2e/DBL", root,
                 object{{"from", "2027-03-01"}, {"to", "2027-03-03"}, {"total", 2}});
  ASSERT_EQ(put.status, 200) << put.raw.body;
  EXPECT_EQ(put.obj().at("items").as_array().size(), 3u);

  auto get = Api(port, "GET", "/api/v1/allotments/htl_e2e?from=2027-03-01&to=2027-03-03", root);
  ASSERT_EQ(get.status, 200) << get.raw.body;
  ASSERT_EQ(get.obj().at("items").as_array().size(), 3u);
  for (const auto& n : get.obj().at("items").as_array()) EXPECT_EQ(n.at("available").as_int64(), 2);

  auto hold = Api(port, "POST", "/api/v1/allotment-holds", root, HoldBody(2));
  ASSERT_EQ(hold.status, 201) << hold.raw.body;
  const std::string id = hold.Str("id");
  EXPECT_EQ(hold.raw.Header("location"), "/api/v1/allotment-holds/" + id);
  EXPECT_EQ(hold.Str("status"), "held");

  auto sold = Api(port, "POST", "/api/v1/allotment-holds", root, HoldBody(1));
  ASSERT_EQ(sold.status, 409) << sold.raw.body;
  EXPECT_EQ(sold.Str("code"), "sold_out");
  EXPECT_NE(sold.Str("detail").find("2027-03-01"), std::string::npos) << sold.raw.body;

  auto confirmed = Api(port, "POST", "/api/v1/allotment-holds/" + id + "/confirm", root);
  ASSERT_EQ(confirmed.status, 200) << confirmed.raw.body;
  EXPECT_EQ(confirmed.Str("status"), "confirmed");
  auto released = Api(port, "POST", "/api/v1/allotment-holds/" + id + "/release", root);
  ASSERT_EQ(released.status, 200) << released.raw.body;
  EXPECT_EQ(released.Str("status"), "released");
  EXPECT_EQ(Api(port, "GET", "/api/v1/allotment-holds/" + id, root).status, 200);
  auto back = Api(port, "GET", "/api/v1/allotments/htl_e2e?from=2027-03-01&to=2027-03-03&roomType=DBL", root);
  ASSERT_EQ(back.status, 200) << back.raw.body;
  for (const auto& n : back.obj().at("items").as_array()) EXPECT_EQ(n.at("available").as_int64(), 2);

  // A hold past its TTL can no longer be confirmed.
  auto body = HoldBody(1);
  body["ttlSeconds"] = 1;
  auto short_hold = Api(port, "POST", "/api/v1/allotment-holds", root, body);
  ASSERT_EQ(short_hold.status, 201) << short_hold.raw.body;
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  auto late = Api(port, "POST", "/api/v1/allotment-holds/" + short_hold.Str("id") + "/confirm", root);
  EXPECT_EQ(late.status, 409) << late.raw.body;
  EXPECT_EQ(Api(port, "GET", "/api/v1/allotment-holds/hld_nope", root).status, 404);

  // Validation names the field.
  auto bad = Api(port, "POST", "/api/v1/allotment-holds", root, HoldBody(1, "2027-03-03", "2027-03-01"));
  ASSERT_EQ(bad.status, 400) << bad.raw.body;
  EXPECT_NE(bad.raw.body.find("checkOut"), std::string::npos) << bad.raw.body;

  // An agent gets 403; nobody at all gets 401.
  auto dist = Api(port, "POST", "/api/v1/tenants", root, object{{"parentId", "tnt_platform"}, {"name", "Dist Inv"}, {"currency", "CNY"}});
  ASSERT_EQ(dist.status, 201) << dist.raw.body;
  ASSERT_EQ(Api(port, "POST", "/api/v1/tenants/" + dist.Str("id") + "/users", root,
                object{{"email", "boss@inv.test"}, {"name", "Boss"}, {"role", "distributor_admin"}, {"password", "inv-boss-password-1"}})
                .status,
            201);
  const Caller boss = Login(port, "boss@inv.test", "inv-boss-password-1");
  auto sub = Api(port, "POST", "/api/v1/tenants", boss, object{{"parentId", dist.Str("id")}, {"name", "Agency Inv"}});
  ASSERT_EQ(sub.status, 201) << sub.raw.body;
  ASSERT_EQ(Api(port, "POST", "/api/v1/tenants/" + sub.Str("id") + "/users", boss,
                object{{"email", "agent@inv.test"}, {"name", "Agent"}, {"role", "agent"}, {"password", "inv-agent-password"}})
                .status,
            201);
  const Caller agent = Login(port, "agent@inv.test", "inv-agent-password");
  auto denied = Api(port, "POST", "/api/v1/allotment-holds", agent, HoldBody(1));
  EXPECT_EQ(denied.status, 403) << denied.raw.body;
  EXPECT_EQ(Api(port, "GET", "/api/v1/allotments/htl_e2e?from=2027-03-01&to=2027-03-03", agent).status, 403);
  EXPECT_EQ(Api(port, "GET", "/api/v1/allotments/htl_e2e?from=2027-03-01&to=2027-03-03").status, 401);
  EXPECT_EQ(Api(port, "POST", "/api/v1/allotment-holds", {}, HoldBody(1)).status, 401);
}

TEST_F(InventoryTest, ConcurrentHoldsNeverOversell) {
  HotelServer server(Env({{"RATE_LIMIT_MAX", "1000"}}));
  const auto port = server.port();
  const Caller root = Login(port, kAdminEmail, kAdminPassword);
  ASSERT_FALSE(root.token.empty());
  ASSERT_EQ(Api(port, "PUT", "/api/v1/allotments/htl_e2e/DBL", root,
                object{{"from", "2027-05-01"}, {"to", "2027-05-01"}, {"total", 3}})
                .status,
            200);

  std::atomic<int> created{0}, sold_out{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      auto r = Api(port, "POST", "/api/v1/allotment-holds", root, HoldBody(1, "2027-05-01", "2027-05-02"));
      if (r.status == 201) {
        ++created;
      } else if (r.status == 409 && r.json.is_object() && r.Str("code") == "sold_out") {
        ++sold_out;
      } else {
        ++other;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 3);
  EXPECT_EQ(sold_out.load(), 5);
  EXPECT_EQ(other.load(), 0);
}

}  // namespace
}  // namespace hotel::testing
