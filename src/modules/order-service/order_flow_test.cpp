// The order flows on SQLite (a file database with WAL readers, as in production).
#include "adapters/sqlite/sqlite_test_scratch.hpp"
#include "modules/order-service/order_flow_contract.hpp"

namespace hotel::orders::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Sqlite, OrderFlowTest, ::testing::Values(adapters::testing::SqliteFileBackend()),
                         ports::testing::ContractBackendName);

}  // namespace
}  // namespace hotel::orders::testing
