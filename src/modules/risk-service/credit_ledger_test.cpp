// The credit ledger over SQLite (a file per test, WAL, several connections as in production).
#include "adapters/sqlite/sqlite_test_scratch.hpp"
#include "modules/risk-service/credit_ledger_contract.hpp"

namespace hotel::credit::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Sqlite, CreditLedgerContractTest, ::testing::Values(adapters::testing::SqliteFileBackend()),
                         ports::testing::ContractBackendName);

}  // namespace
}  // namespace hotel::credit::testing
