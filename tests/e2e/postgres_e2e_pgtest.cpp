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
  const std::map<std::string, std::string> env{{"DATABASE_URL", db->url()}};
  auto up = RunCommand({HotelBinary(), "migrate", "up"}, env);
  ASSERT_EQ(up.exit_code, 0) << up.err << up.out;
  auto status = RunCommand({HotelBinary(), "migrate", "status"}, env);
  EXPECT_EQ(status.out.find("pending"), std::string::npos) << status.out;
  ASSERT_EQ(RunCommand({HotelBinary(), "migrate", "down", "100"}, env).exit_code, 0);
  status = RunCommand({HotelBinary(), "migrate", "status"}, env);
  EXPECT_EQ(status.out.find("applied"), std::string::npos) << status.out;
  ASSERT_EQ(RunCommand({HotelBinary(), "migrate", "up"}, env).exit_code, 0);
  status = RunCommand({HotelBinary(), "migrate", "status"}, env);
  EXPECT_EQ(status.out.find("pending"), std::string::npos) << status.out;
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
