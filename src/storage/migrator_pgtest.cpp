// Migrator on PostgreSQL: the shared migrator contract against a scratch database per test.
#include "adapters/postgres/postgres_database.hpp"
#include "adapters/postgres/postgres_test_server.hpp"
#include "storage/migrator_contract.hpp"

#include <gtest/gtest.h>

namespace hotel::storage {
namespace {

using ports::testing::ContractBackend;
using testing::MigratorContractTest;

INSTANTIATE_TEST_SUITE_P(Postgres, MigratorContractTest,
                         ::testing::Values(ContractBackend{"Server", adapters::testing::PostgresScratch::Make,
                                                           adapters::OpenPostgresDatabase}),
                         ports::testing::ContractBackendName);

}  // namespace
}  // namespace hotel::storage
