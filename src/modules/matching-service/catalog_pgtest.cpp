// The catalog over PostgreSQL (READ COMMITTED): the same suite against a scratch database per test.
#include "adapters/postgres/postgres_database.hpp"
#include "adapters/postgres/postgres_test_server.hpp"
#include "modules/matching-service/catalog_contract.hpp"

namespace hotel::matching::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Postgres, CatalogContractTest,
                         ::testing::Values(ports::testing::ContractBackend{
                             "Server", adapters::testing::PostgresScratch::Make, adapters::OpenPostgresDatabase}),
                         ports::testing::ContractBackendName);

}  // namespace
}  // namespace hotel::matching::testing
