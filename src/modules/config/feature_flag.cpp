// Feature flag evaluation (seed §5).
#include "modules/config/feature_flag.hpp"

#include "modules/config/murmur_hash3.hpp"

#include <algorithm>
#include <string>

namespace hotel::config {

int RolloutBucket(std::string_view tenant_id, std::string_view flag_name) {
  std::string key;
  key.reserve(tenant_id.size() + flag_name.size());
  key.append(tenant_id).append(flag_name);
  // Unsigned modulo, as the seed's hash is an unsigned 32-bit value.
  return static_cast<int>(MurmurHash3X86_32(key, 0) % 100u);
}

bool EvaluateFlag(const FeatureFlag& flag, std::string_view tenant_id) {
  if (!flag.enabled) return false;
  if (flag.rollout_pct < 100) return RolloutBucket(tenant_id, flag.name) < flag.rollout_pct;
  if (!flag.whitelist.empty()) {
    return std::find(flag.whitelist.begin(), flag.whitelist.end(), tenant_id) != flag.whitelist.end();
  }
  return true;
}

}  // namespace hotel::config
