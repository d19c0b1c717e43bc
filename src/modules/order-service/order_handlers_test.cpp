// The order-service routes: caller checks (401/403/404), status codes, validation fields and
// what each role sees of an order.
#include "adapters/sqlite/sqlite_test_scratch.hpp"
#include "modules/order-service/handlers.hpp"
#include "modules/order-service/order_test_support.hpp"

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
  const auto& lines = as_dist.body.at("breakdown").at("lines").as_array();
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].at("tier"), "distributor");
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
