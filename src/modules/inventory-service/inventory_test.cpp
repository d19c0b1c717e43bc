// Inventory over SQLite (a file per test, WAL with reader connections, as in production).
#include "adapters/sqlite/sqlite_test_scratch.hpp"
#include "modules/inventory-service/inventory_contract.hpp"

namespace hotel::inventory::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Sqlite, InventoryContractTest,
                         ::testing::Values(adapters::testing::SqliteFileBackend()),
                         ports::testing::ContractBackendName);

}  // namespace
}  // namespace hotel::inventory::testing
