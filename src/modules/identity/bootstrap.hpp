// Operator bootstrap without the API: `hotel users create`, `hotel keys create`, and the demo
// world `make run` seeds. They act as the operator (platform_admin rights) but keep every
// other rule: validation, roles that fit the tenant, unique emails.
#pragma once

#include "modules/identity/hashing.hpp"
#include "modules/identity/model.hpp"
#include "ports/database.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace hotel::identity {

// `tenant` is "platform" (tnt_platform) or a tenant id; `role` a role name.
Result<CreatedUser> CreateUserCli(ports::Database& db, std::string_view tenant, std::string_view role,
                                  std::string_view email, std::string_view name, std::string_view password,
                                  PasswordCost cost = PasswordCost::Interactive());
// The result holds the key's plaintext: print it once, it cannot be shown again. An empty
// `role` means the tenant's default: agent, or platform_ops in the platform tenant.
Result<CreatedKey> CreateKeyCli(ports::Database& db, std::string_view tenant, std::string_view name,
                                std::string_view role = {});

struct DemoSeed {
  std::string admin_password;              // admin@platform.test (platform_admin)
  std::string distributor_admin_password;  // dist-admin@demo.test (distributor_admin of "Demo Distributor")
  std::string agent_password;              // agent@demo.test (agent of "Demo Agency")
  std::string currency = "CNY";            // of the two demo tenants
  PasswordCost cost = PasswordCost::Interactive();
};

struct DemoAccount {
  std::string id, email;
  bool created = false;  // false: it existed already (its password was left as it was)
};

struct DemoWorld {
  std::string distributor_id, agency_id;
  DemoAccount platform_admin, distributor_admin, agent;
  std::string api_key_id, api_key_prefix;
  // The agency's API key, only when this call created it; an existing key cannot be shown.
  std::optional<std::string> api_key;
  bool created_anything = false;
};

inline constexpr std::string_view kDemoDistributorName = "Demo Distributor";
inline constexpr std::string_view kDemoAgencyName = "Demo Agency";
inline constexpr std::string_view kDemoKeyName = "Demo Agency key";

// Idempotent: finds what exists (by email, by name under the parent, by key name) and creates
// only what is missing, so running it on every start never duplicates anything.
Result<DemoWorld> SeedDemo(ports::Database& db, const DemoSeed& seed);

}  // namespace hotel::identity
