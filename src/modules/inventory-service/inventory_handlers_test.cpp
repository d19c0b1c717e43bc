// The inventory API through runtime::Router with fake principals: admin scope (401/403),
// problem+json, validation naming each field, the hold life cycle, and the expiry sweep.
#include "adapters/sqlite/sqlite_database.hpp"
#include "core/ids.hpp"
#include "modules/inventory-service/inventory.hpp"
#include "storage/migrator.hpp"
#include "support/handler_harness.hpp"
#include "support/test_support.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <set>
#include <thread>

namespace hotel::inventory::testing {
namespace {

namespace json = boost::json;
using Reply = hotel::testing::HandlerReply;
constexpr auto As = hotel::testing::AsRole;

class InventoryHandlersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = adapters::OpenSqliteDatabase({.url = "sqlite://" + dir_.path() + "/hotel.db"});
    ASSERT_TRUE(db);
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrator(*db_, storage::EmbeddedMigrations(db_->dialect())).Up());
    ctx_ = std::make_unique<runtime::ModuleContext>(
        runtime::ModuleContext{settings_, log_, metrics_, readiness_, pool_, *db_, clock_, {"inventory-service"}});
    module_ = SpecWithSweepInterval(std::chrono::milliseconds(20)).build(*ctx_);
    router_.SetOwner("inventory-service");
    module_->RegisterRoutes(router_);
  }

  Reply Send(std::string method, std::string target, std::string body = {},
             std::shared_ptr<const Principal> principal = As(Role::platform_ops)) {
    return hotel::testing::CallRoute(router_, method, target, body, std::move(principal));
  }

  std::string Allot(const std::string& from, const std::string& to, int total, const std::string& room = "DBL") {
    return R"({"from":")" + from + R"(","to":")" + to + R"(","total":)" + std::to_string(total) + "}";
  }
  std::string HoldBody(const std::string& in, const std::string& out, int rooms, const std::string& extra = "") {
    return R"({"hotelId":")" + hotel_ + R"(","roomType":"DBL","checkIn":")" + in + R"(","checkOut":")" + out +
           R"(","rooms":)" + std::to_string(rooms) + extra + "}";
  }

  hotel::testing::TempDir dir_;
  std::unique_ptr<ports::Database> db_;
  ManualClock clock_{Instant(std::chrono::seconds(1'800'000'000))};
  runtime::Settings settings_;
  runtime::Logger log_{"inventory-test", runtime::LogLevel::error, runtime::MakeCallbackSink([](std::string_view) {})};
  runtime::MetricsRegistry metrics_;
  runtime::Readiness readiness_;
  runtime::BlockingPool pool_{2};
  std::unique_ptr<runtime::ModuleContext> ctx_;
  std::unique_ptr<runtime::Module> module_;
  runtime::Router router_;
  std::string hotel_ = NewId("htl");
};

TEST_F(InventoryHandlersTest, SpecNamesTheModuleAndItsPrefixes) {
  auto spec = Spec();
  EXPECT_EQ(spec.name, "inventory-service");
  EXPECT_EQ(spec.path_prefixes, (std::vector<std::string>{"/api/v1/allotments", "/api/v1/allotment-holds"}));
}

TEST_F(InventoryHandlersTest, AnonymousIs401AndNonStaffIs403OnEveryRoute) {
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"PUT", "/api/v1/allotments/" + hotel_ + "/DBL"},
      {"GET", "/api/v1/allotments/" + hotel_ + "?from=2027-01-01&to=2027-01-02"},
      {"POST", "/api/v1/allotment-holds"},
      {"GET", "/api/v1/allotment-holds/hld_x"},
      {"POST", "/api/v1/allotment-holds/hld_x/confirm"},
      {"POST", "/api/v1/allotment-holds/hld_x/release"}};
  for (const auto& [method, target] : routes) {
    auto anon = Send(method, target, "{}", nullptr);
    EXPECT_EQ(anon.status, 401) << method << " " << target;
    EXPECT_EQ(anon.raw.content_type, "application/problem+json");
    EXPECT_EQ(anon.Code(), "unauthenticated");
    for (Role role : {Role::distributor_admin, Role::agent, Role::finance}) {
      auto r = Send(method, target, "{}", As(role));
      EXPECT_EQ(r.status, 403) << method << " " << target << " as " << RoleName(role);
      EXPECT_EQ(r.Code(), "forbidden");
    }
  }
  EXPECT_EQ(Send("GET", "/api/v1/allotment-holds/hld_x", "", As(Role::platform_admin)).status, 404);
}

TEST_F(InventoryHandlersTest, PutThenGetAllotments) {
  auto put = Send("PUT", "/api/v1/allotments/" + hotel_ + "/DBL", Allot("2027-03-30", "2027-04-01", 4));
  ASSERT_EQ(put.status, 200) << put.raw.body;
  ASSERT_EQ(put.body.at("items").as_array().size(), 3u);
  const auto& first = put.body.at("items").as_array()[0];
  EXPECT_EQ(first.at("night"), "2027-03-30");
  EXPECT_EQ(first.at("total"), 4);
  EXPECT_EQ(first.at("available"), 4);
  EXPECT_EQ(std::string(first.at("hotelId").as_string()), hotel_);
  EXPECT_EQ(first.at("roomType"), "DBL");
  EXPECT_TRUE(put.body.at("nextCursor").is_null());
  Send("PUT", "/api/v1/allotments/" + hotel_ + "/TWN.SEA", Allot("2027-03-31", "2027-03-31", 2));

  auto all = Send("GET", "/api/v1/allotments/" + hotel_ + "?from=2027-03-31&to=2027-04-30");
  ASSERT_EQ(all.status, 200) << all.raw.body;
  EXPECT_EQ(all.body.at("items").as_array().size(), 3u);
  auto one = Send("GET", "/api/v1/allotments/" + hotel_ + "?from=2027-03-01&to=2027-03-31&roomType=TWN.SEA");
  ASSERT_EQ(one.body.at("items").as_array().size(), 1u);
  EXPECT_EQ(one.body.at("items").as_array()[0].at("total"), 2);
}

TEST_F(InventoryHandlersTest, ValidationNamesEachBadField) {
  auto put = Send("PUT", "/api/v1/allotments/" + hotel_ + "/DBL", R"({"from":"2027-02-30","total":-1,"extra":1})");
  EXPECT_EQ(put.status, 400);
  EXPECT_EQ(put.Code(), "validation_failed");
  EXPECT_EQ(put.Fields(), (std::set<std::string>{"from", "to", "total", "extra"}));
  EXPECT_EQ(Send("PUT", "/api/v1/allotments/" + hotel_ + "/DBL", Allot("2027-02-02", "2027-02-01", 1)).Fields(),
            std::set<std::string>{"to"});
  EXPECT_EQ(Send("PUT", "/api/v1/allotments/" + hotel_ + "/DBL", Allot("2027-01-01", "2028-01-02", 1)).Fields(),
            std::set<std::string>{"to"});  // 366 nights at most
  EXPECT_EQ(Send("PUT", "/api/v1/allotments/hotel1/DBL", Allot("2027-01-01", "2027-01-01", 1)).Fields(),
            std::set<std::string>{"hotelId"});
  EXPECT_EQ(Send("PUT", "/api/v1/allotments/" + hotel_ + "/D%20L", Allot("2027-01-01", "2027-01-01", 1)).Fields(),
            std::set<std::string>{"roomType"});
  EXPECT_EQ(Send("PUT", "/api/v1/allotments/" + hotel_ + "/DBL", "{nope").Fields(), std::set<std::string>{"body"});
  EXPECT_EQ(Send("GET", "/api/v1/allotments/" + hotel_ + "?to=yesterday").Fields(),
            (std::set<std::string>{"from", "to"}));

  auto hold = Send("POST", "/api/v1/allotment-holds",
                   R"({"hotelId":"x","roomType":"","checkIn":"2027-01-05","checkOut":"2027-01-05","rooms":10,"ttlSeconds":0})");
  EXPECT_EQ(hold.status, 400);
  EXPECT_EQ(hold.Fields(), (std::set<std::string>{"hotelId", "roomType", "checkOut", "rooms", "ttlSeconds"}));
  EXPECT_EQ(Send("POST", "/api/v1/allotment-holds", HoldBody("2027-01-01", "2027-02-01", 1)).Fields(),
            std::set<std::string>{"checkOut"});  // 31 nights
  EXPECT_EQ(Send("POST", "/api/v1/allotment-holds", HoldBody("2027-01-01", "2027-01-31", 0)).Fields(),
            std::set<std::string>{"rooms"});
  EXPECT_EQ(Send("POST", "/api/v1/allotment-holds", "{}").Fields(),
            (std::set<std::string>{"hotelId", "roomType", "checkIn", "checkOut", "rooms"}));
}

TEST_F(InventoryHandlersTest, HoldLifeCycleOverHttp) {
  Send("PUT", "/api/v1/allotments/" + hotel_ + "/DBL", Allot("2027-04-10", "2027-04-11", 2));
  auto hold = Send("POST", "/api/v1/allotment-holds", HoldBody("2027-04-10", "2027-04-12", 2, R"(,"reference":"ord_9")"));
  ASSERT_EQ(hold.status, 201) << hold.raw.body;
  const std::string id = hold.Str("id");
  EXPECT_TRUE(IsId(id, "hld")) << id;
  EXPECT_EQ(hold.raw.Header("Location"), "/api/v1/allotment-holds/" + id);
  EXPECT_EQ(hold.Str("status"), "held");
  EXPECT_EQ(hold.Str("reference"), "ord_9");
  EXPECT_EQ(hold.Str("checkIn"), "2027-04-10");
  EXPECT_EQ(hold.body.at("rooms"), 2);
  EXPECT_EQ(hold.Str("expiresAt"), FormatIso8601(clock_.Now() + std::chrono::seconds(900)));

  auto repeat = Send("POST", "/api/v1/allotment-holds", HoldBody("2027-04-10", "2027-04-12", 2, R"(,"reference":"ord_9")"));
  EXPECT_EQ(repeat.status, 200);
  EXPECT_EQ(repeat.Str("id"), id);

  auto sold_out = Send("POST", "/api/v1/allotment-holds", HoldBody("2027-04-11", "2027-04-12", 1));
  EXPECT_EQ(sold_out.status, 409);
  EXPECT_EQ(sold_out.Code(), "sold_out");
  EXPECT_NE(sold_out.Str("detail").find("2027-04-11"), std::string::npos);

  auto lower = Send("PUT", "/api/v1/allotments/" + hotel_ + "/DBL", Allot("2027-04-10", "2027-04-11", 1));
  EXPECT_EQ(lower.status, 409);
  EXPECT_EQ(lower.Code(), "conflict");
  EXPECT_NE(lower.Str("detail").find("2027-04-10"), std::string::npos);

  EXPECT_EQ(Send("GET", "/api/v1/allotment-holds/" + id).Str("status"), "held");
  auto confirmed = Send("POST", "/api/v1/allotment-holds/" + id + "/confirm");
  ASSERT_EQ(confirmed.status, 200) << confirmed.raw.body;
  EXPECT_EQ(confirmed.Str("status"), "confirmed");
  auto nights = Send("GET", "/api/v1/allotments/" + hotel_ + "?from=2027-04-10&to=2027-04-10");
  EXPECT_EQ(nights.body.at("items").as_array()[0].at("sold"), 2);
  EXPECT_EQ(nights.body.at("items").as_array()[0].at("held"), 0);
  EXPECT_EQ(Send("POST", "/api/v1/allotment-holds/" + id + "/release").Str("status"), "released");
  auto again = Send("POST", "/api/v1/allotment-holds/" + id + "/confirm");
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.Code(), "conflict");
  EXPECT_EQ(Send("POST", "/api/v1/allotment-holds/" + NewId("hld") + "/release").status, 404);
}

TEST_F(InventoryHandlersTest, StartedModuleExpiresOverdueHoldsUntilStopped) {
  Send("PUT", "/api/v1/allotments/" + hotel_ + "/DBL", Allot("2027-04-20", "2027-04-20", 1));
  auto hold = Send("POST", "/api/v1/allotment-holds", HoldBody("2027-04-20", "2027-04-21", 1, R"(,"ttlSeconds":60)"));
  ASSERT_EQ(hold.status, 201);
  const std::string id = hold.Str("id");
  clock_.Advance(std::chrono::seconds(61));

  boost::asio::io_context io;
  module_->Start(io.get_executor());
  std::string status = "held";
  for (int i = 0; i < 200 && status == "held"; ++i) {
    io.run_for(std::chrono::milliseconds(20));
    status = Send("GET", "/api/v1/allotment-holds/" + id).Str("status");
  }
  EXPECT_EQ(status, "expired");
  module_->Stop();
  io.run_for(std::chrono::seconds(2));
  EXPECT_TRUE(io.stopped()) << "the sweep kept running after Stop()";
  auto nights = Send("GET", "/api/v1/allotments/" + hotel_ + "?from=2027-04-20&to=2027-04-20");
  EXPECT_EQ(nights.body.at("items").as_array()[0].at("available"), 1);
}

}  // namespace
}  // namespace hotel::inventory::testing
