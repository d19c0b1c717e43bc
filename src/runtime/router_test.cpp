#include "runtime/router.hpp"

#include <gtest/gtest.h>

namespace hotel::runtime {
namespace {

Handler Named(std::string name) {
  return Sync([name](Request&) { return Response::Text(200, name); });
}

TEST(Router, MatchesLiteralAndParameterSegments) {
  Router r;
  r.Get("/api/v1/orders/{id}", Named("get"));
  auto m = r.Find("GET", "/api/v1/orders/ord_123");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->path_template, "/api/v1/orders/{id}");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0].first, "id");
  EXPECT_EQ(m.params[0].second, "ord_123");
}

TEST(Router, UnknownPathHasNoRouteAndNoAllowedMethods) {
  Router r;
  r.Get("/health", Named("h"));
  auto m = r.Find("GET", "/nope");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_TRUE(m.allowed.empty());
  EXPECT_EQ(r.Find("GET", "/health/").route, nullptr);  // trailing slash is another path
  EXPECT_EQ(r.Find("GET", "/orders/").route, nullptr);
}

TEST(Router, WrongMethodListsAllowedMethods) {
  Router r;
  r.Get("/api/v1/orders", Named("list"));
  r.Post("/api/v1/orders", Named("create"));
  auto m = r.Find("DELETE", "/api/v1/orders");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed, "GET, POST");
}

TEST(Router, LiteralSegmentBeatsParameterRegardlessOfOrder) {
  Router r;
  r.Get("/orders/{id}", Named("by-id"));
  r.Get("/orders/export", Named("export"));
  EXPECT_EQ(r.Find("GET", "/orders/export").route->path_template, "/orders/export");
  EXPECT_EQ(r.Find("GET", "/orders/ord_1").route->path_template, "/orders/{id}");
}

TEST(Router, HeadFallsBackToGet) {
  Router r;
  r.Get("/health", Named("h"));
  auto m = r.Find("HEAD", "/health");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->method, "GET");
}

TEST(Router, EmptyParameterDoesNotMatch) {
  Router r;
  r.Get("/orders/{id}/cancel", Named("c"));
  EXPECT_EQ(r.Find("GET", "/orders//cancel").route, nullptr);
}

TEST(Router, DuplicateRouteIsRejectedAtStartup) {
  Router r;
  r.Get("/a", Named("1"));
  EXPECT_THROW(r.Get("/a", Named("2")), std::logic_error);
  EXPECT_NO_THROW(r.Post("/a", Named("3")));
}

TEST(Router, RoutesCarryTheirOwningModule) {
  Router r;
  r.SetOwner("query-engine");
  r.Post("/api/v1/search", Named("s"));
  EXPECT_EQ(r.Find("POST", "/api/v1/search").route->owner, "query-engine");
}

}  // namespace
}  // namespace hotel::runtime
