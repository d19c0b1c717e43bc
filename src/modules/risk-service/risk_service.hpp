// The risk-service module: the credit API over the process's database, and the risk rules'
// configuration. Order-service uses CreditLedger and Assess directly (same process, same
// transaction); this module owns the HTTP side.
// Wiring (in AllModules): risk::Spec()
#pragma once

#include "core/error.hpp"
#include "modules/risk-service/risk_rules.hpp"
#include "runtime/module.hpp"

#include <optional>

namespace hotel::config {
class ConfigSnapshot;
}

namespace hotel::risk {

// "risk-service", serving /api/v1/credit-accounts; its CreditLedger counts credit metrics in
// ctx.metrics and uses ctx.database and ctx.clock.
runtime::ModuleSpec Spec();

// The rules from the optional config key "risk.rules" (an object with RiskRules' field names
// in camelCase, any subset). Absent: defaults. Invalid (not an object, unknown field, wrong
// type, negative): defaults, and `error` (when given) says what is wrong, for the caller to log.
RiskRules ReadRiskRules(const config::ConfigSnapshot& snapshot, std::optional<Error>* error = nullptr);

}  // namespace hotel::risk
