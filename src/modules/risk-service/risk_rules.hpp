// Risk scoring (issue 5 §4): a score 0–100 from explainable rules over signals order-service
// gathers when an order is placed. Pure: no I/O. The score and its reasons are stored on the
// order; score ≥ RISK_SCORE_THRESHOLD (80) holds the order for manual review, or rejects it
// when the `risk.auto.reject` flag is on for the tenant.
#pragma once

#include "core/money.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hotel::risk {

struct RiskSignals {
  Money amount;                       // the order's price for the caller
  int orders_last_hour = 0;           // the tenant's orders placed in the last hour (this one excluded)
  int orders_last_day = 0;
  int tenant_order_count = 0;         // the tenant's confirmed orders the median is of (its last ≤ 500)
  std::optional<std::int64_t> tenant_median_amount_minor;  // of its confirmed orders in amount.currency (none: no history)
  std::int64_t credit_available_minor = 0;  // before this order's hold, in amount.currency
  std::int64_t credit_limit_plus_balance_minor = 0;  // balance + limit (the account's capacity)
  double hours_to_check_in = 1e9;     // from now to the check-in day's start (hotel-local, read as UTC)
  int tenant_age_days = 0;
  int same_guest_orders_last_day = 0; // orders of the tenant in 24 h with the same lead guest name
  int failed_orders_last_day = 0;     // the tenant's FAILED/rejected orders in 24 h
  // Where a count above stopped counting (0: exact). A count equal to its cap reads "N+" in
  // the reasons: the gatherer stops at a multiple of the rule's threshold.
  struct Caps {
    int orders_last_hour = 0, orders_last_day = 0, same_guest = 0, failed = 0;
  } caps;
};

// What a count is worth counting to for `threshold` (0 when the rule is off: its points are 0).
int CountCap(int threshold, int points);

struct RiskReason {
  std::string code;    // "velocity", "amount_vs_history", "credit_utilisation", "last_minute_high_value",
                       // "new_tenant", "repeated_guest", "failed_attempts"
  int points = 0;
  std::string detail;  // human text with the figures ("7 orders in the last hour (≥ 5)")
};

struct RiskAssessment {
  int score = 0;  // 0..100 (the sum of points, capped)
  std::vector<RiskReason> reasons;  // only rules that scored, in the order above
};

// The rules' thresholds and points; defaults documented in risk_rules.cpp. Read from the
// config key "risk.rules" (an object with these camelCase names) when present.
struct RiskRules {
  int velocity_hour_threshold = 5;       int velocity_points = 30;
  int velocity_day_threshold = 30;       int velocity_day_points = 15;
  int history_multiple = 5;              int history_points = 25;   // amount ≥ 5× the median
  int history_min_orders = 3;
  int utilisation_bp = 8000;             int utilisation_points = 20;  // hold takes ≥ 80 % of capacity
  double last_minute_hours = 24;         std::int64_t last_minute_amount_minor = 500000; int last_minute_points = 20;
  int new_tenant_days = 7;               int new_tenant_points = 15;
  int repeated_guest_threshold = 3;      int repeated_guest_points = 20;
  int failed_threshold = 3;              int failed_points = 20;
};

RiskAssessment Assess(const RiskSignals& signals, const RiskRules& rules = {});

}  // namespace hotel::risk
