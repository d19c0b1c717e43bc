// Identity over PostgreSQL: the same suite against a scratch database per test.
#include "adapters/postgres/postgres_database.hpp"
#include "adapters/postgres/postgres_test_server.hpp"
#include "modules/identity/identity_contract.hpp"

namespace hotel::identity::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Postgres, IdentityContractTest,
                         ::testing::Values(ports::testing::ContractBackend{
                             "Server", adapters::testing::PostgresScratch::Make, adapters::OpenPostgresDatabase}),
                         ports::testing::ContractBackendName);

}  // namespace
}  // namespace hotel::identity::testing
