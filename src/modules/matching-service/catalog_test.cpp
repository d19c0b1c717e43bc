// The catalog over SQLite (a file per test, WAL with reader connections, as in production).
#include "adapters/sqlite/sqlite_test_scratch.hpp"
#include "modules/matching-service/catalog_contract.hpp"

namespace hotel::matching::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Sqlite, CatalogContractTest,
                         ::testing::Values(adapters::testing::SqliteFileBackend()),
                         ports::testing::ContractBackendName);

}  // namespace
}  // namespace hotel::matching::testing
