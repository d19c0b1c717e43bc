// Risk rules: each fires at its threshold and not below; the score is capped; reasons keep
// their order and carry the figures.
#include "modules/risk-service/risk_rules.hpp"

#include <gtest/gtest.h>

namespace hotel::risk {
namespace {

// Signals that fire nothing: an established tenant, a small order far ahead.
RiskSignals Quiet() {
  RiskSignals s;
  s.amount = Money{10000, "CNY"};
  s.tenant_order_count = 50;
  s.tenant_median_amount_minor = 10000;
  s.credit_available_minor = 1000000;
  s.credit_limit_plus_balance_minor = 1000000;
  s.hours_to_check_in = 24 * 30;
  s.tenant_age_days = 365;
  return s;
}

TEST(RiskRules, QuietSignalsScoreZero) {
  auto a = Assess(Quiet());
  EXPECT_EQ(a.score, 0);
  EXPECT_TRUE(a.reasons.empty());
}

// Assesses `below` and `at`: the rule `code` must not fire for the first and fire for the
// second, with `points`, alone.
template <class Set>
void FiresAtThresholdNotBelow(std::string_view code, int points, Set set_below, Set set_at) {
  RiskSignals below = Quiet(), at = Quiet();
  set_below(below);
  set_at(at);
  auto a = Assess(below);
  EXPECT_EQ(a.score, 0) << code << " fired below its threshold: " << (a.reasons.empty() ? "" : a.reasons[0].detail);
  auto b = Assess(at);
  ASSERT_EQ(b.reasons.size(), 1u) << code;
  EXPECT_EQ(b.reasons[0].code, code);
  EXPECT_EQ(b.reasons[0].points, points);
  EXPECT_EQ(b.score, points);
}

using Setter = void (*)(RiskSignals&);

TEST(RiskRules, VelocityFiresAtFiveOrdersAnHourOrThirtyADay) {
  FiresAtThresholdNotBelow<Setter>("velocity", 30, [](RiskSignals& s) { s.orders_last_hour = 4; },
                                   [](RiskSignals& s) { s.orders_last_hour = 5; });
  FiresAtThresholdNotBelow<Setter>("velocity", 15, [](RiskSignals& s) { s.orders_last_day = 29; },
                                   [](RiskSignals& s) { s.orders_last_day = 30; });
  RiskSignals both = Quiet();
  both.orders_last_hour = 7;
  both.orders_last_day = 31;
  auto a = Assess(both);
  ASSERT_EQ(a.reasons.size(), 1u);
  EXPECT_EQ(a.reasons[0].points, 45);
  EXPECT_EQ(a.reasons[0].detail, "7 orders in the last hour (≥ 5); 31 orders in the last 24 hours (≥ 30)");
}

TEST(RiskRules, CountsStopAtFourTimesTheThresholdAndSaySo) {
  EXPECT_EQ(CountCap(5, 30), 20);
  EXPECT_EQ(CountCap(30, 15), 120);
  EXPECT_EQ(CountCap(0, 10), 4);  // a rule that fires at 0 still counts a little
  EXPECT_EQ(CountCap(5, 0), 0);   // a rule worth no points is off: nothing to count
  RiskSignals s = Quiet();
  s.orders_last_hour = 20;
  s.caps.orders_last_hour = 20;
  s.failed_orders_last_day = 3;
  s.caps.failed = 12;  // below its cap: exact
  auto a = Assess(s);
  ASSERT_EQ(a.reasons.size(), 2u);
  EXPECT_EQ(a.reasons[0].detail, "20+ orders in the last hour (≥ 5)");
  EXPECT_EQ(a.reasons[1].detail, "3 failed or rejected orders in 24 hours (≥ 3)");
}

TEST(RiskRules, AmountVersusHistoryFiresAtFiveTimesTheMedianWithEnoughHistory) {
  FiresAtThresholdNotBelow<Setter>("amount_vs_history", 25, [](RiskSignals& s) { s.amount.minor = 49999; },
                                   [](RiskSignals& s) { s.amount.minor = 50000; });
  // Too little history (or none) never fires.
  FiresAtThresholdNotBelow<Setter>(
      "amount_vs_history", 25,
      [](RiskSignals& s) {
        s.amount.minor = 90000;
        s.tenant_order_count = 2;
      },
      [](RiskSignals& s) {
        s.amount.minor = 90000;
        s.tenant_order_count = 3;
      });
  RiskSignals none = Quiet();
  none.amount.minor = 900000;
  none.tenant_median_amount_minor.reset();
  none.credit_limit_plus_balance_minor = 100000000;
  EXPECT_EQ(Assess(none).score, 0);
  RiskSignals s = Quiet();
  s.amount.minor = 62000;
  auto a = Assess(s);
  ASSERT_EQ(a.reasons.size(), 1u);
  EXPECT_EQ(a.reasons[0].detail, "amount 620.00 CNY is 6.2× the tenant's median order 100.00 CNY (≥ 5×, over 50 orders)");
}

TEST(RiskRules, CreditUtilisationFiresWhenTheOrderTakesEightyPercent) {
  FiresAtThresholdNotBelow<Setter>(
      "credit_utilisation", 20,
      [](RiskSignals& s) {
        s.tenant_median_amount_minor = 7999;
        s.amount.minor = 7999;
        s.credit_limit_plus_balance_minor = 10000;
      },
      [](RiskSignals& s) {
        s.tenant_median_amount_minor = 8000;
        s.amount.minor = 8000;
        s.credit_limit_plus_balance_minor = 10000;
      });
  RiskSignals s = Quiet();
  s.amount.minor = 8500;
  s.tenant_median_amount_minor = 8500;
  s.credit_limit_plus_balance_minor = 10000;
  s.credit_available_minor = 9000;
  auto a = Assess(s);
  ASSERT_EQ(a.reasons.size(), 1u);
  EXPECT_EQ(a.reasons[0].detail,
            "this order takes 85.0 % of the credit capacity 100.00 CNY (≥ 80.0 %); available before it 90.00 CNY");
  s.credit_limit_plus_balance_minor = 0;  // no capacity: the credit check refuses, not the score
  EXPECT_EQ(Assess(s).score, 0);
}

TEST(RiskRules, LastMinuteHighValueNeedsBothCloseCheckInAndAmount) {
  auto big = [](RiskSignals& s) {
    s.amount.minor = 500000;
    s.tenant_median_amount_minor = 500000;
    s.credit_limit_plus_balance_minor = 100000000;
  };
  FiresAtThresholdNotBelow<Setter>(
      "last_minute_high_value", 20,
      [](RiskSignals& s) {
        s.amount.minor = 500000;
        s.tenant_median_amount_minor = 500000;
        s.credit_limit_plus_balance_minor = 100000000;
        s.hours_to_check_in = 24;
      },
      [](RiskSignals& s) {
        s.amount.minor = 500000;
        s.tenant_median_amount_minor = 500000;
        s.credit_limit_plus_balance_minor = 100000000;
        s.hours_to_check_in = 23.9;
      });
  RiskSignals cheap = Quiet();
  big(cheap);
  cheap.amount.minor = 499999;
  cheap.hours_to_check_in = 2;
  EXPECT_EQ(Assess(cheap).score, 0);
  RiskSignals s = Quiet();
  big(s);
  s.hours_to_check_in = 5;
  EXPECT_EQ(Assess(s).reasons.at(0).detail, "check-in in 5.0 h (< 24.0 h) for 5000.00 CNY (≥ 5000.00 CNY)");
}

TEST(RiskRules, NewTenantRepeatedGuestAndFailedAttempts) {
  FiresAtThresholdNotBelow<Setter>("new_tenant", 15, [](RiskSignals& s) { s.tenant_age_days = 7; },
                                   [](RiskSignals& s) { s.tenant_age_days = 6; });
  FiresAtThresholdNotBelow<Setter>("repeated_guest", 20, [](RiskSignals& s) { s.same_guest_orders_last_day = 2; },
                                   [](RiskSignals& s) { s.same_guest_orders_last_day = 3; });
  FiresAtThresholdNotBelow<Setter>("failed_attempts", 20, [](RiskSignals& s) { s.failed_orders_last_day = 2; },
                                   [](RiskSignals& s) { s.failed_orders_last_day = 3; });
  RiskSignals s = Quiet();
  s.tenant_age_days = 1;
  s.same_guest_orders_last_day = 4;
  s.failed_orders_last_day = 3;
  auto a = Assess(s);
  ASSERT_EQ(a.reasons.size(), 3u);
  EXPECT_EQ(a.reasons[0].detail, "the tenant is 1 day old (< 7)");
  EXPECT_EQ(a.reasons[1].detail, "4 orders for the same lead guest in 24 hours (≥ 3)");
  EXPECT_EQ(a.reasons[2].detail, "3 failed or rejected orders in 24 hours (≥ 3)");
  EXPECT_EQ(a.score, 55);
}

TEST(RiskRules, ScoreIsCappedAtHundredAndReasonsKeepTheirOrder) {
  RiskSignals s = Quiet();
  s.orders_last_hour = 9;
  s.tenant_median_amount_minor = 1000;
  s.amount.minor = 600000;
  s.credit_limit_plus_balance_minor = 600000;
  s.hours_to_check_in = 3;
  s.tenant_age_days = 0;
  s.same_guest_orders_last_day = 5;
  s.failed_orders_last_day = 5;
  auto a = Assess(s);
  EXPECT_EQ(a.score, 100);
  std::vector<std::string> codes;
  int sum = 0;
  for (const auto& r : a.reasons) {
    codes.push_back(r.code);
    sum += r.points;
  }
  EXPECT_EQ(codes, (std::vector<std::string>{"velocity", "amount_vs_history", "credit_utilisation",
                                             "last_minute_high_value", "new_tenant", "repeated_guest",
                                             "failed_attempts"}));
  EXPECT_EQ(sum, 30 + 25 + 20 + 20 + 15 + 20 + 20);
}

TEST(RiskRules, ThresholdsComeFromTheRules) {
  RiskRules rules;
  rules.velocity_hour_threshold = 2;
  rules.velocity_points = 90;
  RiskSignals s = Quiet();
  s.orders_last_hour = 2;
  auto a = Assess(s, rules);
  EXPECT_EQ(a.score, 90);
  EXPECT_EQ(a.reasons.at(0).detail, "2 orders in the last hour (≥ 2)");
}

}  // namespace
}  // namespace hotel::risk
