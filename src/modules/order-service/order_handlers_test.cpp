// The order-service routes: caller checks (401/403/404), status codes, validation fields and
// what each role sees of an order.
#include "adapters/sqlite/sqlite_test_scratch.hpp"
#include "modules/order-service/handlers.hpp"
#include "modules/order-service/order_test_support.hpp"

#include <set>

namespace hotel::orders::testing {
namespace {

using hotel::testing::CallRoute;

class OrderHandlersTest : public OrderFlowTest {
 protected:
  void SetUp() override {
    OrderFlowTest::SetUp();
    if (HasFatalFailure()) return;
    RegisterOrderRoutes(router_, service_);
  }
  hotel::testing::HandlerReply Call(const std::string& method, const std::string& target, const std::string& body,
                                    std::shared_ptr<const Principal> who) {
    return CallRoute(router_, method, target, body, std::move(who));
  }
  std::string OrderBody(const std::string& quote_id) {
    return R"({"quoteId":")" + quote_id +
           R"(","guests":[[{"firstName":"Ana","lastName":"Lopez"}]],"contact":{"name":"Ana","email":"a@x.test"},"clientReference":"CR-H"})";
  }
  runtime::Router router_;
};

// Issue 14: what a caller sees of the price and credit chain follows its tenant's tier, not its
// role's name. A distributor_admin (or finance, or an agent) of the sub-agent sees no line and no
// hold above the sub-agent; the distributor sees its own and the sub-agent's; staff see all.
TEST_P(OrderHandlersTest, EachTierSeesOnlyItsOwnAndLowerMarginsAndHolds) {
  auto quote = Call("POST", "/api/v1/quotes", R"({"offerId":")" + Offer() + R"("})", sub_);
  ASSERT_EQ(quote.status, 201) << quote.raw.body;
  auto placed = Call("POST", "/api/v1/orders", OrderBody(quote.Str("quoteId")), sub_);
  ASSERT_EQ(placed.status, 201) << placed.raw.body;
  const std::string id = placed.Str("orderId");
  const std::string sub_path = "/tnt_platform/tnt_dist/tnt_sub/", dist_path = "/tnt_platform/tnt_dist/";
  struct Viewer {
    std::string name;
    std::shared_ptr<const Principal> who;
    std::set<std::string> lines;  // the tiers of breakdown lines it sees; empty: no breakdown at all
    std::set<std::string> holds;  // the tenants of holds it sees
  };
  const std::vector<Viewer> viewers = {
      {"sub-agent distributor_admin", Caller("tnt_sub", sub_path, Role::distributor_admin), {"sub_agent"}, {"tnt_sub"}},
      {"sub-agent agent", Caller("tnt_sub", sub_path, Role::agent), {}, {"tnt_sub"}},
      {"sub-agent finance", Caller("tnt_sub", sub_path, Role::finance), {}, {"tnt_sub"}},
      {"distributor admin", Caller("tnt_dist", dist_path, Role::distributor_admin), {"distributor", "sub_agent"},
       {"tnt_dist", "tnt_sub"}},
      {"distributor finance", Caller("tnt_dist", dist_path, Role::finance), {}, {"tnt_dist", "tnt_sub"}},
      {"platform ops", staff_, {"platform", "distributor", "sub_agent"}, {"tnt_dist", "tnt_sub"}},
  };
  for (const auto& v : viewers) {
    SCOPED_TRACE(v.name);
    const bool staff = v.who->IsPlatformStaff();
    auto check = [&](const boost::json::object& order, bool detail) {
      std::set<std::string> lines;
      if (const auto* b = order.if_contains("breakdown")) {
        for (const auto& l : b->at("lines").as_array()) lines.insert(std::string(l.at("tier").as_string()));
        EXPECT_FALSE(v.lines.empty()) << "a breakdown for a viewer who may see no line";
      }
      EXPECT_EQ(lines, v.lines);
      for (auto hidden : {"supplier", "net", "credit", "supplierBookingReference", "riskScore"}) {
        EXPECT_EQ(order.contains(hidden), staff) << hidden;
      }
      if (!detail) return;
      std::set<std::string> holds;
      for (const auto& h : order.at("holds").as_array()) holds.insert(std::string(h.at("tenantId").as_string()));
      EXPECT_EQ(holds, v.holds);
    };
    auto one = Call("GET", "/api/v1/orders/" + id, "", v.who);
    ASSERT_EQ(one.status, 200) << one.raw.body;
    check(one.body.as_object(), true);
    auto list = Call("GET", "/api/v1/orders?limit=50", "", v.who);
    ASSERT_EQ(list.status, 200) << list.raw.body;
    bool found = false;
    for (const auto& item : list.Items()) {
      if (item.at("orderId").as_string() != id) continue;
      found = true;
      check(item.as_object(), false);
    }
    EXPECT_TRUE(found);
  }
}

TEST_P(OrderHandlersTest, CallerChecksAndRoleShapedAnswers) {
  EXPECT_EQ(Call("POST", "/api/v1/quotes", R"({"offerId":"ofr_x"})", nullptr).status, 401);
  EXPECT_EQ(Call("POST", "/api/v1/quotes", R"({"offerId":"ofr_x"})", staff_).status, 403);
  auto finance = Caller("tnt_sub", "/tnt_platform/tnt_dist/tnt_sub/", Role::finance);
  EXPECT_EQ(Call("POST", "/api/v1/orders", "{}", finance).status, 403);
  auto bad = Call("POST", "/api/v1/orders", R"({"quoteId":"q","guests":[[{"firstName":""}]],"clientReference":"c"})", sub_);
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(bad.Fields().contains("guests[0][0].lastName")) << bad.raw.body;
  EXPECT_TRUE(bad.Fields().contains("contact"));

  auto quote = Call("POST", "/api/v1/quotes", R"({"offerId":")" + Offer() + R"("})", sub_);
  ASSERT_EQ(quote.status, 201) << quote.raw.body;
  EXPECT_FALSE(quote.body.as_object().contains("net"));
  EXPECT_FALSE(quote.body.as_object().contains("supplier"));
  auto placed = Call("POST", "/api/v1/orders", OrderBody(quote.Str("quoteId")), sub_);
  ASSERT_EQ(placed.status, 201) << placed.raw.body;
  EXPECT_EQ(placed.Str("status"), "CONFIRMED");
  EXPECT_EQ(Call("POST", "/api/v1/orders", OrderBody(quote.Str("quoteId")), sub_).status, 200);
  const std::string id = placed.Str("orderId");

  auto as_agent = Call("GET", "/api/v1/orders/" + id, "", sub_);
  ASSERT_EQ(as_agent.status, 200);
  for (auto hidden : {"supplier", "net", "breakdown", "supplierBookingReference", "supplierReferenceKey", "credit"}) {
    EXPECT_FALSE(as_agent.body.as_object().contains(hidden)) << hidden;
  }
  EXPECT_EQ(as_agent.body.at("transitions").as_array().size(), 3u);
  auto as_dist = Call("GET", "/api/v1/orders/" + id, "", dist_);
  ASSERT_EQ(as_dist.status, 200);
  EXPECT_FALSE(as_dist.body.as_object().contains("supplier"));
  // A distributor sees its own line and its sub-agent's, never the platform's.
  std::set<std::string> dist_tiers;
  for (const auto& l : as_dist.body.at("breakdown").at("lines").as_array()) dist_tiers.insert(std::string(l.at("tier").as_string()));
  EXPECT_EQ(dist_tiers, (std::set<std::string>{"distributor", "sub_agent"}));
  auto as_staff = Call("GET", "/api/v1/orders/" + id, "", staff_);
  EXPECT_EQ(as_staff.Str("supplier"), "HBX");
  EXPECT_EQ(as_staff.body.at("breakdown").at("lines").as_array().size(), 3u);
  EXPECT_EQ(Call("GET", "/api/v1/orders/" + id, "", Caller("tnt_other", "/tnt_platform/tnt_other/")).status, 404);

  auto list = Call("GET", "/api/v1/orders?limit=1&status=CONFIRMED", "", sub_);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.Items().size(), 1u);
  EXPECT_TRUE(list.body.at("nextCursor").is_null());
  EXPECT_EQ(Call("GET", "/api/v1/orders?limit=500", "", sub_).status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/risk-reviews", "", sub_).status, 403);
  EXPECT_EQ(Call("GET", "/api/v1/risk-reviews", "", staff_).status, 200);

  auto cq = Call("POST", "/api/v1/orders/" + id + "/cancel-quote", "", sub_);
  ASSERT_EQ(cq.status, 200) << cq.raw.body;
  EXPECT_EQ(cq.body.at("penalty").at("amount").as_int64(), 0);  // before the first policy point
  auto cancelled = Call("POST", "/api/v1/orders/" + id + "/cancel", "", sub_);
  ASSERT_EQ(cancelled.status, 200) << cancelled.raw.body;
  EXPECT_EQ(cancelled.Str("status"), "CANCELLED");
}

INSTANTIATE_TEST_SUITE_P(Sqlite, OrderHandlersTest, ::testing::Values(adapters::testing::SqliteFileBackend()),
                         ports::testing::ContractBackendName);

}  // namespace
}  // namespace hotel::orders::testing
