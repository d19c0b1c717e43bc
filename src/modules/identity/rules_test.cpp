// Authorisation rules on hand-made records: 404 outside the subtree, 403 inside without the right.
#include "modules/identity/rules.hpp"

#include <gtest/gtest.h>

namespace hotel::identity::rules {
namespace {

Tenant MakeTenant(std::string id, TenantKind kind, std::string path) {
  Tenant t;
  t.id = std::move(id);
  t.kind = kind;
  t.path = std::move(path);
  return t;
}

const Tenant kPlatform = MakeTenant("tnt_platform", TenantKind::platform, "/tnt_platform/");
const Tenant kDistA = MakeTenant("tnt_a", TenantKind::distributor, "/tnt_platform/tnt_a/");
const Tenant kDistB = MakeTenant("tnt_b", TenantKind::distributor, "/tnt_platform/tnt_b/");
const Tenant kAgencyA1 = MakeTenant("tnt_a1", TenantKind::subagent, "/tnt_platform/tnt_a/tnt_a1/");
const Tenant kAgencyA1x = MakeTenant("tnt_a1x", TenantKind::subagent, "/tnt_platform/tnt_a/tnt_a1/tnt_a1x/");

Principal As(Role role, const Tenant& t, std::string user_id = "usr_me") {
  Principal p;
  p.role = role;
  p.tenant_id = t.id;
  p.tenant_path = t.path;
  p.tier = TierOfPath(t.path);
  p.user_id = std::move(user_id);
  return p;
}

Errc CodeOf(const Result<void>& r) { return r ? Errc::internal : r.error().code; }

TEST(Rules, DistributorAdminCannotSeeASiblingDistributor) {
  EXPECT_EQ(CodeOf(ReadTenant(As(Role::distributor_admin, kDistA), kDistB)), Errc::not_found);
  EXPECT_EQ(CodeOf(ReadTenant(As(Role::distributor_admin, kDistA), kPlatform)), Errc::not_found);
  EXPECT_TRUE(ReadTenant(As(Role::distributor_admin, kDistA), kAgencyA1x));
}

TEST(Rules, PathPrefixDoesNotConfuseSimilarIds) {
  // "/tnt_platform/tnt_a/tnt_a1/" must not reach "/tnt_platform/tnt_a/tnt_a1x/"'s sibling "tnt_a10".
  const Tenant a10 = MakeTenant("tnt_a10", TenantKind::subagent, "/tnt_platform/tnt_a/tnt_a10/");
  EXPECT_EQ(CodeOf(Reach(As(Role::distributor_admin, kAgencyA1), a10)), Errc::not_found);
}

// Finance reads money, not people or the tenant tree: like an agent, its own tenant only.
TEST(Rules, AgentAndFinanceReadOnlyTheirOwnTenant) {
  EXPECT_TRUE(ReadTenant(As(Role::agent, kDistA), kDistA));
  EXPECT_EQ(CodeOf(ReadTenant(As(Role::agent, kDistA), kAgencyA1)), Errc::forbidden);
  EXPECT_EQ(CodeOf(ReadTenant(As(Role::agent, kDistA), kDistB)), Errc::not_found);
  EXPECT_TRUE(ReadTenant(As(Role::finance, kDistA), kDistA));
  EXPECT_EQ(CodeOf(ReadTenant(As(Role::finance, kDistA), kAgencyA1)), Errc::forbidden);
  EXPECT_EQ(CodeOf(ListUsers(As(Role::finance, kDistA), kAgencyA1)), Errc::forbidden);
  EXPECT_EQ(CodeOf(ListUsers(As(Role::finance, kDistA), kDistA)), Errc::forbidden);
  EXPECT_EQ(CodeOf(ReadTenant(As(Role::finance, kDistA), kDistB)), Errc::not_found);
  EXPECT_EQ(CodeOf(ListUsers(As(Role::agent, kDistA), kDistA)), Errc::forbidden);
}

TEST(Rules, PlatformStaffReachEverything) {
  for (Role r : {Role::platform_admin, Role::platform_ops}) {
    EXPECT_TRUE(ReadTenant(As(r, kPlatform), kAgencyA1x));
    EXPECT_TRUE(ManageMembers(As(r, kPlatform), kDistB));
    EXPECT_TRUE(ChangeTenantStatus(As(r, kPlatform), kDistB));
  }
}

TEST(Rules, AgentAndFinanceCannotManageMembersOrTenants) {
  for (Role r : {Role::agent, Role::finance}) {
    EXPECT_EQ(CodeOf(ManageMembers(As(r, kDistA), kDistA)), Errc::forbidden);
    EXPECT_EQ(CodeOf(CreateChildTenant(As(r, kDistA), kDistA)), Errc::forbidden);
    EXPECT_EQ(CodeOf(UpdateTenant(As(r, kDistA), kDistA)), Errc::forbidden);
    // A role that may never do this is told so before any lookup: 403 says nothing about B.
    EXPECT_EQ(CodeOf(ManageMembers(As(r, kDistA), kDistB)), Errc::forbidden);
    EXPECT_EQ(CodeOf(MayAdminister(As(r, kDistA))), Errc::forbidden);
  }
  EXPECT_EQ(CodeOf(ManageMembers(As(Role::distributor_admin, kDistA), kDistB)), Errc::not_found);
}

TEST(Rules, DistributorAdminSuspendsSubAgentsButNotItsOwnTenant) {
  EXPECT_TRUE(ChangeTenantStatus(As(Role::distributor_admin, kDistA), kAgencyA1));
  EXPECT_TRUE(ChangeTenantStatus(As(Role::distributor_admin, kDistA), kAgencyA1x));
  EXPECT_EQ(CodeOf(ChangeTenantStatus(As(Role::distributor_admin, kDistA), kDistA)), Errc::forbidden);
  EXPECT_EQ(CodeOf(ChangeTenantStatus(As(Role::distributor_admin, kDistA), kDistB)), Errc::not_found);
  EXPECT_EQ(CodeOf(ChangeTenantStatus(As(Role::platform_admin, kPlatform), kPlatform)), Errc::forbidden);
}

TEST(Rules, DistributorAdminCreatesTenantsAnywhereInItsSubtree) {
  EXPECT_TRUE(CreateChildTenant(As(Role::distributor_admin, kDistA), kDistA));
  EXPECT_TRUE(CreateChildTenant(As(Role::distributor_admin, kDistA), kAgencyA1));
  EXPECT_EQ(CodeOf(CreateChildTenant(As(Role::distributor_admin, kDistA), kPlatform)), Errc::not_found);
  EXPECT_EQ(ChildKind(kPlatform), TenantKind::distributor);
  EXPECT_EQ(ChildKind(kAgencyA1), TenantKind::subagent);
}

TEST(Rules, HierarchyDepthIsBounded) {
  std::string path = "/tnt_platform/";
  for (int i = 0; i < kMaxTenantDepth; ++i) path += "tnt_" + std::to_string(i) + "/";
  const Tenant deepest = MakeTenant("tnt_deep", TenantKind::subagent, path);
  EXPECT_EQ(deepest.Depth(), kMaxTenantDepth);
  auto r = CreateChildTenant(As(Role::platform_admin, kPlatform), deepest);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::validation_failed);
  EXPECT_EQ(r.error().fields.at(0).field, "parentId");
}

TEST(Rules, KeysDefaultToAgentOrPlatformOpsInThePlatform) {
  EXPECT_EQ(DefaultKeyRole(TenantKind::subagent), Role::agent);
  EXPECT_EQ(DefaultKeyRole(TenantKind::distributor), Role::agent);
  EXPECT_EQ(DefaultKeyRole(TenantKind::platform), Role::platform_ops);
}

TEST(Rules, RolesMustFitTheTenantKind) {
  auto r = AssignRole(As(Role::platform_admin, kPlatform), kDistA, Role::platform_ops, "role");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::validation_failed);
  EXPECT_EQ(r.error().fields.at(0).field, "role");
  EXPECT_EQ(CodeOf(AssignRole(As(Role::platform_admin, kPlatform), kPlatform, Role::agent, "role")),
            Errc::validation_failed);
  EXPECT_TRUE(AssignRole(As(Role::distributor_admin, kDistA), kAgencyA1, Role::distributor_admin, "role"));
}

TEST(Rules, PlatformOpsCannotGrantOrChangePlatformAdmin) {
  EXPECT_EQ(CodeOf(AssignRole(As(Role::platform_ops, kPlatform), kPlatform, Role::platform_admin, "role")),
            Errc::forbidden);
  EXPECT_TRUE(AssignRole(As(Role::platform_ops, kPlatform), kPlatform, Role::platform_ops, "role"));
  EXPECT_TRUE(AssignRole(As(Role::platform_admin, kPlatform), kPlatform, Role::platform_admin, "role"));
  User admin;
  admin.id = "usr_admin";
  admin.role = Role::platform_admin;
  EXPECT_EQ(CodeOf(UpdateUser(As(Role::platform_ops, kPlatform), kPlatform, admin, {"New name", {}, {}})),
            Errc::forbidden);
}

TEST(Rules, UsersReadThemselvesAndNobodyChangesTheirOwnRoleOrStatus) {
  User me;
  me.id = "usr_me";
  me.role = Role::agent;
  User colleague;
  colleague.id = "usr_other";
  EXPECT_TRUE(ReadUser(As(Role::agent, kAgencyA1), kAgencyA1, me));
  EXPECT_EQ(CodeOf(ReadUser(As(Role::agent, kAgencyA1), kAgencyA1, colleague)), Errc::forbidden);
  EXPECT_EQ(CodeOf(ReadUser(As(Role::agent, kAgencyA1), kDistB, colleague)), Errc::not_found);
  me.role = Role::distributor_admin;
  EXPECT_TRUE(UpdateUser(As(Role::distributor_admin, kDistA), kDistA, me, {"Renamed", {}, {}}));
  EXPECT_EQ(CodeOf(UpdateUser(As(Role::distributor_admin, kDistA), kDistA, me, {{}, {}, UserStatus::disabled})),
            Errc::forbidden);
  EXPECT_EQ(CodeOf(UpdateUser(As(Role::distributor_admin, kDistA), kDistA, me, {{}, Role::agent, {}})),
            Errc::forbidden);
}

}  // namespace
}  // namespace hotel::identity::rules
