// markup_rules and fx_rates over SQLite (a file per test, WAL with reader connections).
#include "adapters/sqlite/sqlite_test_scratch.hpp"
#include "modules/pricing-service/pricing_store_contract.hpp"

namespace hotel::pricing::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Sqlite, PricingStoreContractTest, ::testing::Values(adapters::testing::SqliteFileBackend()),
                         ports::testing::ContractBackendName);

}  // namespace
}  // namespace hotel::pricing::testing
