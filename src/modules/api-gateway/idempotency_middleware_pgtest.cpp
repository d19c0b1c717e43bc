// The Idempotency-Key middleware suite over PostgreSQL: a scratch database per test.
#include "adapters/postgres/postgres_database.hpp"
#include "adapters/postgres/postgres_test_server.hpp"
#include "modules/api-gateway/idempotency_contract.hpp"

namespace hotel::api_gateway::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Postgres, IdempotencyContractTest,
                         ::testing::Values(ports::testing::ContractBackend{
                             "Server", adapters::testing::PostgresScratch::Make, adapters::OpenPostgresDatabase}),
                         ports::testing::ContractBackendName);

}  // namespace
}  // namespace hotel::api_gateway::testing
