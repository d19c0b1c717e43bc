// A feature flag's rule and its evaluation for a tenant, exactly as the seed specifies (SEED-DIGEST §5).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace hotel::config {

struct FeatureFlag {
  std::string name;
  bool enabled = false;
  int rollout_pct = 100;               // 0..100
  std::vector<std::string> whitelist;  // tenant ids
  std::string description;

  bool operator==(const FeatureFlag&) const = default;
};

// The rollout bucket of a tenant for a flag: murmurhash3(tenantId + name) % 100, seed 0,
// over the UTF-8 bytes of the two strings concatenated without a separator.
int RolloutBucket(std::string_view tenant_id, std::string_view flag_name);

// The seed's checks, in the seed's order, each one final:
//   1. disabled                 -> false
//   2. rollout_pct < 100        -> bucket < rollout_pct   (the whitelist is NOT consulted)
//   3. whitelist non-empty      -> tenant in whitelist
//   4. otherwise                -> true
// So rollout and whitelist do not combine: a whitelist only restricts a flag at 100 %
// rollout, and a partial rollout ignores the whitelist. Pure; no I/O.
bool EvaluateFlag(const FeatureFlag& flag, std::string_view tenant_id);

}  // namespace hotel::config
