// The risk rules. Each adds its points when it fires; the score is their sum capped at 100.
// A rule fires AT its threshold (≥), except the two "less than" ones (hours to check-in,
// tenant age), where the threshold is the first value that no longer fires. Defaults:
//   velocity                ≥ 5 orders in the last hour → 30; ≥ 30 in 24 h → 15 (both: 45)
//   amount_vs_history       amount ≥ 5× the tenant's median confirmed order, with ≥ 3 orders → 25
//   credit_utilisation      this order takes ≥ 80 % (8000 bp) of balance + limit → 20
//   last_minute_high_value  check-in in < 24 h and amount ≥ 500000 minor units → 20
//   new_tenant              tenant younger than 7 days → 15
//   repeated_guest          ≥ 3 orders for the same lead guest in 24 h → 20
//   failed_attempts         ≥ 3 failed/rejected orders in 24 h → 20
#include "modules/risk-service/risk_rules.hpp"

#include <algorithm>
#include <cstdio>

namespace hotel::risk {
namespace {

std::string Fixed1(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string Amount(std::int64_t minor, const std::string& currency) {
  return FormatDecimal(minor, currency) + " " + currency;
}

// amount / base to one decimal, in integers (no double rounding surprises at the threshold).
std::string Ratio1(std::int64_t amount, std::int64_t base) {
  const std::int64_t tenths = ScaleRounded(amount, 10, base);
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

std::string Plural(int n, std::string_view one, std::string_view many, int cap = 0) {
  const bool capped = cap > 0 && n >= cap;
  return std::to_string(n) + (capped ? "+" : "") + " " + std::string(n == 1 && !capped ? one : many);
}

}  // namespace

int CountCap(int threshold, int points) {
  if (points <= 0) return 0;
  return std::max(threshold, 1) * 4;
}

RiskAssessment Assess(const RiskSignals& s, const RiskRules& rules) {
  RiskAssessment out;
  auto add = [&](std::string code, int points, std::string detail) {
    if (points <= 0) return;
    out.reasons.push_back(RiskReason{std::move(code), points, std::move(detail)});
  };
  const std::string& cur = s.amount.currency;

  {
    int points = 0;
    std::string detail;
    if (s.orders_last_hour >= rules.velocity_hour_threshold) {
      points += rules.velocity_points;
      detail = Plural(s.orders_last_hour, "order", "orders", s.caps.orders_last_hour) + " in the last hour (≥ " +
               std::to_string(rules.velocity_hour_threshold) + ")";
    }
    if (s.orders_last_day >= rules.velocity_day_threshold) {
      points += rules.velocity_day_points;
      if (!detail.empty()) detail += "; ";
      detail += Plural(s.orders_last_day, "order", "orders", s.caps.orders_last_day) + " in the last 24 hours (≥ " +
                std::to_string(rules.velocity_day_threshold) + ")";
    }
    if (points > 0) add("velocity", points, std::move(detail));
  }

  if (s.tenant_order_count >= rules.history_min_orders && s.tenant_median_amount_minor &&
      *s.tenant_median_amount_minor > 0 &&
      static_cast<__int128>(s.amount.minor) >=
          static_cast<__int128>(rules.history_multiple) * *s.tenant_median_amount_minor) {
    add("amount_vs_history", rules.history_points,
        "amount " + Amount(s.amount.minor, cur) + " is " + Ratio1(s.amount.minor, *s.tenant_median_amount_minor) +
            "× the tenant's median order " + Amount(*s.tenant_median_amount_minor, cur) + " (≥ " +
            std::to_string(rules.history_multiple) + "×, over " + std::to_string(s.tenant_order_count) + " orders)");
  }

  // No capacity at all is left to the credit check, which refuses the hold with its reason.
  const std::int64_t capacity = s.credit_limit_plus_balance_minor;
  if (capacity > 0 && static_cast<__int128>(s.amount.minor) * 10000 >= static_cast<__int128>(rules.utilisation_bp) * capacity) {
    add("credit_utilisation", rules.utilisation_points,
        "this order takes " + Ratio1(s.amount.minor * 100, capacity) + " % of the credit capacity " +
            Amount(capacity, cur) + " (≥ " + Ratio1(rules.utilisation_bp, 100) + " %); available before it " +
            Amount(s.credit_available_minor, cur));
  }

  if (s.hours_to_check_in < rules.last_minute_hours && s.amount.minor >= rules.last_minute_amount_minor) {
    add("last_minute_high_value", rules.last_minute_points,
        "check-in in " + Fixed1(std::max(0.0, s.hours_to_check_in)) + " h (< " + Fixed1(rules.last_minute_hours) +
            " h) for " + Amount(s.amount.minor, cur) + " (≥ " + Amount(rules.last_minute_amount_minor, cur) + ")");
  }

  if (s.tenant_age_days < rules.new_tenant_days) {
    add("new_tenant", rules.new_tenant_points,
        "the tenant is " + Plural(s.tenant_age_days, "day", "days") + " old (< " +
            std::to_string(rules.new_tenant_days) + ")");
  }

  if (s.same_guest_orders_last_day >= rules.repeated_guest_threshold) {
    add("repeated_guest", rules.repeated_guest_points,
        Plural(s.same_guest_orders_last_day, "order", "orders", s.caps.same_guest) + " for the same lead guest in 24 hours (≥ " +
            std::to_string(rules.repeated_guest_threshold) + ")");
  }

  if (s.failed_orders_last_day >= rules.failed_threshold) {
    add("failed_attempts", rules.failed_points,
        Plural(s.failed_orders_last_day, "failed or rejected order", "failed or rejected orders", s.caps.failed) +
            " in 24 hours (≥ " + std::to_string(rules.failed_threshold) + ")");
  }

  int sum = 0;
  for (const auto& r : out.reasons) sum += r.points;
  out.score = std::clamp(sum, 0, 100);
  return out;
}

}  // namespace hotel::risk
