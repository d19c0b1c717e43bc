// The supplier-adapter's dynamic config (config center keys, read from a snapshot so a change
// needs no restart) and where it comes from.
#pragma once

#include "modules/api-gateway/circuit_breaker.hpp"
#include "modules/config/config_snapshot.hpp"

#include <cstdint>
#include <functional>
#include <memory>

namespace hotel::config {
class ConfigClient;
}

namespace hotel::supplier_adapter {

// Per-supplier circuit breaker thresholds. Out-of-range values fall back to the default.
inline const config::Key<std::int64_t> kBreakerFailureThreshold{"supplier.breaker.failure_threshold", 5};
inline const config::Key<std::int64_t> kBreakerOpenMs{"supplier.breaker.open_ms", 30000};
inline const config::Key<std::int64_t> kBreakerHalfOpenMaxCalls{"supplier.breaker.half_open_max_calls", 1};

api_gateway::BreakerOptions ReadBreakerOptions(const config::ConfigSnapshot& snapshot);

// The current config snapshot; never null.
using ConfigSource = std::function<std::shared_ptr<const config::ConfigSnapshot>()>;
// The client's snapshots, or (null client) an empty snapshot: defaults, every flag off.
ConfigSource SourceOf(std::shared_ptr<config::ConfigClient> client);

}  // namespace hotel::supplier_adapter
