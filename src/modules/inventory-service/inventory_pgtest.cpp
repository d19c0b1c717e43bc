// Inventory over PostgreSQL (READ COMMITTED): the same suite against a scratch database per test.
#include "adapters/postgres/postgres_database.hpp"
#include "adapters/postgres/postgres_test_server.hpp"
#include "modules/inventory-service/inventory_contract.hpp"

namespace hotel::inventory::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Postgres, InventoryContractTest,
                         ::testing::Values(ports::testing::ContractBackend{
                             "Server", adapters::testing::PostgresScratch::Make, adapters::OpenPostgresDatabase}),
                         ports::testing::ContractBackendName);

}  // namespace
}  // namespace hotel::inventory::testing
