// `hotel` against a real PostgreSQL: migrations round-trip, serve is ready.
#include "adapters/postgres/postgres_test_server.hpp"
#include "support/test_support.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace hotel::testing {
namespace {

TEST(PostgresE2e, MigrateDownThenUpRoundTrips) {
  auto db = adapters::testing::PostgresScratch::Make();
  ASSERT_TRUE(db);
  ExpectMigrateRoundTrip({{"DATABASE_URL", db->url()}});
}

TEST(PostgresE2e, ServeIsReadyOnPostgres) {
  auto db = adapters::testing::PostgresScratch::Make();
  ASSERT_TRUE(db);
  ASSERT_EQ(RunCommand({HotelBinary(), "migrate", "up"}, {{"DATABASE_URL", db->url()}}).exit_code, 0);
  HotelServer server({{"DATABASE_URL", db->url()}});
  auto ready = server.Get("/ready");
  EXPECT_EQ(ready.status, 200) << ready.body;
  EXPECT_EQ(boost::json::parse(ready.body).at("checks").at("database").at("status").as_string(), "up");
}

}  // namespace
}  // namespace hotel::testing
