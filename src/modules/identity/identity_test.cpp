// Identity over SQLite (a file per test, WAL with reader connections, as in production).
#include "adapters/sqlite/sqlite_test_scratch.hpp"
#include "modules/identity/identity_contract.hpp"

namespace hotel::identity::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Sqlite, IdentityContractTest,
                         ::testing::Values(adapters::testing::SqliteFileBackend()),
                         ports::testing::ContractBackendName);

}  // namespace
}  // namespace hotel::identity::testing
