// The outbox relay on PostgreSQL (READ COMMITTED, FOR UPDATE SKIP LOCKED between the relays).
#include "events/outbox_relay_contract.hpp"

#include "adapters/postgres/postgres_database.hpp"
#include "adapters/postgres/postgres_test_server.hpp"

namespace hotel::events::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Postgres, OutboxRelayContractTest,
                         ::testing::Values(ports::testing::ContractBackend{
                             "Server", adapters::testing::PostgresScratch::Make, adapters::OpenPostgresDatabase}),
                         ports::testing::ContractBackendName);

}  // namespace
}  // namespace hotel::events::testing
