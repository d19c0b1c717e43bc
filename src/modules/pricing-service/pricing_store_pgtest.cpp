// markup_rules and fx_rates over PostgreSQL: the same suite against a scratch database per test.
#include "adapters/postgres/postgres_database.hpp"
#include "adapters/postgres/postgres_test_server.hpp"
#include "modules/pricing-service/pricing_store_contract.hpp"

namespace hotel::pricing::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Postgres, PricingStoreContractTest,
                         ::testing::Values(ports::testing::ContractBackend{
                             "Server", adapters::testing::PostgresScratch::Make, adapters::OpenPostgresDatabase}),
                         ports::testing::ContractBackendName);

}  // namespace
}  // namespace hotel::pricing::testing
