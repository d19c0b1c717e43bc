// Suppliers over SQLite (a file per test, WAL with reader connections, as in production).
#include "adapters/sqlite/sqlite_test_scratch.hpp"
#include "modules/supplier-adapter/supplier_store_contract.hpp"

namespace hotel::supplier_adapter::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Sqlite, SupplierStoreContractTest,
                         ::testing::Values(adapters::testing::SqliteFileBackend()),
                         ports::testing::ContractBackendName);

}  // namespace
}  // namespace hotel::supplier_adapter::testing
