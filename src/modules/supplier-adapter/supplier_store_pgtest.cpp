// Suppliers over PostgreSQL (READ COMMITTED): the same suite against a scratch database per test.
#include "adapters/postgres/postgres_database.hpp"
#include "adapters/postgres/postgres_test_server.hpp"
#include "modules/supplier-adapter/supplier_store_contract.hpp"

namespace hotel::supplier_adapter::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Postgres, SupplierStoreContractTest,
                         ::testing::Values(ports::testing::ContractBackend{
                             "Server", adapters::testing::PostgresScratch::Make, adapters::OpenPostgresDatabase}),
                         ports::testing::ContractBackendName);

}  // namespace
}  // namespace hotel::supplier_adapter::testing
