// Who is calling: set by the authentication middleware, read by every handler for role
// checks (403) and tenant scoping (another tenant's object answers 404).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace hotel {

// Roles of the brief (ARCHITECTURE.md §1). Platform staff see every tenant.
enum class Role {
  platform_admin,     // operator: everything
  platform_ops,       // operator staff: suppliers, orders, reviews, config (not users of other tenants' admins)
  distributor_admin,  // manages its own tenant subtree: sub-agents, users, keys, markups
  agent,              // books within its own tenant
  finance,            // read-only: orders, credit, settlement of its tenant subtree
};

// Where the caller's tenant sits in the tree: what it may see of a price chain and a credit
// chain follows this, never the role's name (a distributor_admin of a sub-agent is a sub-agent).
enum class TenantTier { platform, distributor, sub_agent };

std::string_view RoleName(Role role);                  // "platform_admin", ...
std::optional<Role> ParseRole(std::string_view name);  // nullopt for unknown names

// The tier of a tenant by its materialised path: "/tnt_platform/" the platform,
// "/tnt_platform/tnt_d/" a distributor, anything deeper a sub-agent.
inline TenantTier TierOfPath(std::string_view tenant_path) {
  int segments = 0;
  for (char c : tenant_path) segments += c == '/';
  return segments <= 2 ? TenantTier::platform : segments == 3 ? TenantTier::distributor : TenantTier::sub_agent;
}

struct Principal {
  std::string tenant_id;    // "tnt_…"
  // Materialised path of the caller's tenant, "/tnt_platform/tnt_a/tnt_b/": a tenant T is in
  // the caller's subtree iff T's path starts with this one.
  std::string tenant_path;
  Role role = Role::agent;
  std::string user_id;      // "usr_…" for people, empty for API keys
  std::string api_key_id;   // "key_…" for machines, empty for people
  std::string subject;      // email or key prefix, for audit trails and logs
  // Set from the tenant's kind at authentication; the least reach unless set.
  TenantTier tier = TenantTier::sub_agent;

  bool IsPlatformStaff() const { return role == Role::platform_admin || role == Role::platform_ops; }
  // Platform staff reach every tenant; everyone else only their own subtree.
  bool CanReachTenantPath(std::string_view other_path) const {
    return IsPlatformStaff() || other_path.substr(0, tenant_path.size()) == tenant_path;
  }
  // Whether the caller may see the markup line of price-chain tier `line_tier` ("platform",
  // "distributor", "sub_agent"): platform staff every line; a distributor_admin the lines of
  // its own tier and below (a distributor's: distributor and sub_agent; a sub-agent's: sub_agent
  // only); every other role none.
  bool SeesMarkupLine(std::string_view line_tier) const {
    if (IsPlatformStaff()) return true;
    if (role != Role::distributor_admin) return false;
    if (line_tier == "sub_agent") return true;
    return line_tier == "distributor" && tier == TenantTier::distributor;
  }
  // Whether `tenant_id`, one of the tenants on `object_tenant_path` (an order's tenant and its
  // ancestors, as holds and credit shares name them), is the caller's tenant or below it: a
  // tier above the caller (its distributor, the platform) is not the caller's business.
  bool SeesTenantOnPath(std::string_view tenant_id, std::string_view object_tenant_path) const {
    if (IsPlatformStaff()) return true;
    const std::string segment = "/" + std::string(tenant_id) + "/";
    const auto at = object_tenant_path.find(segment);
    if (at == std::string_view::npos) return false;
    return CanReachTenantPath(object_tenant_path.substr(0, at + segment.size()));
  }
  // Who did it, for audit columns: the user id, or the API key id.
  const std::string& Actor() const { return user_id.empty() ? api_key_id : user_id; }
};

}  // namespace hotel
