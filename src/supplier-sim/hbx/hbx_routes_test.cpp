// The hbx-json simulator on the wire (raw HTTP, no connector): APItude's shapes, credentials,
// statuses, 410 on repeated failures, and the helpers behind them.
#include "supplier-sim/core/sim_core.hpp"
#include "supplier-sim/hbx/hbx_render.hpp"
#include "supplier-sim/hbx/repeat_guard.hpp"
#include "support/test_support.hpp"

#include <boost/json.hpp>
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>

namespace hotel::sim {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;
using Hdrs = std::vector<std::pair<std::string, std::string>>;
using testing::HttpCall;

Instant At(std::string_view s) { return *ParseIso8601(s); }

std::string Sha256Hex(const std::string& s) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(s.data(), s.size(), md, &len, EVP_sha256(), nullptr);
  std::string out;
  for (unsigned i = 0; i < len; ++i) out += fmt::format("{:02x}", md[i]);
  return out;
}

class HbxRoutesTest : public ::testing::Test {
 protected:
  void Start(SimOptions extra = {}) {
    extra.protocol = "hbx-json";
    extra.hotels = 300;
    server_ = std::make_unique<SimServer>(extra, &clock_);
  }
  testing::HttpResult Call(const std::string& method, const std::string& target, const std::string& body = {},
                           Hdrs headers = {}) {
    headers.emplace_back("Content-Type", "application/json");
    return HttpCall(server_->port(), method, target, body, headers);
  }
  std::string AvailabilityBody(const std::vector<std::string>& codes) {
    json::array hotels;
    for (const auto& c : codes) hotels.push_back(json::string(c));
    return json::serialize(json::object{
        {"stay", {{"checkIn", "2026-12-01"}, {"checkOut", "2026-12-03"}}},
        {"occupancies", json::array{json::object{{"rooms", 1}, {"adults", 2}, {"children", 1},
                                                 {"paxes", json::array{json::object{{"type", "AD"}, {"age", 30}},
                                                                       json::object{{"type", "CH"}, {"age", 8}}}}}}},
        {"hotels", {{"hotel", std::move(hotels)}}}});
  }
  std::vector<std::string> FirstCodes(std::size_t n) {
    std::vector<std::string> codes;
    for (const auto& h : server_->core().Hotels()) {
      if (codes.size() < n) codes.push_back(h.code);
    }
    return codes;
  }
  // The first bookable rate of a search over the first hotels.
  json::object SomeRate() {
    auto res = Call("POST", "/hotel-api/1.0/hotels", AvailabilityBody(FirstCodes(20)));
    EXPECT_EQ(res.status, 200) << res.body;
    return json::parse(res.body).at("hotels").at("hotels").at(0).at("rooms").at(0).at("rates").at(0).as_object();
  }
  std::string BookingBody(const std::string& rate_key, const std::string& client_reference) {
    return json::serialize(json::object{
        {"holder", {{"name", "Ada"}, {"surname", "Lovelace"}}},
        {"rooms", json::array{json::object{{"rateKey", rate_key},
                                           {"paxes", json::array{json::object{{"roomId", 1}, {"type", "AD"},
                                                                              {"name", "Ada"}, {"surname", "Lovelace"}}}}}}},
        {"clientReference", client_reference}});
  }

  ManualClock clock_{At("2026-11-01T09:00:00Z")};
  std::unique_ptr<SimServer> server_;
};

TEST_F(HbxRoutesTest, AvailabilityAnswersInApitudeShapesWithLocalDeadlines) {
  Start();
  auto res = Call("POST", "/hotel-api/1.0/hotels", AvailabilityBody(FirstCodes(20)));
  ASSERT_EQ(res.status, 200) << res.body;
  auto v = json::parse(res.body).as_object();
  EXPECT_TRUE(v.at("auditData").is_object());
  const auto& hotels = v.at("hotels").as_object();
  EXPECT_EQ(hotels.at("checkIn"), "2026-12-01");
  const auto& list = hotels.at("hotels").as_array();
  ASSERT_FALSE(list.empty());
  EXPECT_EQ(hotels.at("total"), static_cast<std::int64_t>(list.size()));
  const auto& h = list[0].as_object();
  const auto* hotel = server_->core().FindHotel(h.at("code").as_string());
  ASSERT_NE(hotel, nullptr);
  EXPECT_EQ(h.at("currency"), "EUR");
  // The same rates SimCore gives for the same stay (same clock → same tokens).
  auto expected = server_->core().Availability(hotel->code, *ParseDate("2026-12-01"), *ParseDate("2026-12-03"), {{2, {8}}});
  ASSERT_TRUE(expected);
  std::size_t seen = 0;
  for (const auto& room : h.at("rooms").as_array()) {
    for (const auto& rv : room.at("rates").as_array()) {
      const auto& rate = rv.as_object();
      const auto& want = expected->at(seen++);
      EXPECT_EQ(rate.at("rateKey").as_string(), want.token);
      EXPECT_EQ(room.at("code").as_string(), want.key.room_code);
      EXPECT_EQ(rate.at("net").as_string(), FormatDecimal(want.net, "EUR"));  // a decimal string
      EXPECT_EQ(rate.at("sellingRate").as_string(), FormatDecimal(want.selling, "EUR"));
      EXPECT_EQ(rate.at("rateClass"), want.key.rate_class == RateClass::kNonRefundable ? "NRF" : "NOR");
      EXPECT_EQ(rate.at("rateType"), want.recheck ? "RECHECK" : "BOOKABLE");
      EXPECT_EQ(rate.at("allotment"), want.rooms_left);
      EXPECT_EQ(rate.at("adults"), 2);
      EXPECT_EQ(rate.at("children"), 1);
      EXPECT_EQ(rate.at("childrenAges"), "8");
      const auto& policies = rate.at("cancellationPolicies").as_array();
      ASSERT_EQ(policies.size(), want.cancellation.size());
      for (std::size_t i = 0; i < policies.size(); ++i) {
        const std::string from(policies[i].at("from").as_string());
        EXPECT_EQ(from, hbx::LocalTime(want.cancellation[i].from, server_->core().UtcOffsetMinutes(*hotel)));
        EXPECT_EQ(ParseIso8601(from), want.cancellation[i].from) << from;
      }
    }
  }
  EXPECT_EQ(seen, expected->size());
}

TEST_F(HbxRoutesTest, SeveralOccupanciesAreSeveralRooms) {
  Start();
  auto body = json::parse(AvailabilityBody(FirstCodes(20))).as_object();
  body["occupancies"] = json::array{json::object{{"rooms", 2}, {"adults", 1}, {"children", 0}},
                                    json::object{{"rooms", 1}, {"adults", 2}, {"children", 0}}};
  auto res = Call("POST", "/hotel-api/1.0/hotels", json::serialize(body));
  ASSERT_EQ(res.status, 200) << res.body;
  const auto parsed = json::parse(res.body);
  const auto& rate = parsed.at("hotels").at("hotels").at(0).at("rooms").at(0).at("rates").at(0);
  EXPECT_EQ(rate.at("rooms"), 3);
  EXPECT_EQ(rate.at("adults"), 4);
  body["stay"] = json::object{{"checkIn", "2300-01-01"}, {"checkOut", "2300-01-03"}};
  auto far = Call("POST", "/hotel-api/1.0/hotels", json::serialize(body));
  EXPECT_EQ(far.status, 400);
  EXPECT_EQ(json::parse(far.body).at("error").at("code"), "INVALID_DATA");
  body["stay"] = json::object{{"checkIn", "2026-12-01"}, {"checkOut", "2026-12-03"}};
  // Children without ages cannot be priced.
  body["occupancies"] = json::array{json::object{{"rooms", 1}, {"adults", 2}, {"children", 1}}};
  auto bad = Call("POST", "/hotel-api/1.0/hotels", json::serialize(body));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(json::parse(bad.body).at("error").at("code"), "INVALID_REQUEST");
}

TEST_F(HbxRoutesTest, ApiKeyAndSignatureAreChecked) {
  Start({.api_key = "key", .secret = "secret"});
  const auto now_s = std::chrono::duration_cast<std::chrono::seconds>(clock_.Now().time_since_epoch()).count();
  auto sign = [&](std::int64_t s) { return Sha256Hex("keysecret" + std::to_string(s)); };
  const std::string target = "/hotel-content-api/1.0/hotels?from=1&to=2";
  auto missing = Call("GET", target);
  EXPECT_EQ(missing.status, 401);
  EXPECT_EQ(json::parse(missing.body).at("error").at("code"), "INVALID_CREDENTIALS");
  EXPECT_EQ(Call("GET", target, {}, {{"Api-key", "nope"}, {"X-Signature", sign(now_s)}}).status, 401);
  EXPECT_EQ(Call("GET", target, {}, {{"Api-key", "key"}}).status, 401);
  EXPECT_EQ(Call("GET", target, {}, {{"Api-key", "key"}, {"X-Signature", sign(now_s)}}).status, 200);
  EXPECT_EQ(Call("GET", target, {}, {{"Api-key", "key"}, {"X-Signature", sign(now_s - 240)}}).status, 200);
  EXPECT_EQ(Call("GET", target, {}, {{"Api-key", "key"}, {"X-Signature", sign(now_s - 600)}}).status, 401);
  EXPECT_EQ(Call("GET", target, {}, {{"Api-key", "key"}, {"X-Signature", Sha256Hex("keyother" + std::to_string(now_s))}}).status,
            401);
}

TEST_F(HbxRoutesTest, RepeatingAFailedRequestWithinTheWindowIsGone) {
  Start({.gone_window_s = 900});
  const std::string bad = R"({"rooms":[{"rateKey":"forged.0000"}]})";
  auto first = Call("POST", "/hotel-api/1.0/checkrates", bad);
  EXPECT_EQ(first.status, 400) << first.body;
  EXPECT_EQ(json::parse(first.body).at("error").at("code"), "INVALID_DATA");
  auto again = Call("POST", "/hotel-api/1.0/checkrates", bad);
  EXPECT_EQ(again.status, 410) << again.body;
  EXPECT_EQ(json::parse(again.body).at("error").at("code"), "REPEATED_FAILED_REQUEST");
  EXPECT_EQ(Call("POST", "/hotel-api/1.0/checkrates", R"({"rooms":[{"rateKey":"forged.0001"}]})").status, 400);
  clock_.Advance(901s);
  EXPECT_EQ(Call("POST", "/hotel-api/1.0/checkrates", bad).status, 400);
  // Reads are polled: a missing booking keeps answering 404.
  EXPECT_EQ(Call("GET", "/hotel-api/1.0/bookings/HBX-9").status, 404);
  EXPECT_EQ(Call("GET", "/hotel-api/1.0/bookings/HBX-9").status, 404);
}

TEST_F(HbxRoutesTest, BookingStatusesListAndCancellationOnTheWire) {
  Start();
  auto rate = SomeRate();
  const std::string key(rate.at("rateKey").as_string());
  auto pending = Call("POST", "/hotel-api/1.0/bookings", BookingBody(key, "ord-pending"), {{"X-Sim-Scenario", "on_request"}});
  ASSERT_EQ(pending.status, 200) << pending.body;
  auto booking = json::parse(pending.body).at("booking").as_object();
  EXPECT_EQ(booking.at("status"), "PENDING");
  EXPECT_EQ(booking.at("clientReference"), "ord-pending");
  EXPECT_EQ(booking.at("totalNet"), rate.at("net"));
  const std::string reference(booking.at("reference").as_string());

  auto list = Call("GET", "/hotel-api/1.0/bookings?clientReference=ord-pending&from=1&to=25");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(json::parse(list.body).at("bookings").at("bookings").at(0).at("reference").as_string(), reference);
  auto none = Call("GET", "/hotel-api/1.0/bookings?clientReference=ord-none&from=1&to=25");
  ASSERT_EQ(none.status, 200);
  EXPECT_TRUE(json::parse(none.body).at("bookings").at("bookings").as_array().empty());

  auto duplicate = Call("POST", "/hotel-api/1.0/bookings", BookingBody(key, "ord-pending"));
  EXPECT_EQ(duplicate.status, 409);
  EXPECT_EQ(json::parse(duplicate.body).at("error").at("code"), "DUPLICATED_BOOKING");

  auto simulation = Call("DELETE", "/hotel-api/1.0/bookings/" + reference + "?cancellationFlag=SIMULATION");
  ASSERT_EQ(simulation.status, 200) << simulation.body;
  EXPECT_EQ(json::parse(simulation.body).at("booking").at("status"), "PENDING");  // nothing changed
  auto cancel = Call("DELETE", "/hotel-api/1.0/bookings/" + reference + "?cancellationFlag=CANCELLATION");
  ASSERT_EQ(cancel.status, 200) << cancel.body;
  auto cancelled = json::parse(cancel.body).at("booking").as_object();
  EXPECT_EQ(cancelled.at("status"), "CANCELLED");
  EXPECT_FALSE(cancelled.at("cancellationReference").as_string().empty());
  EXPECT_EQ(cancelled.at("hotel").at("totalNet"), json::parse(simulation.body).at("booking").at("hotel").at("totalNet"));
  auto twice = Call("DELETE", "/hotel-api/1.0/bookings/" + reference + "?cancellationFlag=CANCELLATION");
  EXPECT_EQ(twice.status, 409);

  auto unknown = Call("POST", "/hotel-api/1.0/bookings", BookingBody(key, "ord-unknown"), {{"X-Sim-Scenario", "unknown"}});
  ASSERT_EQ(unknown.status, 200) << unknown.body;
  EXPECT_EQ(json::parse(unknown.body).at("booking").at("status"), "UNKNOWN");
}

TEST_F(HbxRoutesTest, ContentPagesAreBoundedAndCarryTheMapperFields) {
  Start();
  auto res = Call("GET", "/hotel-content-api/1.0/hotels?from=1&to=5&fields=all&language=ENG");
  ASSERT_EQ(res.status, 200) << res.body;
  auto v = json::parse(res.body).as_object();
  EXPECT_EQ(v.at("total"), static_cast<std::int64_t>(server_->core().Hotels().size()));
  const auto& hotels = v.at("hotels").as_array();
  ASSERT_EQ(hotels.size(), 5u);
  const auto& want = server_->core().Hotels()[0];
  EXPECT_EQ(hotels[0].at("code").as_string(), want.code);
  EXPECT_EQ(hotels[0].at("name").at("content").as_string(), want.name);
  EXPECT_EQ(hotels[0].at("countryCode").as_string(), want.country);
  EXPECT_DOUBLE_EQ(hotels[0].at("coordinates").at("latitude").as_double(), want.lat);
  EXPECT_EQ(Call("GET", "/hotel-content-api/1.0/hotels?from=1&to=1001").status, 400);
  EXPECT_EQ(Call("GET", "/hotel-content-api/1.0/hotels?from=0&to=10").status, 400);
}

TEST(HbxRender, LocalTimesCarryTheHotelsOffset) {
  EXPECT_EQ(hbx::LocalTime(At("2026-11-29T22:59:00Z"), 60), "2026-11-29T23:59:00+01:00");
  EXPECT_EQ(hbx::LocalTime(At("2026-11-30T02:30:00Z"), -300), "2026-11-29T21:30:00-05:00");
  EXPECT_EQ(hbx::LocalTime(At("2026-11-30T20:00:00Z"), 540), "2026-12-01T05:00:00+09:00");
  EXPECT_EQ(hbx::LocalTime(Instant(-1h), 0).substr(10), "T23:00:00+00:00");  // before the epoch: floor, not truncation
}

TEST(HbxRepeatGuard, RemembersUntilTheDeadlineAndStaysBounded) {
  hbx::RepeatGuard guard(3);
  const Instant t0 = At("2026-11-01T00:00:00Z");
  const auto a = hbx::RepeatGuard::Key("POST", "/x", "a");
  EXPECT_NE(a, hbx::RepeatGuard::Key("POST", "/x", "b"));
  EXPECT_NE(a, hbx::RepeatGuard::Key("DELETE", "/x", "a"));
  guard.RememberFailure(a, t0 + 10s);
  EXPECT_TRUE(guard.RecentlyFailed(a, t0 + 9s));
  EXPECT_FALSE(guard.RecentlyFailed(a, t0 + 10s));
  for (int i = 0; i < 10; ++i) guard.RememberFailure(hbx::RepeatGuard::Key("POST", "/y", std::to_string(i)), t0 + 60s);
  EXPECT_LE(guard.size(), 3u);
  EXPECT_FALSE(guard.RecentlyFailed(hbx::RepeatGuard::Key("POST", "/y", "0"), t0));
  EXPECT_TRUE(guard.RecentlyFailed(hbx::RepeatGuard::Key("POST", "/y", "9"), t0));
}

}  // namespace
}  // namespace hotel::sim
