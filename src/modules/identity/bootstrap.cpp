// The operator's CLI functions and the idempotent demo world.
#include "modules/identity/bootstrap.hpp"

#include "modules/identity/service.hpp"

namespace hotel::identity {
namespace {

std::string TenantIdOf(std::string_view tenant) {
  return tenant == "platform" ? std::string(kPlatformTenantId) : std::string(tenant);
}

Result<Role> RoleOf(std::string_view name) {
  if (auto role = ParseRole(name)) return *role;
  return Error::Validation("role", "must be one of platform_admin, platform_ops, distributor_admin, agent, finance");
}

IdentityOptions CliOptions(PasswordCost cost) {
  IdentityOptions o;
  o.password_cost = cost;
  return o;
}

// Finds the child tenant `name` under `parent_id`, creating it when missing. A concurrent
// seeder may win the insert (409): then the row it made is the answer.
Result<Tenant> EnsureTenant(IdentityService& svc, std::string_view parent_id, std::string_view name,
                            const std::string& currency, bool& created) {
  DirectSession s(svc.database());
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto found = svc.repository().FindChildByName(s, parent_id, name);
    if (!found) return found.error();
    if (*found) return std::move(**found);
    auto made = svc.CreateTenant(IdentityService::Operator(), {std::string(parent_id), std::string(name), currency, {}});
    if (made) {
      created = true;
      return made;
    }
    if (made.error().code != Errc::conflict) return made.error();
  }
  return Error::Conflict("demo tenant " + std::string(name) + " could not be created");
}

Result<DemoAccount> EnsureUser(IdentityService& svc, const std::string& tenant_id, std::string_view email,
                               std::string_view name, Role role, const std::string& password) {
  DirectSession s(svc.database());
  for (int attempt = 0; attempt < 2; ++attempt) {
    auto found = svc.repository().FindUserByEmail(s, email);
    if (!found) return found.error();
    if (*found) return DemoAccount{(*found)->id, (*found)->email, false};
    auto made = svc.CreateUser(IdentityService::Operator(), tenant_id,
                               {std::string(email), std::string(name), role, password});
    if (made) return DemoAccount{made->id, made->email, true};
    if (made.error().code != Errc::conflict) return made.error();
  }
  return Error::Conflict("demo user " + std::string(email) + " could not be created");
}

}  // namespace

Result<CreatedUser> CreateUserCli(ports::Database& db, std::string_view tenant, std::string_view role,
                                  std::string_view email, std::string_view name, std::string_view password,
                                  PasswordCost cost) {
  auto r = RoleOf(role);
  if (!r) return r.error();
  SystemClock clock;
  IdentityService svc(db, clock, CliOptions(cost));
  return svc.CreateUser(IdentityService::Operator(), TenantIdOf(tenant),
                        {std::string(email), std::string(name), *r, std::string(password)});
}

Result<CreatedKey> CreateKeyCli(ports::Database& db, std::string_view tenant, std::string_view name,
                                std::string_view role) {
  std::optional<Role> r;
  if (!role.empty()) {
    auto parsed = RoleOf(role);
    if (!parsed) return parsed.error();
    r = *parsed;
  }
  SystemClock clock;
  IdentityService svc(db, clock, CliOptions(PasswordCost::Interactive()));
  return svc.CreateKey(IdentityService::Operator(), TenantIdOf(tenant), {std::string(name), r});
}

Result<DemoWorld> SeedDemo(ports::Database& db, const DemoSeed& seed) {
  SystemClock clock;
  IdentityService svc(db, clock, CliOptions(seed.cost));
  DemoWorld w;
  bool created = false;

  auto distributor = EnsureTenant(svc, kPlatformTenantId, kDemoDistributorName, seed.currency, created);
  if (!distributor) return distributor.error();
  w.distributor_id = distributor->id;
  auto agency = EnsureTenant(svc, distributor->id, kDemoAgencyName, seed.currency, created);
  if (!agency) return agency.error();
  w.agency_id = agency->id;

  auto admin = EnsureUser(svc, std::string(kPlatformTenantId), "admin@platform.test", "Platform Admin",
                          Role::platform_admin, seed.admin_password);
  if (!admin) return admin.error();
  w.platform_admin = *admin;
  auto dist_admin = EnsureUser(svc, w.distributor_id, "dist-admin@demo.test", "Demo Distributor Admin",
                               Role::distributor_admin, seed.distributor_admin_password);
  if (!dist_admin) return dist_admin.error();
  w.distributor_admin = *dist_admin;
  auto agent = EnsureUser(svc, w.agency_id, "agent@demo.test", "Demo Agent", Role::agent, seed.agent_password);
  if (!agent) return agent.error();
  w.agent = *agent;

  DirectSession s(db);
  auto key = svc.repository().FindActiveKeyByName(s, w.agency_id, kDemoKeyName);
  if (!key) return key.error();
  if (*key) {
    w.api_key_id = (*key)->id;
    w.api_key_prefix = (*key)->prefix;
  } else {
    auto made = svc.CreateKey(IdentityService::Operator(), w.agency_id, {std::string(kDemoKeyName), Role::agent});
    if (!made) return made.error();
    w.api_key_id = made->key.id;
    w.api_key_prefix = made->key.prefix;
    w.api_key = made->plaintext;
    created = true;
  }
  w.created_anything = created || w.platform_admin.created || w.distributor_admin.created || w.agent.created;
  return w;
}

}  // namespace hotel::identity
