// The rapid-json simulator on the wire (raw HTTP, port 0): Rapid's request limits and error
// shape, its authentication, itinerary tokens and the content paging headers. The connector
// test covers the flows; this one pins what a Rapid client sees byte for byte.
#include "modules/supplier-adapter/connectors/rapid/rapid_wire.hpp"
#include "supplier-sim/core/sim_core.hpp"
#include "supplier-sim/rapid/rapid_sim.hpp"
#include "support/test_support.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace hotel::sim {
namespace {

namespace json = boost::json;
using testing::HttpCall;
using testing::HttpResult;

class RapidRoutesTest : public ::testing::Test {
 protected:
  RapidRoutesTest()
      : clock_(std::chrono::system_clock::now()),
        server_(SimOptions{.protocol = "rapid-json", .hotels = 300, .api_key = "k", .secret = "s"}, &clock_) {}

  std::string Auth(std::int64_t skew_s = 0) const {
    const auto now = std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
    return supplier::rapid::AuthorizationHeader("k", "s", now + skew_s);
  }
  HttpResult Get(const std::string& target, std::int64_t skew_s = 0) {
    return HttpCall(server_.port(), "GET", target, {}, {{"Authorization", Auth(skew_s)}});
  }
  std::string Stay(int from_days, int nights) const {
    const Date in = DateOf(clock_.Now()) + from_days;
    return "checkin=" + FormatDate(in) + "&checkout=" + FormatDate(in + nights);
  }
  // The field names of a Rapid error body.
  static std::vector<std::string> Fields(const HttpResult& r) {
    std::vector<std::string> out;
    auto v = json::parse(r.body);
    EXPECT_EQ(v.at("type"), "invalid_input") << r.body;
    for (const auto& f : v.at("fields").as_array()) {
      EXPECT_EQ(f.at("type"), "querystring");
      out.emplace_back(f.at("name").as_string());
    }
    return out;
  }

  ManualClock clock_;
  SimServer server_;
};

constexpr const char* kCommon = "&currency=USD&country_code=GB&language=en-US";

TEST(RapidSimFormat, LocalTimesCarryTheirOffset) {
  // 2026-12-09T22:01:05Z in a hotel two hours ahead, in one behind and a half, and at UTC.
  const Instant t = std::chrono::sys_days(std::chrono::year{2026} / 12 / 9) + std::chrono::hours(22) +
                    std::chrono::minutes(1) + std::chrono::seconds(5);
  EXPECT_EQ(rapid::FormatLocal(t, 120), "2026-12-10T00:01:05.000+02:00");
  EXPECT_EQ(rapid::FormatLocal(t, -90), "2026-12-09T20:31:05.000-01:30");
  EXPECT_EQ(rapid::FormatLocal(t, 0), "2026-12-09T22:01:05.000+00:00");
}

TEST_F(RapidRoutesTest, AvailabilityEnforcesRapidsLimits) {
  auto ok = Get("/v3/properties/availability?" + Stay(30, 2) + kCommon + "&occupancy=2-9,4&property_id=RPD-NONE");
  EXPECT_EQ(ok.status, 200);
  EXPECT_EQ(ok.body, "[]");  // nothing available is an empty array

  std::string many;
  for (int i = 0; i < 251; ++i) many += "&property_id=P" + std::to_string(i);
  auto r = Get("/v3/properties/availability?" + Stay(30, 2) + kCommon + "&occupancy=2" + many);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(Fields(r), std::vector<std::string>{"property_id"});

  std::string rooms;
  for (int i = 0; i < 9; ++i) rooms += "&occupancy=1";
  r = Get("/v3/properties/availability?" + Stay(30, 2) + kCommon + rooms + "&property_id=P");
  EXPECT_EQ(Fields(r), std::vector<std::string>{"occupancy"});
  r = Get("/v3/properties/availability?" + Stay(30, 29) + kCommon + "&occupancy=2&property_id=P");
  EXPECT_EQ(Fields(r), std::vector<std::string>{"checkout"});
  r = Get("/v3/properties/availability?" + Stay(366, 2) + kCommon + "&occupancy=2&property_id=P");
  EXPECT_EQ(Fields(r), std::vector<std::string>{"checkin"});
  r = Get("/v3/properties/availability?" + Stay(-1, 2) + kCommon + "&occupancy=2&property_id=P");
  EXPECT_EQ(Fields(r), std::vector<std::string>{"checkin"});
  r = Get("/v3/properties/availability?" + Stay(30, 2) + kCommon + "&occupancy=2-18&property_id=P");
  EXPECT_EQ(Fields(r), std::vector<std::string>{"occupancy"});
  r = Get("/v3/properties/availability?occupancy=2&property_id=P");
  EXPECT_EQ(Fields(r), (std::vector<std::string>{"checkin", "checkout", "currency", "country_code", "language"}));
}

TEST_F(RapidRoutesTest, AuthorizationNeedsTheKeyAndAFreshSignature) {
  const std::string target = "/v3/properties/content?limit=1";
  EXPECT_EQ(Get(target).status, 200);
  EXPECT_EQ(Get(target, 299).status, 200);
  auto stale = Get(target, -301);
  EXPECT_EQ(stale.status, 401);
  EXPECT_EQ(json::parse(stale.body).at("type"), "request_unauthenticated");
  EXPECT_EQ(HttpCall(server_.port(), "GET", target).status, 401);
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
  EXPECT_EQ(HttpCall(server_.port(), "GET", target, {},
                     {{"Authorization", supplier::rapid::AuthorizationHeader("k", "not-s", now)}})
                .status,
            401);
  EXPECT_EQ(HttpCall(server_.port(), "GET", target, {}, {{"Authorization", "Bearer k"}}).status, 401);
}

TEST_F(RapidRoutesTest, ItinerariesNeedTheirOwnTokenAndUnknownOnesAre404) {
  auto wrong = Get("/v3/itineraries/RPD-000001?token=guess");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(json::parse(wrong.body).at("fields").at(0).at("name"), "token");
  auto absent = Get("/v3/itineraries?affiliate_reference_id=ord_nope&email=a@b.c");
  EXPECT_EQ(absent.status, 404);
  EXPECT_EQ(json::parse(absent.body).at("type"), "resource_not_found");
  auto no_email = Get("/v3/itineraries?affiliate_reference_id=ord_nope");
  EXPECT_EQ(no_email.status, 400);
  auto bad_body = HttpCall(server_.port(), "POST", "/v3/itineraries?token=x", "not json", {{"Authorization", Auth()}});
  EXPECT_EQ(bad_body.status, 400);
  auto bad_token = HttpCall(server_.port(), "POST", "/v3/itineraries?token=x",
                            R"({"affiliate_reference_id":"ord_1","email":"a@b.c","rooms":[{"given_name":"A","family_name":"B"}]})",
                            {{"Authorization", Auth()}});
  EXPECT_EQ(bad_token.status, 400);
  EXPECT_EQ(json::parse(bad_token.body).at("fields").at(0).at("name"), "token");
}

TEST_F(RapidRoutesTest, ContentPagesLinkToTheNextWithAToken) {
  auto first = Get("/v3/properties/content?language=en-US&supply_source=expedia&limit=7");
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(json::parse(first.body).as_object().size(), 7u);
  EXPECT_EQ(first.Header("pagination-total-results"), std::to_string(server_.core().Hotels().size()));
  const std::string link = first.Header("link");
  EXPECT_EQ(link.rfind("<http://", 0), 0u) << link;
  EXPECT_NE(link.find("rel=\"next\""), std::string::npos);
  const auto start = link.find("/v3/"), end = link.find('>');
  auto second = Get(link.substr(start, end - start));
  ASSERT_EQ(second.status, 200);
  const auto a = json::parse(first.body).as_object(), b = json::parse(second.body).as_object();
  for (const auto& kv : b) EXPECT_FALSE(a.contains(kv.key())) << kv.key();
  EXPECT_EQ(Get("/v3/properties/content?token=c7_forged").status, 400);
}

}  // namespace
}  // namespace hotel::sim
