// risk-service wiring: a ledger on the process's database and clock, the credit routes; and
// the risk rules read from config.
#include "modules/risk-service/risk_service.hpp"

#include "modules/config/config_snapshot.hpp"
#include "modules/risk-service/credit_handlers.hpp"
#include "runtime/json.hpp"

#include <boost/json.hpp>

namespace hotel::risk {
namespace {

class RiskServiceModule final : public runtime::Module {
 public:
  explicit RiskServiceModule(runtime::ModuleContext& ctx) : ledger_(ctx.database.dialect(), ctx.clock) {
    ledger_.CountIn(ctx.metrics);
    api_ = std::make_shared<const credit::CreditApi>(credit::CreditApi{ledger_, ctx.database, ctx.blocking});
  }
  void RegisterRoutes(runtime::Router& router) override { credit::RegisterCreditRoutes(router, api_); }

 private:
  credit::CreditLedger ledger_;
  std::shared_ptr<const credit::CreditApi> api_;
};

}  // namespace

runtime::ModuleSpec Spec() {
  return {"risk-service",
          "Credit accounts per tenant and currency (limit, balance, holds, an audited entry per movement) and "
          "explainable risk scoring of orders.",
          {"/api/v1/credit-accounts"},
          [](runtime::ModuleContext& ctx) { return std::make_unique<RiskServiceModule>(ctx); }};
}

RiskRules ReadRiskRules(const config::ConfigSnapshot& snapshot, std::optional<Error>* error) {
  RiskRules rules;
  const boost::json::value* v = snapshot.Find("risk.rules");
  if (!v || v->is_null()) return rules;
  if (!v->is_object()) {
    if (error) *error = Error::Validation("risk.rules", "must be an object");
    return rules;
  }
  runtime::JsonReader r(*v, "risk.rules");
  r.NoOtherFields({"velocityHourThreshold", "velocityPoints", "velocityDayThreshold", "velocityDayPoints",
                   "historyMultiple", "historyPoints", "historyMinOrders", "utilisationBp", "utilisationPoints",
                   "lastMinuteHours", "lastMinuteAmountMinor", "lastMinutePoints", "newTenantDays", "newTenantPoints",
                   "repeatedGuestThreshold", "repeatedGuestPoints", "failedThreshold", "failedPoints"});
  RiskRules out;
  auto i = [&](std::string_view name, int& field) {
    if (auto x = r.Optional<int>(name)) {
      // Bounded so that sums of points and products of thresholds stay far from INT_MAX.
      r.Check(name, *x >= 0 && *x <= 1'000'000, "must be from 0 to 1000000");
      field = *x;
    }
  };
  i("velocityHourThreshold", out.velocity_hour_threshold);
  i("velocityPoints", out.velocity_points);
  i("velocityDayThreshold", out.velocity_day_threshold);
  i("velocityDayPoints", out.velocity_day_points);
  i("historyMultiple", out.history_multiple);
  i("historyPoints", out.history_points);
  i("historyMinOrders", out.history_min_orders);
  i("utilisationBp", out.utilisation_bp);
  i("utilisationPoints", out.utilisation_points);
  if (auto x = r.Optional<double>("lastMinuteHours")) {
    r.Check("lastMinuteHours", *x >= 0 && *x <= 8760, "must be from 0 to 8760 (hours)");
    out.last_minute_hours = *x;
  }
  if (auto x = r.Optional<std::int64_t>("lastMinuteAmountMinor")) {
    r.Check("lastMinuteAmountMinor", *x >= 0 && AmountInBounds(*x), "must not be negative; " + AmountBoundsMessage());
    out.last_minute_amount_minor = *x;
  }
  i("lastMinutePoints", out.last_minute_points);
  i("newTenantDays", out.new_tenant_days);
  i("newTenantPoints", out.new_tenant_points);
  i("repeatedGuestThreshold", out.repeated_guest_threshold);
  i("repeatedGuestPoints", out.repeated_guest_points);
  i("failedThreshold", out.failed_threshold);
  i("failedPoints", out.failed_points);
  if (auto err = r.Finish()) {
    if (error) *error = std::move(*err);
    return rules;
  }
  return out;
}

}  // namespace hotel::risk
