// Identity's authorisation rules (no I/O: the caller and the records are given).
#include "modules/identity/rules.hpp"

#include <algorithm>

namespace hotel::identity::rules {
namespace {

Error Forbidden(std::string detail) { return Error{Errc::forbidden, std::move(detail), {}}; }

bool IsAdmin(const Principal& p) { return p.IsPlatformStaff() || p.role == Role::distributor_admin; }

}  // namespace

Result<void> MayAdminister(const Principal& caller) {
  if (IsAdmin(caller)) return Ok();
  return Forbidden("Your role may not create or change tenants, users or API keys.");
}

// Finance reads money (orders, credit, statements), not people: like an agent, it reads only
// its own tenant and itself.
Result<void> MayListUsers(const Principal& caller) {
  if (IsAdmin(caller)) return Ok();
  return Forbidden("Your role may not list users.");
}

Result<void> Reach(const Principal& caller, const Tenant& tenant) {
  if (!caller.CanReachTenantPath(tenant.path)) return Error::NotFound("No tenant with this id.");
  return Ok();
}

Result<void> ReadTenant(const Principal& caller, const Tenant& tenant) {
  if (auto r = Reach(caller, tenant); !r) return r;
  if ((caller.role == Role::agent || caller.role == Role::finance) && tenant.id != caller.tenant_id) {
    return Forbidden("Your role may read only your own tenant.");
  }
  return Ok();
}

Result<void> UpdateTenant(const Principal& caller, const Tenant& tenant) {
  if (auto r = MayAdminister(caller); !r) return r;
  return Reach(caller, tenant);
}

Result<void> CreateChildTenant(const Principal& caller, const Tenant& parent) {
  if (auto r = MayAdminister(caller); !r) return r;
  if (auto r = Reach(caller, parent); !r) return r;
  if (parent.Depth() >= kMaxTenantDepth) {
    return Error::Validation("parentId", "tenants may be nested at most " + std::to_string(kMaxTenantDepth) +
                                             " levels below the platform");
  }
  return Ok();
}

Result<void> ChangeTenantStatus(const Principal& caller, const Tenant& tenant) {
  if (auto r = MayAdminister(caller); !r) return r;
  if (auto r = Reach(caller, tenant); !r) return r;
  // Covers the platform for staff; for admins, suspending themselves would lock them out.
  if (tenant.id == caller.tenant_id || tenant.kind == TenantKind::platform) {
    return Forbidden("A tenant cannot be suspended or activated by its own users.");
  }
  return Ok();
}

Result<void> ManageMembers(const Principal& caller, const Tenant& tenant) {
  if (auto r = MayAdminister(caller); !r) return r;
  return Reach(caller, tenant);
}

Result<void> ListUsers(const Principal& caller, const Tenant& tenant) {
  if (auto r = MayListUsers(caller); !r) return r;
  return Reach(caller, tenant);
}

std::vector<Role> RolesFor(TenantKind kind) {
  if (kind == TenantKind::platform) return {Role::platform_admin, Role::platform_ops};
  return {Role::distributor_admin, Role::agent, Role::finance};
}

Role DefaultKeyRole(TenantKind kind) { return kind == TenantKind::platform ? Role::platform_ops : Role::agent; }

Result<void> AssignRole(const Principal& caller, const Tenant& tenant, Role role, std::string_view field) {
  if (auto r = MayAdminister(caller); !r) return r;
  const auto allowed = RolesFor(tenant.kind);
  if (std::find(allowed.begin(), allowed.end(), role) == allowed.end()) {
    std::string names;
    for (Role r : allowed) names += (names.empty() ? "" : ", ") + std::string(RoleName(r));
    return Error::Validation(std::string(field), "must be one of " + names + " in a " +
                                                     std::string(KindName(tenant.kind)) + " tenant");
  }
  if (role == Role::platform_admin && caller.role != Role::platform_admin) {
    return Forbidden("Only a platform_admin may grant platform_admin.");
  }
  return Ok();
}

Result<void> ReadUser(const Principal& caller, const Tenant& user_tenant, const User& user) {
  if (!caller.CanReachTenantPath(user_tenant.path)) return Error::NotFound("No user with this id.");
  if (!caller.user_id.empty() && caller.user_id == user.id) return Ok();
  if (IsAdmin(caller)) return Ok();
  return Forbidden("Your role may read only yourself.");
}

Result<void> UpdateUser(const Principal& caller, const Tenant& user_tenant, const User& user, const UserPatch& patch) {
  if (auto r = MayAdminister(caller); !r) return r;
  if (!caller.CanReachTenantPath(user_tenant.path)) return Error::NotFound("No user with this id.");
  if (!caller.user_id.empty() && caller.user_id == user.id && (patch.role || patch.status)) {
    return Forbidden("You cannot change your own role or status.");
  }
  if (user.role == Role::platform_admin && caller.role != Role::platform_admin) {
    return Forbidden("Only a platform_admin may change a platform_admin.");
  }
  if (patch.role) return AssignRole(caller, user_tenant, *patch.role, "role");
  return Ok();
}

TenantKind ChildKind(const Tenant& parent) {
  return parent.kind == TenantKind::platform ? TenantKind::distributor : TenantKind::subagent;
}

}  // namespace hotel::identity::rules
