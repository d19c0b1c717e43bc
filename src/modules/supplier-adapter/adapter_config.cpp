// Reading the supplier-adapter's config keys with range checks.
#include "modules/supplier-adapter/adapter_config.hpp"

#include "modules/config/config_client.hpp"

namespace hotel::supplier_adapter {
namespace {

std::int64_t InRange(const config::ConfigSnapshot& s, const config::Key<std::int64_t>& key, std::int64_t min,
                     std::int64_t max) {
  const std::int64_t v = s.Get(key);
  return v < min || v > max ? key.default_value : v;
}

}  // namespace

api_gateway::BreakerOptions ReadBreakerOptions(const config::ConfigSnapshot& snapshot) {
  api_gateway::BreakerOptions o;
  o.failure_threshold = static_cast<int>(InRange(snapshot, kBreakerFailureThreshold, 1, 1000));
  o.open_for = std::chrono::milliseconds(InRange(snapshot, kBreakerOpenMs, 1, 3600000));
  o.half_open_probes = static_cast<int>(InRange(snapshot, kBreakerHalfOpenMaxCalls, 1, 100));
  return o;
}

ConfigSource SourceOf(std::shared_ptr<config::ConfigClient> client) {
  if (!client) {
    auto empty = std::make_shared<const config::ConfigSnapshot>();
    return [empty] { return empty; };
  }
  return [client = std::move(client)] { return client->Snapshot(); };
}

}  // namespace hotel::supplier_adapter
