// The Migrator's behaviour on a real engine: one gtest suite instantiated per adapter (tests only).
#pragma once

#include "ports/database_test_fixture.hpp"
#include "storage/migrator.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

namespace hotel::storage::testing {

class MigratorContractTest : public ports::testing::ScratchDatabaseTest {
 protected:
  std::vector<Migration> Embedded() { return EmbeddedMigrations(db().dialect()); }

  bool TableExists(const std::string& table) {
    auto r = IsSqlite() ? db().Execute("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = $1",
                                       std::vector<ports::SqlValue>{table})
                        : db().Execute("SELECT to_regclass($1) IS NOT NULL", std::vector<ports::SqlValue>{table});
    EXPECT_TRUE(r);
    return r && r->rows.at(0).GetBool(0);
  }

  std::vector<int> AppliedVersions() {
    std::vector<int> out;
    for (const auto& row : Must("SELECT version FROM schema_migrations ORDER BY version").rows) {
      out.push_back(static_cast<int>(row.GetInt(0)));
    }
    return out;
  }

  std::vector<int> EmbeddedVersions() {
    std::vector<int> out;
    for (const auto& m : Embedded()) out.push_back(m.version);
    return out;
  }
};

TEST_P(MigratorContractTest, UpAppliesEveryEmbeddedMigrationAndTheSeedRows) {
  Migrator migrator(db(), Embedded());
  auto applied = migrator.Up();
  ASSERT_TRUE(applied) << applied.error().detail;
  EXPECT_EQ(*applied, EmbeddedVersions());
  EXPECT_EQ(AppliedVersions(), EmbeddedVersions());

  auto flags = Must("SELECT name, enabled, rollout_pct FROM feature_flags ORDER BY name").rows;
  ASSERT_EQ(flags.size(), 5u);
  std::vector<std::string> names;
  for (const auto& f : flags) {
    names.push_back(f.GetString(0));
    EXPECT_EQ(f.values[1], ports::SqlValue(false)) << f.GetString(0) << " must ship disabled";
    EXPECT_EQ(f.GetInt(2), 100);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"admin.v2", "matching.ai.boost", "risk.auto.reject",
                                             "settlement.auto.reconcile", "supplier.realtime.sync"}));
  std::string weight_sql = IsSqlite() ? "SELECT json_extract(value, '$.price'), env FROM platform_config WHERE key = $1"
                                      : "SELECT (value->>'price')::float8, env FROM platform_config WHERE key = $1";
  auto weights = Must(weight_sql, {std::string("matching.algorithm.weights")});
  ASSERT_EQ(weights.rows.size(), 1u);
  EXPECT_DOUBLE_EQ(weights.rows[0].GetDouble(0), 0.4);
  EXPECT_EQ(weights.rows[0].GetString(1), "default");

  auto again = migrator.Up();
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->empty()) << "a second Up has nothing to do";
}

TEST_P(MigratorContractTest, SchemaEnforcesTheSeedsConstraints) {
  ASSERT_TRUE(Migrator(db(), Embedded()).Up());
  auto bad_pct = db().Execute("INSERT INTO feature_flags (name, rollout_pct) VALUES ('x', 101)");
  ASSERT_FALSE(bad_pct);
  auto dup_key = db().Execute(
      "INSERT INTO platform_config (key, value) VALUES ('matching.algorithm.weights', '{}')");
  ASSERT_FALSE(dup_key);
  EXPECT_EQ(dup_key.error().code, Errc::conflict);
  auto bad_json = db().Execute("INSERT INTO platform_config (key, value) VALUES ('k', 'not json')");
  EXPECT_FALSE(bad_json);
  auto bad_kind = db().Execute("INSERT INTO config_audit (actor, kind, name) VALUES ('ops', 'other', 'k')");
  EXPECT_FALSE(bad_kind);
  auto defaults = Must("INSERT INTO feature_flags (name) VALUES ('new.flag') RETURNING enabled, rollout_pct, updated_at");
  ASSERT_EQ(defaults.rows.size(), 1u);
  EXPECT_FALSE(defaults.rows[0].GetBool(0));
  EXPECT_EQ(defaults.rows[0].GetInt(1), 100);
  EXPECT_FALSE(defaults.rows[0].IsNull(2));
}

TEST_P(MigratorContractTest, StatusListsAppliedAndPendingMigrations) {
  Migrator migrator(db(), Embedded());
  auto before = migrator.Status();
  ASSERT_TRUE(before) << before.error().detail;
  ASSERT_EQ(before->size(), Embedded().size());
  for (const auto& s : *before) EXPECT_FALSE(s.applied) << s.version;

  ASSERT_TRUE(migrator.Up(1));
  auto after = migrator.Status();
  ASSERT_TRUE(after);
  ASSERT_EQ(after->size(), Embedded().size());
  EXPECT_EQ((*after)[0].version, 1);
  EXPECT_EQ((*after)[0].name, "config_center");
  EXPECT_TRUE((*after)[0].applied);
  ASSERT_TRUE((*after)[0].applied_at.has_value());
  EXPECT_EQ((*after)[0].applied_at->size(), std::string("2026-01-31T12:00:00.000Z").size()) << *(*after)[0].applied_at;
  EXPECT_EQ((*after)[0].applied_at->back(), 'Z');
  EXPECT_FALSE((*after)[1].applied);
}

TEST_P(MigratorContractTest, DownAllThenUpRoundTrips) {
  Migrator migrator(db(), Embedded());
  ASSERT_TRUE(migrator.Up());
  auto down = migrator.Down(static_cast<int>(Embedded().size()));
  ASSERT_TRUE(down) << down.error().detail;
  auto expected = EmbeddedVersions();
  std::reverse(expected.begin(), expected.end());
  EXPECT_EQ(*down, expected);
  EXPECT_FALSE(TableExists("platform_config"));
  EXPECT_FALSE(TableExists("feature_flags"));
  EXPECT_FALSE(TableExists("config_audit"));
  EXPECT_TRUE(AppliedVersions().empty());

  auto nothing = migrator.Down(3);
  ASSERT_TRUE(nothing);
  EXPECT_TRUE(nothing->empty());

  auto up = migrator.Up();
  ASSERT_TRUE(up) << up.error().detail;
  EXPECT_EQ(*up, EmbeddedVersions());
  EXPECT_EQ(Count("feature_flags"), 5);
}

TEST_P(MigratorContractTest, DownOnAFreshDatabaseIsANoOp) {
  auto down = Migrator(db(), Embedded()).Down();
  ASSERT_TRUE(down) << down.error().detail;
  EXPECT_TRUE(down->empty());
}

TEST_P(MigratorContractTest, FailingMigrationLeavesSchemaAndVersionsUnchanged) {
  auto migrations = Embedded();
  ASSERT_TRUE(Migrator(db(), migrations).Up());
  // The first statement succeeds, the second fails: the first must be undone with it.
  migrations.push_back({90, "broken",
                        "CREATE TABLE broken_half (id INTEGER PRIMARY KEY);\n"
                        "INSERT INTO feature_flags (name) VALUES ('half.applied');\n"
                        "INSERT INTO no_such_table (id) VALUES (1);\n",
                        "DROP TABLE broken_half;"});
  auto r = Migrator(db(), migrations).Up();
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().detail.find("90_broken"), std::string::npos) << r.error().detail;
  EXPECT_FALSE(TableExists("broken_half"));
  EXPECT_EQ(Count("feature_flags"), 5);
  EXPECT_EQ(AppliedVersions(), EmbeddedVersions());
}

TEST_P(MigratorContractTest, InvalidMigrationSetsAreRejectedBeforeTouchingTheDatabase) {
  std::vector<Migration> duplicate = {{1, "a", "CREATE TABLE a (id INTEGER);", "DROP TABLE a;"},
                                      {1, "b", "CREATE TABLE b (id INTEGER);", "DROP TABLE b;"}};
  auto dup = Migrator(db(), duplicate).Up();
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, Errc::validation_failed);
  std::vector<Migration> no_down = {{1, "a", "CREATE TABLE a (id INTEGER);", ""}};
  auto missing = Migrator(db(), no_down).Up();
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().detail.find("down"), std::string::npos);
  EXPECT_FALSE(TableExists("a"));
  EXPECT_FALSE(TableExists("schema_migrations"));
}

TEST_P(MigratorContractTest, GapsInVersionsAreFineAndStepsLimitWork) {
  std::vector<Migration> gappy = {{1, "one", "CREATE TABLE one (id INTEGER);", "DROP TABLE one;"},
                                  {5, "five", "CREATE TABLE five (id INTEGER);", "DROP TABLE five;"},
                                  {20, "twenty", "CREATE TABLE twenty (id INTEGER);", "DROP TABLE twenty;"}};
  Migrator migrator(db(), gappy);
  EXPECT_EQ(*migrator.Up(2), (std::vector<int>{1, 5}));
  EXPECT_EQ(*migrator.Up(), (std::vector<int>{20}));
  EXPECT_EQ(*migrator.Down(2), (std::vector<int>{20, 5}));
  EXPECT_TRUE(TableExists("one"));
  EXPECT_FALSE(TableExists("five"));
}

TEST_P(MigratorContractTest, TwoMigratorsAtOnceApplyEachMigrationOnce) {
  // A second handle is a second set of connections (a second process, in effect); the
  // in-memory database exists per handle, so there both share one.
  auto second = scratch_->url() == "sqlite::memory:" ? nullptr : Open();
  ports::Database& other = second ? *second : db();
  std::vector<Migration> slow = Embedded();
  Result<std::vector<int>> ra = Error{}, rb = Error{};
  std::thread ta([&] { ra = Migrator(db(), slow).Up(); });
  std::thread tb([&] { rb = Migrator(other, slow).Up(); });
  ta.join();
  tb.join();
  ASSERT_TRUE(ra) << ra.error().detail;
  ASSERT_TRUE(rb) << rb.error().detail;
  EXPECT_EQ(ra->size() + rb->size(), Embedded().size());
  EXPECT_EQ(AppliedVersions(), EmbeddedVersions());
  EXPECT_EQ(Count("feature_flags"), 5);
}

}  // namespace hotel::storage::testing
