// OpenDatabase routes DATABASE_URL to an adapter by scheme and never needs a live server.
#include "adapters/postgres/postgres_database.hpp"
#include "ports/database.hpp"

#include <gtest/gtest.h>

#include <chrono>

namespace hotel::ports {
namespace {

TEST(OpenDatabaseTest, SqliteUrlsOpenTheEmbeddedAdapter) {
  auto db = OpenDatabase({.url = "sqlite::memory:"});
  ASSERT_TRUE(db) << db.error().detail;
  EXPECT_EQ((*db)->dialect(), Dialect::sqlite);
  EXPECT_EQ((*db)->Describe(), "sqlite::memory:");
  EXPECT_TRUE((*db)->Ping());
}

TEST(OpenDatabaseTest, PostgresUrlsOpenWithoutAServer) {
  for (std::string url : {"postgresql://app:pw@127.0.0.1:1/hotel", "postgres://app@127.0.0.1:1/hotel"}) {
    auto db = OpenDatabase({.url = url, .connect_timeout_ms = 500});
    ASSERT_TRUE(db) << url;
    EXPECT_EQ((*db)->dialect(), Dialect::postgres);
    EXPECT_EQ((*db)->Describe().find("pw"), std::string::npos);
    auto start = std::chrono::steady_clock::now();
    auto ping = (*db)->Ping();
    ASSERT_FALSE(ping);
    EXPECT_EQ(ping.error().code, Errc::upstream_unavailable);
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(1));
  }
}

TEST(OpenDatabaseTest, UnsupportedOrMalformedUrlsAreValidationErrorsNamingDatabaseUrl) {
  for (std::string url : {"", "mysql://u:secretpw@h/db", "sqlite:", "postgresql://u:secretpw@%zz/db", "file.db"}) {
    auto db = OpenDatabase({.url = url});
    ASSERT_FALSE(db) << url;
    EXPECT_EQ(db.error().code, Errc::validation_failed) << url;
    ASSERT_EQ(db.error().fields.size(), 1u) << url;
    EXPECT_EQ(db.error().fields[0].field, "DATABASE_URL");
    EXPECT_EQ(db.error().fields[0].message.find("secretpw"), std::string::npos) << db.error().fields[0].message;
  }
}

TEST(RedactPostgresUrlTest, RemovesPasswordsFromUserinfoAndQuery) {
  using adapters::RedactPostgresUrl;
  EXPECT_EQ(RedactPostgresUrl("postgresql://u:p@h:5432/db"), "postgresql://u@h:5432/db");
  EXPECT_EQ(RedactPostgresUrl("postgresql://u@h/db"), "postgresql://u@h/db");
  EXPECT_EQ(RedactPostgresUrl("postgresql://h/db?password=p&sslmode=require"), "postgresql://h/db?sslmode=require");
  EXPECT_EQ(RedactPostgresUrl("postgresql://u:p@h/db?sslmode=require&password=p"),
            "postgresql://u@h/db?sslmode=require");
  EXPECT_EQ(RedactPostgresUrl("postgresql://u:p%40x@h"), "postgresql://u@h");
  EXPECT_EQ(RedactPostgresUrl("postgresql://h:5432"), "postgresql://h:5432");
}

}  // namespace
}  // namespace hotel::ports
