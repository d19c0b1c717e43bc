// Test-only: SQLite scratch databases (a file in a directory of its own, WAL with reader
// connections as in production; or in memory) and the contract backends that open them.
#pragma once

#include "adapters/sqlite/sqlite_database.hpp"
#include "ports/database_test_fixture.hpp"
#include "support/test_support.hpp"

#include <memory>
#include <string>

namespace hotel::adapters::testing {

// A database file in a fresh temporary directory, removed with it.
class SqliteFileScratch final : public ports::testing::ScratchDatabase {
 public:
  std::string url() const override { return "sqlite://" + dir_.path() + "/hotel.db"; }

 private:
  hotel::testing::TempDir dir_;
};

// An in-memory database, private to each handle opened on it.
class SqliteMemoryScratch final : public ports::testing::ScratchDatabase {
 public:
  std::string url() const override { return "sqlite::memory:"; }
};

// Contract backends for INSTANTIATE_TEST_SUITE_P, named "File" and "Memory".
inline ports::testing::ContractBackend SqliteFileBackend() {
  return {"File", [] { return std::make_unique<SqliteFileScratch>(); }, OpenSqliteDatabase};
}

inline ports::testing::ContractBackend SqliteMemoryBackend() {
  return {"Memory", [] { return std::make_unique<SqliteMemoryScratch>(); }, OpenSqliteDatabase};
}

}  // namespace hotel::adapters::testing
