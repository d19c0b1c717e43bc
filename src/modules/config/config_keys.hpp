// Well-known config keys and flag names (seed §5, issue 3), with readers for structured values.
#pragma once

#include "modules/config/config_snapshot.hpp"

#include <string_view>

namespace hotel::config {

inline constexpr std::string_view kMatchingWeightsKey = "matching.algorithm.weights";
// Parsed by the gateway (api-gateway/tenant_overrides.hpp); validated on write by config_schema.
inline constexpr std::string_view kTenantRateLimitsKey = "gateway.rate_limit.tenant_overrides";
// Read by order-service (booking_certainty.hpp); validated on write by config_schema.
inline constexpr std::string_view kBookingCertaintyKey = "order.booking.certainty";

// The seed's flags, all off in a fresh database (migration 002).
inline constexpr std::string_view kFlagSupplierRealtimeSync = "supplier.realtime.sync";
inline constexpr std::string_view kFlagRiskAutoReject = "risk.auto.reject";
inline constexpr std::string_view kFlagMatchingAiBoost = "matching.ai.boost";
inline constexpr std::string_view kFlagSettlementAutoReconcile = "settlement.auto.reconcile";
inline constexpr std::string_view kFlagAdminV2 = "admin.v2";

struct MatchingWeights {
  double price = 0.4, rating = 0.3, availability = 0.2, supplier_reliability = 0.1;  // ranking weights (seed defaults), not money
};
// The snapshot's weights, or the seed's defaults when absent or not matching the schema.
MatchingWeights ReadMatchingWeights(const ConfigSnapshot& snapshot);

}  // namespace hotel::config
