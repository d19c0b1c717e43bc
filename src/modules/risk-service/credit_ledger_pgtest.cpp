// The credit ledger over PostgreSQL (READ COMMITTED): the same suite, a scratch database per test.
#include "adapters/postgres/postgres_database.hpp"
#include "adapters/postgres/postgres_test_server.hpp"
#include "modules/risk-service/credit_ledger_contract.hpp"

namespace hotel::credit::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Postgres, CreditLedgerContractTest,
                         ::testing::Values(ports::testing::ContractBackend{
                             "Server", adapters::testing::PostgresScratch::Make, adapters::OpenPostgresDatabase}),
                         ports::testing::ContractBackendName);

}  // namespace
}  // namespace hotel::credit::testing
