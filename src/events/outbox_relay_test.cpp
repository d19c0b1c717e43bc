// The outbox relay on SQLite: a database file (WAL, readers), shared by two handles in the
// two-relay case as two processes would share it.
#include "events/outbox_relay_contract.hpp"

#include "adapters/sqlite/sqlite_test_scratch.hpp"

namespace hotel::events::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Sqlite, OutboxRelayContractTest, ::testing::Values(adapters::testing::SqliteFileBackend()),
                         ports::testing::ContractBackendName);

}  // namespace
}  // namespace hotel::events::testing
