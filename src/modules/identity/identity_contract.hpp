// Identity over a real database (tests only): repository, service, authenticator and the
// operator functions, one suite run on SQLite (identity_test.cpp) and PostgreSQL
// (identity_pgtest.cpp).
#pragma once

#include "modules/identity/bootstrap.hpp"
#include "modules/identity/identity.hpp"
#include "modules/identity/identity_testing.hpp"
#include "modules/identity/service.hpp"
#include "ports/database_test_fixture.hpp"
#include "storage/migrator.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <regex>

namespace hotel::identity::testing {

class IdentityContractTest : public ports::testing::ScratchDatabaseTest {
 protected:
  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    auto up = storage::Migrator(db(), storage::EmbeddedMigrations(db().dialect())).Up();
    ASSERT_TRUE(up) << up.error().detail;
    IdentityOptions o;
    o.jwt_secret = kTestSecret;
    o.password_cost = PasswordCost::Minimum();
    service_ = std::make_unique<IdentityService>(db(), clock_, o);
  }
  void TearDown() override {
    service_.reset();
    ScratchDatabaseTest::TearDown();
  }

  IdentityService& svc() { return *service_; }
  static Principal Root() { return IdentityService::Operator(); }

  template <class T>
  T Must(Result<T> r) {
    EXPECT_TRUE(r) << (r ? "" : std::string(CodeName(r.error().code)) + ": " + r.error().detail);
    return r ? std::move(*r) : T{};
  }
  using ScratchDatabaseTest::Must;

  Tenant NewTenantUnder(const std::string& parent, const std::string& name, const Principal& as = Root()) {
    return Must(svc().CreateTenant(as, {parent, name, std::nullopt, {}}));
  }
  User NewUserIn(const std::string& tenant, const std::string& email, Role role, const Principal& as = Root()) {
    return Must(svc().CreateUser(as, tenant, {email, "Someone", role, "password-123"}));
  }
  // The principal a user authenticates as, through a real login and token.
  Principal LoginAs(const std::string& email) {
    auto login = Must(svc().Login(email, "password-123"));
    return Must(svc().Authenticate(login.access_token, ""));
  }
  Errc CodeOf(const Result<Principal>& r) { return r ? Errc::internal : r.error().code; }

  // platform -> A (admin a@x.test) -> A1 (agent agent@x.test); platform -> B (admin b@x.test)
  struct World {
    Tenant a, a1, b;
    User a_admin, a1_agent, b_admin;
  };
  World MakeWorld() {
    World w;
    w.a = NewTenantUnder("tnt_platform", "Distributor A");
    w.b = NewTenantUnder("tnt_platform", "Distributor B");
    w.a1 = NewTenantUnder(w.a.id, "Agency A1");
    w.a_admin = NewUserIn(w.a.id, "a@x.test", Role::distributor_admin);
    w.b_admin = NewUserIn(w.b.id, "b@x.test", Role::distributor_admin);
    w.a1_agent = NewUserIn(w.a1.id, "agent@x.test", Role::agent);
    return w;
  }

  ManualClock clock_{Instant(std::chrono::seconds(1'800'000'000))};
  std::unique_ptr<IdentityService> service_;
};

TEST_P(IdentityContractTest, MigrationCreatesThePlatformTenant) {
  auto t = Must(svc().GetTenant(Root(), "tnt_platform"));
  EXPECT_EQ(t.kind, TenantKind::platform);
  EXPECT_FALSE(t.parent_id);
  EXPECT_EQ(t.path, "/tnt_platform/");
  EXPECT_EQ(t.status, TenantStatus::active);
}

TEST_P(IdentityContractTest, TimestampsReadBackAsIso8601Utc) {
  auto w = MakeWorld();
  const std::regex iso(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  auto t = Must(svc().GetTenant(Root(), w.a1.id));
  EXPECT_TRUE(std::regex_match(t.created_at, iso)) << t.created_at;
  EXPECT_EQ(t.created_at, FormatIso8601(clock_.Now()));
  (void)LoginAs("agent@x.test");
  auto u = Must(svc().GetUser(Root(), w.a1_agent.id));
  ASSERT_TRUE(u.last_login_at);
  EXPECT_EQ(*u.last_login_at, FormatIso8601(clock_.Now()));
}

TEST_P(IdentityContractTest, LoginTokenAuthenticatesAsTheUserWithTheTenantPath) {
  auto w = MakeWorld();
  auto login = Must(svc().Login("  Agent@X.test ", "password-123"));  // emails ignore case
  EXPECT_EQ(login.user.id, w.a1_agent.id);
  EXPECT_EQ(login.expires_at, FormatIso8601(clock_.Now() + std::chrono::hours(24)));
  auto p = Must(svc().Authenticate(login.access_token, ""));
  EXPECT_EQ(p.user_id, w.a1_agent.id);
  EXPECT_EQ(p.tenant_id, w.a1.id);
  EXPECT_EQ(p.tenant_path, "/tnt_platform/" + w.a.id + "/" + w.a1.id + "/");
  EXPECT_EQ(p.role, Role::agent);
  EXPECT_EQ(p.subject, "agent@x.test");
}

TEST_P(IdentityContractTest, WrongPasswordAndUnknownEmailGetTheSameAnswer) {
  MakeWorld();
  auto wrong = svc().Login("agent@x.test", "password-124");
  auto unknown = svc().Login("nobody@x.test", "password-123");
  ASSERT_FALSE(wrong);
  ASSERT_FALSE(unknown);
  EXPECT_EQ(wrong.error().code, Errc::unauthenticated);
  EXPECT_EQ(unknown.error().code, Errc::unauthenticated);
  EXPECT_EQ(wrong.error().detail, unknown.error().detail);
}

TEST_P(IdentityContractTest, ExpiredTokenIsRefused) {
  MakeWorld();
  auto login = Must(svc().Login("agent@x.test", "password-123"));
  clock_.Advance(std::chrono::hours(25));
  auto r = svc().Authenticate(login.access_token, "");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::unauthenticated);
}

TEST_P(IdentityContractTest, ApiKeyAuthenticatesUntilRevokedAndRevokingTwiceSucceeds) {
  auto w = MakeWorld();
  auto admin = LoginAs("a@x.test");
  auto key = Must(svc().CreateKey(admin, w.a1.id, {"Booking engine", Role::agent}));
  EXPECT_EQ(key.key.created_by, w.a_admin.id);
  auto p = Must(svc().Authenticate("", key.plaintext));
  EXPECT_EQ(p.api_key_id, key.key.id);
  EXPECT_EQ(p.tenant_id, w.a1.id);
  EXPECT_TRUE(p.user_id.empty());
  EXPECT_EQ(p.subject, key.key.prefix);
  // Stored as a hash only.
  EXPECT_EQ(Must("SELECT COUNT(*) FROM api_keys WHERE key_hash = $1", {HashApiKey(key.plaintext)}).rows[0].GetInt(0), 1);
  EXPECT_EQ(Must("SELECT COUNT(*) FROM api_keys WHERE key_hash = $1 OR prefix = $1", {key.plaintext}).rows[0].GetInt(0), 0);

  ASSERT_TRUE(svc().RevokeKey(admin, key.key.id));
  EXPECT_EQ(CodeOf(svc().Authenticate("", key.plaintext)), Errc::unauthenticated);
  EXPECT_TRUE(svc().RevokeKey(admin, key.key.id));
  auto listed = Must(svc().ListKeys(admin, w.a1.id, {}));
  ASSERT_EQ(listed.items.size(), 1u);
  EXPECT_TRUE(listed.items[0].revoked_at);
}

TEST_P(IdentityContractTest, UnknownAndMalformedKeysAreRefused) {
  EXPECT_EQ(CodeOf(svc().Authenticate("", GenerateApiKey().plaintext)), Errc::unauthenticated);
  EXPECT_EQ(CodeOf(svc().Authenticate("", "hk_live_short")), Errc::unauthenticated);
  EXPECT_EQ(CodeOf(svc().Authenticate("", "'; DROP TABLE api_keys; --")), Errc::unauthenticated);
  EXPECT_EQ(CodeOf(svc().Authenticate("", "")), Errc::unauthenticated);
}

TEST_P(IdentityContractTest, SuspendingAnAncestorBlocksDescendantUsersAndKeysOnTheNextCall) {
  auto w = MakeWorld();
  auto login = Must(svc().Login("agent@x.test", "password-123"));
  auto key = Must(svc().CreateKey(Root(), w.a1.id, {"k", Role::agent}));
  ASSERT_TRUE(svc().Authenticate(login.access_token, ""));
  ASSERT_TRUE(svc().Authenticate("", key.plaintext));

  Must(svc().SetTenantStatus(Root(), w.a.id, TenantStatus::suspended));
  EXPECT_EQ(CodeOf(svc().Authenticate(login.access_token, "")), Errc::unauthenticated);
  EXPECT_EQ(CodeOf(svc().Authenticate("", key.plaintext)), Errc::unauthenticated);
  EXPECT_FALSE(svc().Login("agent@x.test", "password-123"));
  EXPECT_FALSE(svc().Login("a@x.test", "password-123"));
  EXPECT_TRUE(svc().Login("b@x.test", "password-123")) << "a sibling is not affected";

  Must(svc().SetTenantStatus(Root(), w.a.id, TenantStatus::active));
  EXPECT_TRUE(svc().Authenticate(login.access_token, ""));
  EXPECT_TRUE(svc().Authenticate("", key.plaintext));
}

TEST_P(IdentityContractTest, DistributorAdminSuspendsItsSubAgentButNotItself) {
  auto w = MakeWorld();
  auto admin = LoginAs("a@x.test");
  EXPECT_EQ(Must(svc().SetTenantStatus(admin, w.a1.id, TenantStatus::suspended)).status, TenantStatus::suspended);
  EXPECT_EQ(svc().SetTenantStatus(admin, w.a.id, TenantStatus::suspended).error().code, Errc::forbidden);
  EXPECT_EQ(svc().SetTenantStatus(admin, w.b.id, TenantStatus::suspended).error().code, Errc::not_found);
}

TEST_P(IdentityContractTest, DisabledUserAndChangedRoleTakeEffectOnTheNextCall) {
  auto w = MakeWorld();
  auto login = Must(svc().Login("agent@x.test", "password-123"));
  auto admin = LoginAs("a@x.test");
  Must(svc().UpdateUser(admin, w.a1_agent.id, {std::nullopt, Role::finance, std::nullopt}));
  EXPECT_EQ(Must(svc().Authenticate(login.access_token, "")).role, Role::finance);
  Must(svc().UpdateUser(admin, w.a1_agent.id, {std::nullopt, std::nullopt, UserStatus::disabled}));
  EXPECT_EQ(CodeOf(svc().Authenticate(login.access_token, "")), Errc::unauthenticated);
}

TEST_P(IdentityContractTest, DistributorAdminCannotSeeASiblingDistributor) {
  auto w = MakeWorld();
  auto admin = LoginAs("a@x.test");
  EXPECT_EQ(svc().GetTenant(admin, w.b.id).error().code, Errc::not_found);
  EXPECT_EQ(svc().GetUser(admin, w.b_admin.id).error().code, Errc::not_found);
  EXPECT_EQ(svc().ListUsers(admin, w.b.id, {}).error().code, Errc::not_found);
  EXPECT_EQ(svc().CreateTenant(admin, {w.b.id, "Sneaky", std::nullopt, {}}).error().code, Errc::not_found);
  auto listed = Must(svc().ListTenants(admin, {}, {}));
  std::vector<std::string> ids;
  for (const auto& t : listed.items) ids.push_back(t.id);
  std::vector<std::string> expected = {w.a.id, w.a1.id};
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(ids, expected);
}

TEST_P(IdentityContractTest, AgentCannotCreateUsersAndSeesOnlyItsTenantAndItself) {
  auto w = MakeWorld();
  auto agent = LoginAs("agent@x.test");
  EXPECT_EQ(svc().CreateUser(agent, w.a1.id, {"n@x.test", "N", Role::agent, "password-123"}).error().code,
            Errc::forbidden);
  // Agents may never create users: 403 whatever the tenant, so a foreign or missing id
  // answers the same and reveals nothing.
  EXPECT_EQ(svc().CreateUser(agent, w.b.id, {"n@x.test", "N", Role::agent, "password-123"}).error().code,
            Errc::forbidden);
  EXPECT_EQ(svc().CreateUser(agent, "tnt_missing", {"n@x.test", "N", Role::agent, "password-123"}).error().code,
            Errc::forbidden);
  EXPECT_EQ(svc().GetTenant(agent, w.b.id).error().code, Errc::not_found);
  EXPECT_EQ(svc().GetUser(agent, w.b_admin.id).error().code, Errc::not_found);
  EXPECT_EQ(svc().GetUser(agent, w.a_admin.id).error().code, Errc::not_found) << "its parent is outside its subtree";
  EXPECT_EQ(svc().CreateKey(agent, w.a1.id, {"mine", Role::agent}).error().code, Errc::forbidden);
  EXPECT_TRUE(svc().GetUser(agent, w.a1_agent.id));
  EXPECT_TRUE(svc().GetTenant(agent, w.a1.id));
  auto listed = Must(svc().ListTenants(agent, {}, {}));
  ASSERT_EQ(listed.items.size(), 1u);
  EXPECT_EQ(listed.items[0].id, w.a1.id);
  auto me = Must(svc().Me(agent));
  EXPECT_EQ(me.tenant.id, w.a1.id);
  ASSERT_TRUE(me.user);
  EXPECT_EQ(me.user->email, "agent@x.test");
}

// Finance reads its tenant's money (orders, credit), not people or the tenant tree.
TEST_P(IdentityContractTest, FinanceReadsOnlyItsOwnTenantAndItselfAndChangesNothing) {
  auto w = MakeWorld();
  auto me = NewUserIn(w.a.id, "finance@x.test", Role::finance);
  auto finance = LoginAs("finance@x.test");
  EXPECT_TRUE(svc().GetTenant(finance, w.a.id));
  EXPECT_EQ(svc().GetTenant(finance, w.a1.id).error().code, Errc::forbidden);
  const auto tenants = Must(svc().ListTenants(finance, {}, {}));
  ASSERT_EQ(tenants.items.size(), 1u);
  EXPECT_EQ(tenants.items.front().id, w.a.id);
  EXPECT_EQ(svc().ListUsers(finance, w.a1.id, {}).error().code, Errc::forbidden);
  EXPECT_EQ(svc().ListUsers(finance, w.a.id, {}).error().code, Errc::forbidden);
  EXPECT_EQ(svc().GetUser(finance, w.a1_agent.id).error().code, Errc::forbidden);
  EXPECT_TRUE(svc().GetUser(finance, me.id));
  EXPECT_EQ(svc().ListUsers(finance, w.b.id, {}).error().code, Errc::forbidden);
  EXPECT_EQ(svc().ListKeys(finance, w.a1.id, {}).error().code, Errc::forbidden);
  EXPECT_EQ(svc().UpdateTenant(finance, w.a1.id, {"Renamed", std::nullopt}).error().code, Errc::forbidden);
  EXPECT_EQ(svc().SetTenantStatus(finance, w.a1.id, TenantStatus::suspended).error().code, Errc::forbidden);
}

TEST_P(IdentityContractTest, DistributorAdminBuildsItsSubtreeTwoLevelsDown) {
  auto w = MakeWorld();
  auto admin = LoginAs("a@x.test");
  auto deep = NewTenantUnder(w.a1.id, "Agency A1 branch", admin);
  EXPECT_EQ(deep.kind, TenantKind::subagent);
  EXPECT_EQ(deep.path, w.a1.path + deep.id + "/");
  EXPECT_EQ(deep.currency, "CNY");
  auto u = NewUserIn(deep.id, "branch@x.test", Role::finance, admin);
  EXPECT_EQ(u.tenant_id, deep.id);
  EXPECT_EQ(svc().CreateUser(admin, deep.id, {"p@x.test", "P", Role::platform_admin, "password-123"}).error().code,
            Errc::validation_failed);
  auto children = Must(svc().ListTenants(admin, {w.a1.id, std::nullopt}, {}));
  ASSERT_EQ(children.items.size(), 1u);
  EXPECT_EQ(children.items[0].id, deep.id);
}

TEST_P(IdentityContractTest, DuplicatesAreConflicts) {
  auto w = MakeWorld();
  EXPECT_EQ(svc().CreateUser(Root(), w.b.id, {"AGENT@x.test", "Dup", Role::agent, "password-123"}).error().code,
            Errc::conflict);
  EXPECT_EQ(svc().CreateTenant(Root(), {w.a.id, "Agency A1", std::nullopt, {}}).error().code, Errc::conflict);
  EXPECT_TRUE(svc().CreateTenant(Root(), {w.b.id, "Agency A1", std::nullopt, {}})) << "same name, other parent";
}

TEST_P(IdentityContractTest, TenantListPagesBySortedIdWithACursor) {
  std::vector<std::string> made;
  for (int i = 0; i < 5; ++i) made.push_back(NewTenantUnder("tnt_platform", "D" + std::to_string(i)).id);
  made.push_back("tnt_platform");
  std::sort(made.begin(), made.end());
  std::vector<std::string> seen;
  PageRequest page{2, std::nullopt};
  for (int guard = 0; guard < 10; ++guard) {
    auto p = Must(svc().ListTenants(Root(), {}, page));
    for (const auto& t : p.items) seen.push_back(t.id);
    if (!p.next_cursor) break;
    EXPECT_EQ(p.items.size(), 2u);
    page.cursor = p.next_cursor;
  }
  EXPECT_EQ(seen, made);
  auto suspended = Must(svc().ListTenants(Root(), {std::nullopt, TenantStatus::suspended}, {}));
  EXPECT_TRUE(suspended.items.empty());
}

TEST_P(IdentityContractTest, KeyLastUsedIsWrittenAtMostOncePerInterval) {
  auto w = MakeWorld();
  auto key = Must(svc().CreateKey(Root(), w.a1.id, {"k", Role::agent}));
  auto last_used = [&] { return Must(svc().ListKeys(Root(), w.a1.id, {})).items.at(0).last_used_at; };
  EXPECT_FALSE(last_used());
  ASSERT_TRUE(svc().Authenticate("", key.plaintext));
  const auto first = last_used();
  ASSERT_TRUE(first);
  EXPECT_EQ(*first, FormatIso8601(clock_.Now()));
  clock_.Advance(std::chrono::seconds(30));
  ASSERT_TRUE(svc().Authenticate("", key.plaintext));
  EXPECT_EQ(last_used(), first);
  clock_.Advance(std::chrono::seconds(31));
  ASSERT_TRUE(svc().Authenticate("", key.plaintext));
  EXPECT_EQ(last_used(), FormatIso8601(clock_.Now()));
}

TEST_P(IdentityContractTest, AuthenticatorPortRunsOnTheBlockingPool) {
  MakeWorld();
  runtime::BlockingPool pool(2);
  runtime::Settings settings;
  settings.jwt_secret = kTestSecret;
  auto auth = MakeAuthenticator(db(), pool, settings, &clock_);
  auto login = Must(svc().Login("agent@x.test", "password-123"));
  auto ok = RunAwaitable(auth->Authenticate({login.access_token, ""}));
  ASSERT_TRUE(ok) << ok.error().detail;
  EXPECT_EQ(ok->subject, "agent@x.test");
  auto bad = RunAwaitable(auth->Authenticate({login.access_token + "x", ""}));
  EXPECT_EQ(CodeOf(bad), Errc::unauthenticated);
  settings.jwt_secret = "too-short";
  EXPECT_THROW(MakeAuthenticator(db(), pool, settings), std::runtime_error);
}

TEST_P(IdentityContractTest, CliCreatesUsersAndKeysAsTheOperator) {
  auto user = CreateUserCli(db(), "platform", "platform_ops", "Ops@Platform.test", "Ops", "password-123",
                            PasswordCost::Minimum());
  ASSERT_TRUE(user) << user.error().detail;
  EXPECT_EQ(user->tenant_id, "tnt_platform");
  EXPECT_EQ(user->email, "ops@platform.test");
  EXPECT_EQ(CreateUserCli(db(), "platform", "agent", "x@p.test", "X", "password-123", PasswordCost::Minimum())
                .error().fields.at(0).field,
            "role");
  EXPECT_EQ(CreateUserCli(db(), "platform", "emperor", "x@p.test", "X", "password-123").error().fields.at(0).field,
            "role");
  EXPECT_EQ(CreateUserCli(db(), "tnt_nope", "agent", "x@p.test", "X", "password-123").error().code, Errc::not_found);
  auto key = CreateKeyCli(db(), "platform", "ops robot");
  ASSERT_TRUE(key) << key.error().detail;
  EXPECT_EQ(key->key.created_by, "operator");
  EXPECT_EQ(key->key.role, Role::platform_ops) << "agent is not a platform role";
  EXPECT_EQ(Must(svc().Authenticate("", key->plaintext)).role, Role::platform_ops);
  auto distributor = NewTenantUnder("tnt_platform", "D");
  auto agent_key = CreateKeyCli(db(), distributor.id, "booking");
  ASSERT_TRUE(agent_key) << agent_key.error().detail;
  EXPECT_EQ(agent_key->key.role, Role::agent);
  EXPECT_EQ(CreateKeyCli(db(), distributor.id, "x", "platform_admin").error().fields.at(0).field, "role");
}

TEST_P(IdentityContractTest, SeedDemoIsIdempotent) {
  DemoSeed seed{"admin-pass-1", "dist-pass-1", "agent-pass-1", "CNY", PasswordCost::Minimum()};
  auto first = SeedDemo(db(), seed);
  ASSERT_TRUE(first) << first.error().detail;
  EXPECT_TRUE(first->created_anything);
  ASSERT_TRUE(first->api_key);
  EXPECT_TRUE(first->platform_admin.created);
  auto second = SeedDemo(db(), seed);
  ASSERT_TRUE(second) << second.error().detail;
  EXPECT_FALSE(second->created_anything);
  EXPECT_FALSE(second->api_key) << "an existing key cannot be shown again";
  EXPECT_EQ(second->distributor_id, first->distributor_id);
  EXPECT_EQ(second->agency_id, first->agency_id);
  EXPECT_EQ(second->agent.id, first->agent.id);
  EXPECT_EQ(second->api_key_id, first->api_key_id);
  EXPECT_EQ(Count("tenants"), 3);
  EXPECT_EQ(Count("users"), 3);
  EXPECT_EQ(Count("api_keys"), 1);
  EXPECT_TRUE(svc().Login("dist-admin@demo.test", "dist-pass-1"));
  auto p = Must(svc().Authenticate("", *first->api_key));
  EXPECT_EQ(p.tenant_id, first->agency_id);
}

}  // namespace hotel::identity::testing
