// Who may do what, as pure functions of the caller and the records involved.
// Order of answers: a role that may never do an action gets 403 before anything is looked
// up (so the answer says nothing about the target); then a target outside the caller's
// subtree is 404 (existence is not revealed); then finer limits inside the subtree are 403.
#pragma once

#include "core/error.hpp"
#include "core/principal.hpp"
#include "modules/identity/model.hpp"

#include <string_view>
#include <vector>

namespace hotel::identity::rules {

// Role capabilities, checked before any lookup.
// Creating and changing tenants, users and keys: platform staff and distributor admins.
Result<void> MayAdminister(const Principal& caller);
// Listing a tenant's users: administrators and finance (read-only over their subtree).
Result<void> MayListUsers(const Principal& caller);

// 404 unless `tenant` is in the caller's subtree (platform staff reach every tenant).
Result<void> Reach(const Principal& caller, const Tenant& tenant);

// Agents read only their own tenant; everyone else their whole subtree.
Result<void> ReadTenant(const Principal& caller, const Tenant& tenant);
// Name and contact: administrators, for their own tenant and below.
Result<void> UpdateTenant(const Principal& caller, const Tenant& tenant);
// Creating a tenant under `parent` (within depth limits).
Result<void> CreateChildTenant(const Principal& caller, const Tenant& parent);
// Suspending/activating: administrators, for tenants strictly below their own.
Result<void> ChangeTenantStatus(const Principal& caller, const Tenant& tenant);
// Creating users and API keys of `tenant`, listing and revoking its keys.
Result<void> ManageMembers(const Principal& caller, const Tenant& tenant);
// Listing the users of `tenant`.
Result<void> ListUsers(const Principal& caller, const Tenant& tenant);

// The roles a tenant of `kind` may hold: platform staff roles only in the platform.
std::vector<Role> RolesFor(TenantKind kind);
// The role of a new API key that names none: agent, or platform_ops in the platform tenant
// (where agent is not a role).
Role DefaultKeyRole(TenantKind kind);
// Giving `role` to a user or key of `tenant`: must fit the tenant (validation_failed naming
// `field`) and not exceed the caller's rights (platform_ops cannot grant platform_admin).
Result<void> AssignRole(const Principal& caller, const Tenant& tenant, Role role, std::string_view field);

// Users read themselves; administrators and finance read the users of their subtree.
Result<void> ReadUser(const Principal& caller, const Tenant& user_tenant, const User& user);
// Administrators change users of their subtree; nobody changes their own role or status
// (no self-lockout, no self-promotion); platform_ops cannot touch a platform_admin.
Result<void> UpdateUser(const Principal& caller, const Tenant& user_tenant, const User& user, const UserPatch& patch);

// The kind of a tenant created under `parent`.
TenantKind ChildKind(const Tenant& parent);

}  // namespace hotel::identity::rules
