// The order flows on PostgreSQL (READ COMMITTED): a scratch database per test.
#include "adapters/postgres/postgres_database.hpp"
#include "adapters/postgres/postgres_test_server.hpp"
#include "modules/order-service/order_flow_contract.hpp"

namespace hotel::orders::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Postgres, OrderFlowTest,
                         ::testing::Values(ports::testing::ContractBackend{
                             "Server", adapters::testing::PostgresScratch::Make, adapters::OpenPostgresDatabase}),
                         ports::testing::ContractBackendName);

}  // namespace
}  // namespace hotel::orders::testing
