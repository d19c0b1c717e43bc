// Test fixture for database tests: a scratch database per test on a chosen adapter (tests only).
#pragma once

#include "ports/database.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace hotel::ports::testing {

// A fresh, empty database for one test; deleted (dropped) when destroyed.
class ScratchDatabase {
 public:
  virtual ~ScratchDatabase() = default;
  virtual std::string url() const = 0;
};

struct ContractBackend {
  std::string name;
  // Returns nullptr after reporting (ADD_FAILURE) why no database could be made.
  std::function<std::unique_ptr<ScratchDatabase>()> make_scratch;
  std::function<Result<std::unique_ptr<Database>>(const DatabaseOptions&)> open;
};

inline void PrintTo(const ContractBackend& backend, std::ostream* os) { *os << backend.name; }

inline std::string ContractBackendName(const ::testing::TestParamInfo<ContractBackend>& info) {
  return info.param.name;
}

// Fixture shared by the database and migrator contracts: `db()` is an open handle on a
// scratch database made for this test alone.
class ScratchDatabaseTest : public ::testing::TestWithParam<ContractBackend> {
 protected:
  void SetUp() override {
    scratch_ = GetParam().make_scratch();
    ASSERT_NE(scratch_, nullptr) << "no scratch database for backend " << GetParam().name;
    db_ = Open();
    ASSERT_NE(db_, nullptr);
  }
  void TearDown() override {
    db_.reset();  // close connections before the scratch database is dropped
    scratch_.reset();
  }

  std::unique_ptr<Database> Open(DatabaseOptions options = {}) {
    options.url = scratch_->url();
    auto db = GetParam().open(options);
    EXPECT_TRUE(db) << (db ? "" : db.error().detail);
    return db ? std::move(*db) : nullptr;
  }

  Database& db() { return *db_; }
  bool IsSqlite() { return db_->dialect() == Dialect::sqlite; }

  // Runs a statement that must succeed; returns its result.
  SqlResult Must(std::string_view sql, std::vector<SqlValue> params = {}) {
    auto r = db_->Execute(sql, params);
    EXPECT_TRUE(r) << sql << " -> " << (r ? "" : r.error().detail);
    return r ? std::move(*r) : SqlResult{};
  }
  std::int64_t Count(std::string_view table) {
    auto r = Must("SELECT COUNT(*) FROM " + std::string(table));
    return r.rows.empty() ? -1 : r.rows[0].GetInt(0);
  }

  std::unique_ptr<ScratchDatabase> scratch_;
  std::unique_ptr<Database> db_;
};

}  // namespace hotel::ports::testing
