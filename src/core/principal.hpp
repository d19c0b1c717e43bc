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

std::string_view RoleName(Role role);                  // "platform_admin", ...
std::optional<Role> ParseRole(std::string_view name);  // nullopt for unknown names

struct Principal {
  std::string tenant_id;    // "tnt_…"
  // Materialised path of the caller's tenant, "/tnt_platform/tnt_a/tnt_b/": a tenant T is in
  // the caller's subtree iff T's path starts with this one.
  std::string tenant_path;
  Role role = Role::agent;
  std::string user_id;      // "usr_…" for people, empty for API keys
  std::string api_key_id;   // "key_…" for machines, empty for people
  std::string subject;      // email or key prefix, for audit trails and logs

  bool IsPlatformStaff() const { return role == Role::platform_admin || role == Role::platform_ops; }
  // Platform staff reach every tenant; everyone else only their own subtree.
  bool CanReachTenantPath(std::string_view other_path) const {
    return IsPlatformStaff() || other_path.substr(0, tenant_path.size()) == tenant_path;
  }
  // Who did it, for audit columns: the user id, or the API key id.
  const std::string& Actor() const { return user_id.empty() ? api_key_id : user_id; }
};

}  // namespace hotel
