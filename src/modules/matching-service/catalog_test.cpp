// The catalog over SQLite (a file per test, WAL with reader connections, as in production).
#include "adapters/sqlite/sqlite_database.hpp"
#include "modules/matching-service/catalog_contract.hpp"
#include "support/test_support.hpp"

namespace hotel::matching::testing {
namespace {

class SqliteFileScratch final : public ports::testing::ScratchDatabase {
 public:
  std::string url() const override { return "sqlite://" + dir_.path() + "/hotel.db"; }

 private:
  hotel::testing::TempDir dir_;
};

INSTANTIATE_TEST_SUITE_P(Sqlite, CatalogContractTest,
                         ::testing::Values(ports::testing::ContractBackend{
                             "File", [] { return std::make_unique<SqliteFileScratch>(); },
                             adapters::OpenSqliteDatabase}),
                         ports::testing::ContractBackendName);

}  // namespace
}  // namespace hotel::matching::testing
