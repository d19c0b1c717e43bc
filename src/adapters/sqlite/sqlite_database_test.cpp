// SQLite adapter: the shared database contract (file and in-memory) plus SQLite specifics.
#include "adapters/sqlite/sqlite_database.hpp"
#include "adapters/sqlite/sqlite_test_scratch.hpp"
#include "ports/database_contract.hpp"

#include <gtest/gtest.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

namespace hotel::adapters {
namespace {

namespace fs = std::filesystem;
using ports::SqlValue;
using ports::testing::DatabaseContractTest;

// A directory of its own per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = fs::temp_directory_path() /
            ("hotel-sqlite-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

INSTANTIATE_TEST_SUITE_P(Sqlite, DatabaseContractTest,
                         ::testing::Values(adapters::testing::SqliteFileBackend(), adapters::testing::SqliteMemoryBackend()),
                         ports::testing::ContractBackendName);

TEST(SqliteUrlTest, AcceptsAbsoluteRelativeAndMemoryForms) {
  EXPECT_EQ(SqlitePathFromUrl("sqlite:///var/lib/hotel.db"), "/var/lib/hotel.db");
  EXPECT_EQ(SqlitePathFromUrl("sqlite://var/hotel.db"), "var/hotel.db");
  EXPECT_EQ(SqlitePathFromUrl("sqlite:var/hotel.db"), "var/hotel.db");
  EXPECT_EQ(SqlitePathFromUrl("sqlite:/abs/hotel.db"), "/abs/hotel.db");
  EXPECT_EQ(SqlitePathFromUrl("sqlite::memory:"), ":memory:");
}

TEST(SqliteUrlTest, RejectsMalformedUrls) {
  EXPECT_EQ(SqlitePathFromUrl("sqlite:"), std::nullopt);
  EXPECT_EQ(SqlitePathFromUrl("sqlite://"), std::nullopt);
  EXPECT_EQ(SqlitePathFromUrl("sqlite:///x.db?mode=ro"), std::nullopt);
  EXPECT_EQ(SqlitePathFromUrl("postgresql://h/db"), std::nullopt);
  auto db = OpenSqliteDatabase({.url = "sqlite:"});
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, Errc::validation_failed);
  ASSERT_EQ(db.error().fields.size(), 1u);
  EXPECT_EQ(db.error().fields[0].field, "DATABASE_URL");
}

TEST(SqlitePlaceholderTest, RewritesDollarNumbersOutsideLiteralsAndComments) {
  EXPECT_EQ(RewritePlaceholders("SELECT $1, $12 FROM t WHERE a=$2"), "SELECT ?1, ?12 FROM t WHERE a=?2");
  EXPECT_EQ(RewritePlaceholders("SELECT '$1', 'it''s $2', \"$3\", `$4`, [$5]"),
            "SELECT '$1', 'it''s $2', \"$3\", `$4`, [$5]");
  EXPECT_EQ(RewritePlaceholders("SELECT $1 -- $2\n, $3 /* $4 */"), "SELECT ?1 -- $2\n, ?3 /* $4 */");
  EXPECT_EQ(RewritePlaceholders("SELECT col$1, $x FROM t"), "SELECT col$1, $x FROM t");
  EXPECT_EQ(RewritePlaceholders("SELECT 'unterminated $1"), "SELECT 'unterminated $1");
  EXPECT_EQ(RewritePlaceholders("$1"), "?1");
}

TEST(SqliteDatabaseTest, FileDatabaseUsesWalAndEnforcesForeignKeys) {
  TempDir dir;
  auto db = OpenSqliteDatabase({.url = "sqlite://" + (dir.path() / "a.db").string()});
  ASSERT_TRUE(db) << db.error().detail;
  auto mode = (*db)->Execute("PRAGMA journal_mode");
  ASSERT_TRUE(mode);
  EXPECT_EQ(mode->rows.at(0).GetString(0), "wal");
  ASSERT_TRUE((*db)->Execute("CREATE TABLE parent (id INTEGER PRIMARY KEY)"));
  ASSERT_TRUE((*db)->Execute("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id))"));
  auto orphan = (*db)->Execute("INSERT INTO child (id, parent_id) VALUES (1, 42)");
  ASSERT_FALSE(orphan);
  EXPECT_EQ(orphan.error().code, Errc::internal);
}

TEST(SqliteDatabaseTest, CreatesMissingParentDirectoriesAndResolvesRelativePathsFromCwd) {
  TempDir dir;
  auto cwd = fs::current_path();
  fs::current_path(dir.path());
  auto db = OpenSqliteDatabase({.url = "sqlite://nested/deeper/rel.db"});
  fs::current_path(cwd);
  ASSERT_TRUE(db) << db.error().detail;
  EXPECT_TRUE(fs::exists(dir.path() / "nested" / "deeper" / "rel.db"));
}

TEST(SqliteDatabaseTest, UnopenablePathIsAnErrorNotACrash) {
  auto db = OpenSqliteDatabase({.url = "sqlite:///proc/definitely/not/here.db"});
  ASSERT_FALSE(db);
  EXPECT_EQ(db.error().code, Errc::internal);
}

TEST(SqliteDatabaseTest, TwoHandlesOnOneFileSerializeTheirTransactions) {
  // Two Database objects on one file behave like two processes: only SQLite's file lock and
  // busy_timeout keep them apart, and no SQLITE_BUSY may reach the caller.
  TempDir dir;
  std::string url = "sqlite://" + (dir.path() / "shared.db").string();
  auto a = OpenSqliteDatabase({.url = url});
  auto b = OpenSqliteDatabase({.url = url});
  ASSERT_TRUE(a && b);
  ASSERT_TRUE((*a)->Execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)"));
  ASSERT_TRUE((*a)->Execute("INSERT INTO counter (id, n) VALUES (1, 0)"));
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    ports::Database& db = t % 2 ? **a : **b;
    threads.emplace_back([&db, &failures] {
      for (int i = 0; i < 25; ++i) {
        // Read, then write: only safe because the transaction holds the write lock throughout.
        auto r = db.Transaction([](ports::SqlSession& s) -> Result<void> {
          auto cur = s.Execute("SELECT n FROM counter WHERE id = 1");
          if (!cur) return cur.error();
          auto up = s.Execute("UPDATE counter SET n = $1 WHERE id = 1",
                              std::vector<SqlValue>{cur->rows.at(0).GetInt(0) + 1});
          return up ? Ok() : Result<void>(up.error());
        });
        if (!r) ++failures;
        if (!db.Execute("INSERT INTO counter (id, n) SELECT MAX(id) + 1, 0 FROM counter")) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto n = (*b)->Execute("SELECT n FROM counter WHERE id = 1");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->rows.at(0).GetInt(0), 200);
}

TEST(SqliteDatabaseTest, ExecuteTakesExactlyOneStatement) {
  auto db = OpenSqliteDatabase({.url = "sqlite::memory:"});
  ASSERT_TRUE(db);
  auto two = (*db)->Execute("SELECT 1; SELECT 2");
  ASSERT_FALSE(two);
  EXPECT_NE(two.error().detail.find("one statement"), std::string::npos);
  EXPECT_TRUE((*db)->Execute("SELECT 1; -- trailing comment"));
}

TEST(SqliteDatabaseTest, TransactionControlThroughExecuteIsRejectedAndUndone) {
  TempDir dir;
  auto db = OpenSqliteDatabase({.url = "sqlite://" + (dir.path() / "a.db").string()});
  ASSERT_TRUE(db);
  ASSERT_TRUE((*db)->Execute("CREATE TABLE t (id INTEGER PRIMARY KEY)"));
  EXPECT_FALSE((*db)->Execute("BEGIN"));
  // Had BEGIN stuck, this write would never commit and a second handle would not see it.
  ASSERT_TRUE((*db)->Execute("INSERT INTO t (id) VALUES (1)"));
  auto other = OpenSqliteDatabase({.url = "sqlite://" + (dir.path() / "a.db").string()});
  ASSERT_TRUE(other);
  EXPECT_EQ((*other)->Execute("SELECT COUNT(*) FROM t")->rows.at(0).GetInt(0), 1);
}

TEST(SqliteDatabaseTest, UsingTheDatabaseInsideItsOwnTransactionFailsInsteadOfDeadlocking) {
  auto db = OpenSqliteDatabase({.url = "sqlite::memory:"});
  ASSERT_TRUE(db);
  auto r = (*db)->Transaction([&](ports::SqlSession&) -> Result<void> {
    auto inner = (*db)->Execute("SELECT 1");
    if (!inner) return inner.error();
    return {};
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::internal);
  EXPECT_TRUE((*db)->Ping());
}

TEST(SqliteDatabaseTest, ExceptionInTransactionBodyRollsBack) {
  auto db = OpenSqliteDatabase({.url = "sqlite::memory:"});
  ASSERT_TRUE(db);
  ASSERT_TRUE((*db)->Execute("CREATE TABLE t (id INTEGER PRIMARY KEY)"));
  EXPECT_THROW((void)(*db)->Transaction([](ports::SqlSession& s) -> Result<void> {
    (void)s.Execute("INSERT INTO t (id) VALUES (1)");
    throw std::runtime_error("boom");
  }),
               std::runtime_error);
  EXPECT_EQ((*db)->Execute("SELECT COUNT(*) FROM t")->rows.at(0).GetInt(0), 0);
  EXPECT_TRUE((*db)->Transaction([](ports::SqlSession&) -> Result<void> { return {}; }));
}

}  // namespace
}  // namespace hotel::adapters
