// Test-only helpers for the pricing-service tests: a tenant tree (platform → tnt_dist →
// tnt_sub, and tnt_other beside tnt_dist) and principals whose paths match it.
#pragma once

#include "core/principal.hpp"
#include "ports/database.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace hotel::pricing::testing {

inline void InsertTenant(ports::Database& db, const std::string& id, const std::string& parent, const std::string& kind,
                         const std::string& path) {
  const std::vector<ports::SqlValue> p = {id, parent, kind, "Tenant " + id, path};
  auto r = db.Execute(
      "INSERT INTO tenants (id, parent_id, kind, name, status, currency, path, created_at, updated_at) "
      "VALUES ($1, $2, $3, $4, 'active', 'CNY', $5, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
      p);
  ASSERT_TRUE(r) << r.error().detail;
}

inline void InsertTenantTree(ports::Database& db) {
  InsertTenant(db, "tnt_dist", "tnt_platform", "distributor", "/tnt_platform/tnt_dist/");
  InsertTenant(db, "tnt_sub", "tnt_dist", "subagent", "/tnt_platform/tnt_dist/tnt_sub/");
  InsertTenant(db, "tnt_other", "tnt_platform", "distributor", "/tnt_platform/tnt_other/");
}

// A caller of `role` in `tenant` (platform staff: tnt_platform), with the tree's paths.
inline std::shared_ptr<const Principal> Caller(Role role, std::string tenant = "tnt_dist") {
  auto p = std::make_shared<Principal>();
  if (role == Role::platform_admin || role == Role::platform_ops) tenant = "tnt_platform";
  p->tenant_id = tenant;
  p->tenant_path = tenant == "tnt_platform" ? "/tnt_platform/"
                   : tenant == "tnt_sub"    ? "/tnt_platform/tnt_dist/tnt_sub/"
                                            : "/tnt_platform/" + tenant + "/";
  p->role = role;
  p->tier = hotel::TierOfPath(p->tenant_path);
  p->user_id = "usr_" + std::string(RoleName(role));
  p->subject = std::string(RoleName(role)) + "@x.test";
  return p;
}

}  // namespace hotel::pricing::testing
