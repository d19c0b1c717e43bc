// Migrator on SQLite (file and in-memory), and the embedded migration set itself.
#include "adapters/sqlite/sqlite_database.hpp"
#include "adapters/sqlite/sqlite_test_scratch.hpp"
#include "storage/migrator.hpp"
#include "storage/migrator_contract.hpp"

#include <gtest/gtest.h>

namespace hotel::storage {
namespace {

using testing::MigratorContractTest;

INSTANTIATE_TEST_SUITE_P(Sqlite, MigratorContractTest,
                         ::testing::Values(adapters::testing::SqliteFileBackend(),
                                           adapters::testing::SqliteMemoryBackend()),
                         ports::testing::ContractBackendName);

TEST(EmbeddedMigrationsTest, BothDialectsShipTheSameVersionsAndNames) {
  auto sqlite = EmbeddedMigrations(ports::Dialect::sqlite);
  auto postgres = EmbeddedMigrations(ports::Dialect::postgres);
  ASSERT_GE(sqlite.size(), 2u);
  ASSERT_EQ(sqlite.size(), postgres.size());
  for (std::size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(sqlite[i].version, postgres[i].version);
    EXPECT_EQ(sqlite[i].name, postgres[i].name);
  }
  EXPECT_EQ(sqlite[0].version, 1);
  EXPECT_EQ(sqlite[0].name, "config_center");
  EXPECT_EQ(sqlite[1].name, "seed_config");
  EXPECT_TRUE(ValidateMigrations(sqlite));
  EXPECT_TRUE(ValidateMigrations(postgres));
}

TEST(EmbeddedMigrationsTest, ScriptsAreTheFilesVerbatim) {
  auto postgres = EmbeddedMigrations(ports::Dialect::postgres);
  EXPECT_NE(postgres[0].up_sql.find("value       JSONB NOT NULL"), std::string::npos);
  EXPECT_NE(postgres[0].down_sql.find("DROP TABLE platform_config;"), std::string::npos);
}

TEST(ValidateMigrationsTest, RejectsDuplicatesMissingDownAndBadVersions) {
  Migration ok{1, "a", "SELECT 1;", "SELECT 1;"};
  EXPECT_TRUE(ValidateMigrations({ok, {3, "b", "SELECT 1;", "SELECT 1;"}}));  // gaps are fine
  EXPECT_FALSE(ValidateMigrations({ok, {1, "b", "SELECT 1;", "SELECT 1;"}}));
  EXPECT_FALSE(ValidateMigrations({{2, "b", "SELECT 1;", "  \n"}}));
  EXPECT_FALSE(ValidateMigrations({{2, "b", "", "SELECT 1;"}}));
  EXPECT_FALSE(ValidateMigrations({{0, "zero", "SELECT 1;", "SELECT 1;"}}));
  EXPECT_TRUE(ValidateMigrations({{4, "noop_down", "SELECT 1;", "-- nothing to undo\n"}}));
}

TEST(MigratorTest, UnknownAppliedVersionIsReportedNotRolledBackBlindly) {
  auto db = adapters::OpenSqliteDatabase({.url = "sqlite::memory:"});
  ASSERT_TRUE(db);
  std::vector<Migration> newer = {{1, "a", "CREATE TABLE a (id INTEGER);", "DROP TABLE a;"},
                                  {2, "b", "CREATE TABLE b (id INTEGER);", "DROP TABLE b;"}};
  ASSERT_TRUE(Migrator(**db, newer).Up());
  Migrator older(**db, {newer[0]});
  auto status = older.Status();
  ASSERT_TRUE(status);
  ASSERT_EQ(status->size(), 2u);
  EXPECT_TRUE((*status)[1].applied);
  EXPECT_FALSE((*status)[1].known);
  auto down = older.Down();
  ASSERT_FALSE(down);
  EXPECT_NE(down.error().detail.find("2_b"), std::string::npos) << down.error().detail;
  EXPECT_TRUE((*db)->Execute("SELECT * FROM b"));
}

TEST(MigratorTest, NegativeStepsAreRejected) {
  auto db = adapters::OpenSqliteDatabase({.url = "sqlite::memory:"});
  ASSERT_TRUE(db);
  Migrator migrator(**db, EmbeddedMigrations(ports::Dialect::sqlite));
  EXPECT_EQ(migrator.Up(-1).error().code, Errc::validation_failed);
  EXPECT_EQ(migrator.Down(-1).error().code, Errc::validation_failed);
}

}  // namespace
}  // namespace hotel::storage
