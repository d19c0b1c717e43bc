#include "supplier-sim/core/sim_core.hpp"

#include <gtest/gtest.h>

#include <set>

namespace hotel::sim {
namespace {

using namespace std::chrono;

Instant Day(const char* date) {
  return Instant(duration_cast<Instant::duration>(days(ParseDate(date)->days))) + hours(10);
}

class SimCoreTest : public ::testing::Test {
 protected:
  SimCoreTest() : clock(Day("2026-11-20")) {}
  SimCore Make(SimOptions o = {}) {
    if (o.protocol.empty()) o.protocol = "hbx-json";
    o.hotels = o.hotels == 5000 ? 300 : o.hotels;
    auto n = Normalise(o);
    EXPECT_TRUE(n) << n.error().detail;
    return SimCore(*n, clock);
  }
  // The first hotel with a rate for two adults on the stay.
  std::pair<std::string, std::vector<SimRate>> FirstAvailable(SimCore& core, const char* in = "2026-12-01",
                                                              const char* out = "2026-12-03") {
    for (const auto& h : core.Hotels()) {
      auto rates = core.Availability(h.code, *ParseDate(in), *ParseDate(out), {{2, {}}});
      if (rates && !rates->empty()) return {h.code, *rates};
    }
    ADD_FAILURE() << "no availability anywhere";
    return {};
  }
  ManualClock clock;
};

TEST_F(SimCoreTest, ProtocolDefaultsAndValidation) {
  auto hbx = Normalise({.protocol = "hbx-json"});
  ASSERT_TRUE(hbx);
  EXPECT_EQ(hbx->supplier_code, "HBX");
  EXPECT_EQ(hbx->currency, "EUR");
  EXPECT_EQ(Normalise({.protocol = "rapid-json"})->supplier_code, "RPD");
  EXPECT_EQ(Normalise({.protocol = "ota-xml"})->slot, 1);
  EXPECT_FALSE(Normalise({.protocol = "soap"}));
  EXPECT_FALSE(Normalise({.protocol = "hbx-json", .currency = "XXX"}));
  EXPECT_FALSE(Normalise({.protocol = "hbx-json", .error_rate = 1.5}));
}

TEST_F(SimCoreTest, ScenarioNamesIncludeRapidAliases) {
  EXPECT_EQ(ParseScenario(""), Scenario::kNone);
  EXPECT_EQ(ParseScenario("price_mismatch"), Scenario::kPriceChanged);
  EXPECT_EQ(ParseScenario("rooms_unavailable"), Scenario::kSoldOut);
  EXPECT_EQ(ParseScenario("service_unavailable"), Scenario::kServerError);
  EXPECT_EQ(ParseScenario("booking_timeout_confirmed"), Scenario::kBookingTimeoutConfirmed);
  EXPECT_EQ(ParseScenario("nope"), std::nullopt);
  EXPECT_EQ(ScenarioName(Scenario::kOnRequest), "on_request");
}

TEST_F(SimCoreTest, SameSeedSameAnswers) {
  auto a = Make({.seed = 7}), b = Make({.seed = 7}), c = Make({.seed = 8});
  EXPECT_EQ(world::Serialise(a.View()), world::Serialise(b.View()));
  EXPECT_NE(world::Serialise(a.View()), world::Serialise(c.View()));
  auto [code, rates] = FirstAvailable(a);
  auto again = b.Availability(code, *ParseDate("2026-12-01"), *ParseDate("2026-12-03"), {{2, {}}});
  ASSERT_TRUE(again);
  ASSERT_EQ(again->size(), rates.size());
  for (std::size_t i = 0; i < rates.size(); ++i) EXPECT_EQ((*again)[i].net, rates[i].net);
}

TEST_F(SimCoreTest, RatesArePricedPerNightWithPolicies) {
  auto core = Make();
  auto [code, rates] = FirstAvailable(core);
  bool saw_nrf = false, saw_nor = false;
  for (const auto& r : rates) {
    ASSERT_EQ(r.nightly.size(), 2u);
    EXPECT_EQ(r.net, r.nightly[0] + r.nightly[1]);
    EXPECT_GT(r.net, 0);
    EXPECT_GE(r.selling, r.net);
    EXPECT_GT(r.rooms_left, 0);
    ASSERT_FALSE(r.cancellation.empty());
    if (r.key.rate_class == RateClass::kNonRefundable) {
      saw_nrf = true;
      EXPECT_EQ(r.cancellation.size(), 1u);
      EXPECT_EQ(r.cancellation[0].amount, r.net);
      EXPECT_LE(r.cancellation[0].from, clock.Now());
    } else {
      saw_nor = true;
      ASSERT_EQ(r.cancellation.size(), 2u);
      EXPECT_LT(r.cancellation[0].from, r.cancellation[1].from);
      EXPECT_EQ(r.cancellation[0].amount, r.nightly[0]);
      EXPECT_EQ(r.cancellation[1].amount, r.net);
      EXPECT_LT(r.cancellation[1].from, Day("2026-12-01") + hours(14));
    }
  }
  EXPECT_TRUE(saw_nrf);
  EXPECT_TRUE(saw_nor);
  // More guests and more rooms cost more.
  auto two_rooms = core.Availability(code, *ParseDate("2026-12-01"), *ParseDate("2026-12-03"), {{2, {}}, {2, {8}}});
  ASSERT_TRUE(two_rooms);
  for (const auto& r2 : *two_rooms) {
    for (const auto& r1 : rates) {
      if (r1.key.room_code == r2.key.room_code && r1.key.board == r2.key.board && r1.key.rate_class == r2.key.rate_class) {
        EXPECT_GT(r2.net, r1.net);
      }
    }
  }
}

TEST_F(SimCoreTest, CurrenciesUseTheirMinorUnits) {
  auto eur = Make({.currency = "EUR"});
  auto jpy = Make({.currency = "JPY"});
  auto [code, rates] = FirstAvailable(eur);
  auto yen = jpy.Availability(code, *ParseDate("2026-12-01"), *ParseDate("2026-12-03"), {{2, {}}});
  ASSERT_TRUE(yen);
  ASSERT_FALSE(yen->empty());
  // ~162 JPY per EUR; EUR in cents, JPY in yen.
  EXPECT_NEAR(static_cast<double>((*yen)[0].net) / rates[0].net, 1.62, 0.01);
}

TEST_F(SimCoreTest, BadStaysAreRejected) {
  auto core = Make();
  const auto code = core.Hotels()[0].code;
  EXPECT_FALSE(core.Availability(code, *ParseDate("2026-12-03"), *ParseDate("2026-12-01"), {{2, {}}}));
  EXPECT_FALSE(core.Availability(code, *ParseDate("2026-11-01"), *ParseDate("2026-11-03"), {{2, {}}}));
  EXPECT_FALSE(core.Availability(code, *ParseDate("2026-12-01"), *ParseDate("2027-01-05"), {{2, {}}}));
  EXPECT_FALSE(core.Availability(code, *ParseDate("2026-12-01"), *ParseDate("2026-12-03"), {{0, {}}}));
  EXPECT_FALSE(core.Availability(code, *ParseDate("2026-12-01"), *ParseDate("2026-12-03"), {{2, {18}}}));
  auto unknown = core.Availability("NOPE", *ParseDate("2026-12-01"), *ParseDate("2026-12-03"), {{2, {}}});
  ASSERT_TRUE(unknown);
  EXPECT_TRUE(unknown->empty());
}

TEST_F(SimCoreTest, TokensAreOpaqueAuthenticatedAndExpire) {
  auto core = Make();
  auto [code, rates] = FirstAvailable(core);
  const auto& token = rates[0].token;
  auto key = core.Decode(token);
  ASSERT_TRUE(key);
  EXPECT_EQ(key->hotel_code, code);
  EXPECT_EQ(key->net, rates[0].net);
  std::string forged = token;
  forged[3] = forged[3] == 'A' ? 'B' : 'A';
  EXPECT_EQ(core.Decode(forged).error().fields[0].message, "invalid rate key");
  EXPECT_FALSE(core.Decode("garbage"));
  EXPECT_FALSE(core.Decode(""));
  // Another supplier's token is not ours.
  auto other = Make({.seed = 99});
  EXPECT_FALSE(other.Decode(token));
  clock.Advance(minutes(31));
  auto expired = core.Decode(token);
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().fields[0].message, "rate key expired");
}

TEST_F(SimCoreTest, RecheckKeepsOrChangesThePriceOrSellsOut) {
  auto core = Make();
  auto [code, rates] = FirstAvailable(core);
  auto same = core.Recheck(rates[0].token, Scenario::kNone);
  ASSERT_TRUE(same);
  EXPECT_EQ(same->outcome, RecheckOutcome::kAvailable);
  EXPECT_EQ(same->rate.net, rates[0].net);
  EXPECT_FALSE(same->rate.recheck);
  auto changed = core.Recheck(rates[0].token, Scenario::kPriceChanged);
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->outcome, RecheckOutcome::kPriceChanged);
  EXPECT_GE(changed->rate.net, rates[0].net * 105 / 100);
  EXPECT_LE(changed->rate.net, rates[0].net * 116 / 100);
  EXPECT_EQ(core.Decode(changed->rate.token)->net, changed->rate.net);
  EXPECT_EQ(core.Recheck(rates[0].token, Scenario::kSoldOut)->outcome, RecheckOutcome::kSoldOut);
  auto always = Make({.price_change_rate = 1});
  auto [c2, r2] = FirstAvailable(always);
  EXPECT_EQ(always.Recheck(r2[0].token, Scenario::kNone)->outcome, RecheckOutcome::kPriceChanged);
}

TEST_F(SimCoreTest, BookingTakesStockAndRejectsDuplicatesAndTheLastRoomRace) {
  auto core = Make();
  auto [code, rates] = FirstAvailable(core);
  const SimRate rate = rates[0];
  const int left = rate.rooms_left;
  auto first = core.Book({.token = rate.token, .client_reference = "ORD-1", .holder_first = "Ann", .holder_last = "Lee"});
  ASSERT_TRUE(first) << first.error().detail;
  EXPECT_EQ(first->state, BookingState::kConfirmed);
  EXPECT_EQ(first->net, rate.net);
  auto dup = core.Book({.token = rate.token, .client_reference = "ORD-1"});
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, Errc::conflict);
  // Book the rest of the rooms; the next buyer finds none.
  for (int i = 1; i < left; ++i) {
    ASSERT_TRUE(core.Book({.token = rate.token, .client_reference = "ORD-X" + std::to_string(i)}));
  }
  auto late = core.Book({.token = rate.token, .client_reference = "ORD-LATE"});
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, Errc::sold_out);
  EXPECT_EQ(core.Recheck(rate.token, Scenario::kNone)->outcome, RecheckOutcome::kSoldOut);
  // Cancelling gives the room back.
  ASSERT_TRUE(core.Cancel(first->reference));
  EXPECT_TRUE(core.Book({.token = rate.token, .client_reference = "ORD-AGAIN"}));
}

TEST_F(SimCoreTest, PriceMismatchAndSoldOutScenarios) {
  auto core = Make();
  auto [code, rates] = FirstAvailable(core);
  auto mismatch = core.Book({.token = rates[0].token, .client_reference = "A1", .expected_net = rates[0].net + 1});
  EXPECT_EQ(mismatch.error().code, Errc::price_changed);
  auto sold = core.Book({.token = rates[0].token, .client_reference = "A2", .scenario = Scenario::kSoldOut});
  EXPECT_EQ(sold.error().code, Errc::sold_out);
  auto rate_sold = Make({.sold_out_rate = 1});
  auto [c, r] = FirstAvailable(rate_sold);
  EXPECT_EQ(rate_sold.Book({.token = r[0].token, .client_reference = "A3"}).error().code, Errc::sold_out);
}

TEST_F(SimCoreTest, LateConfirmationsAndOnRequestSettleOverTime) {
  auto core = Make({.late_confirm_ms = 5000, .on_request_ms = 8000});
  auto [code, rates] = FirstAvailable(core);
  auto lost = core.Book({.token = rates[0].token, .client_reference = "LOST-1", .scenario = Scenario::kBookingTimeoutConfirmed});
  ASSERT_TRUE(lost);
  EXPECT_EQ(core.Retrieve("", "LOST-1").error().code, Errc::not_found);
  clock.Advance(seconds(5));
  auto found = core.Retrieve("", "LOST-1");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->state, BookingState::kConfirmed);

  auto pending = core.Book({.token = rates[0].token, .client_reference = "OR-1", .scenario = Scenario::kOnRequest});
  ASSERT_TRUE(pending);
  EXPECT_EQ(pending->state, BookingState::kOnRequest);
  EXPECT_EQ(core.Retrieve(pending->reference)->state, BookingState::kOnRequest);
  clock.Advance(seconds(8));
  EXPECT_EQ(core.Retrieve(pending->reference)->state, BookingState::kConfirmed);
}

TEST_F(SimCoreTest, HoldsCommitOrLapse) {
  auto core = Make({.hold_ttl_s = 60});
  auto [code, rates] = FirstAvailable(core);
  const int left = rates[0].rooms_left;
  auto hold = core.Book({.token = rates[0].token, .client_reference = "H-1", .hold = true});
  ASSERT_TRUE(hold);
  EXPECT_EQ(hold->state, BookingState::kHeld);
  auto committed = core.Commit(hold->reference);
  ASSERT_TRUE(committed);
  EXPECT_EQ(committed->state, BookingState::kConfirmed);

  auto lapse = core.Book({.token = rates[0].token, .client_reference = "H-2", .hold = true});
  ASSERT_TRUE(lapse);
  clock.Advance(seconds(61));
  EXPECT_EQ(core.Commit(lapse->reference).error().code, Errc::gone);
  EXPECT_EQ(core.Retrieve(lapse->reference)->state, BookingState::kReleased);
  auto after = core.Availability(code, rates[0].key.check_in, rates[0].key.check_out, {{2, {}}});
  for (const auto& r : *after) {
    if (r.key.room_code == rates[0].key.room_code) EXPECT_EQ(r.rooms_left, left - 1);  // only the committed one
  }
}

TEST_F(SimCoreTest, CancellationQuotesFollowThePolicy) {
  auto core = Make();
  auto [code, rates] = FirstAvailable(core, "2026-12-20", "2026-12-22");
  const SimRate* nor = nullptr;
  const SimRate* nrf = nullptr;
  for (const auto& r : rates) {
    if (r.key.rate_class == RateClass::kRefundable && !nor) nor = &r;
    if (r.key.rate_class == RateClass::kNonRefundable && !nrf) nrf = &r;
  }
  ASSERT_TRUE(nor && nrf);
  auto b1 = core.Book({.token = nor->token, .client_reference = "C-1"});
  auto b2 = core.Book({.token = nrf->token, .client_reference = "C-2"});
  ASSERT_TRUE(b1 && b2);
  EXPECT_EQ(*core.CancelQuote(b1->reference), 0);           // weeks before arrival: free
  EXPECT_EQ(*core.CancelQuote(b2->reference), nrf->net);     // non-refundable: everything
  clock.Set(nor->cancellation[0].from + minutes(1));
  EXPECT_EQ(*core.CancelQuote(b1->reference), nor->cancellation[0].amount);
  auto cancelled = core.Cancel(b1->reference);
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->state, BookingState::kCancelled);
  EXPECT_EQ(cancelled->cancellation_penalty, nor->cancellation[0].amount);
  EXPECT_EQ(core.Cancel(b1->reference).error().code, Errc::conflict);
  EXPECT_EQ(core.CancelQuote("NOPE").error().code, Errc::not_found);
}

TEST_F(SimCoreTest, ContentPagesCoverTheViewOnce) {
  auto core = Make();
  std::set<std::string> seen;
  for (std::size_t offset = 0;; offset += 64) {
    auto page = core.ContentPage(offset, 64);
    if (page.empty()) break;
    for (const auto& h : page) EXPECT_TRUE(seen.insert(h.code).second) << h.code;
  }
  EXPECT_EQ(seen.size(), core.Hotels().size());
  EXPECT_GT(seen.size(), 200u);
}

TEST_F(SimCoreTest, DiceFollowProbabilitiesDeterministically) {
  auto a = Make({.seed = 5}), b = Make({.seed = 5});
  int hits = 0;
  for (int i = 0; i < 2000; ++i) {
    const bool x = a.Roll(0.25);
    EXPECT_EQ(x, b.Roll(0.25));
    hits += x;
  }
  EXPECT_NEAR(hits / 2000.0, 0.25, 0.04);
  EXPECT_FALSE(a.Roll(0));
  EXPECT_TRUE(a.Roll(1));
}

TEST_F(SimCoreTest, QuotaPerMinute) {
  auto core = Make({.quota_per_minute = 3});
  int remaining = 0, reset = 0;
  EXPECT_TRUE(core.TakeQuota(&remaining, &reset));
  EXPECT_EQ(remaining, 2);
  EXPECT_TRUE(core.TakeQuota(&remaining, &reset));
  EXPECT_TRUE(core.TakeQuota(&remaining, &reset));
  EXPECT_FALSE(core.TakeQuota(&remaining, &reset));
  clock.Advance(seconds(60));
  EXPECT_TRUE(core.TakeQuota(&remaining, &reset));
}

}  // namespace
}  // namespace hotel::sim
