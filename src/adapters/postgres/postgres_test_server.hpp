// Test-only: the PostgreSQL server under test (HOTEL_TEST_POSTGRES_URL) and a scratch database
// per test, created and dropped over plain libpq so the adapter under test is not involved.
#pragma once

#include "ports/database_test_fixture.hpp"

#include <gtest/gtest.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>

namespace hotel::adapters::testing {

// The server's URL. Missing is a test FAILURE, never a skip: CI must run these tests.
inline std::optional<std::string> TestServerUrl() {
  const char* url = std::getenv("HOTEL_TEST_POSTGRES_URL");
  if (url && *url) return std::string(url);
  ADD_FAILURE() << "HOTEL_TEST_POSTGRES_URL is not set. Start a server and point the tests at it:\n"
                   "  deploy/scripts/pg-test-server.sh start\n"
                   "  export HOTEL_TEST_POSTGRES_URL=$(deploy/scripts/pg-test-server.sh url)";
  return std::nullopt;
}

// `url` with its database name replaced by `dbname` (the path of the URI).
inline std::string WithDatabase(const std::string& url, const std::string& dbname) {
  auto authority = url.find("://");
  authority = authority == std::string::npos ? 0 : authority + 3;
  auto path = url.find_first_of("/?", authority);
  if (path == std::string::npos) return url + "/" + dbname;
  auto query = url.find('?', path);
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  return url.substr(0, path) + "/" + dbname + tail;
}

// Runs one admin statement; reports failures as test failures.
inline bool AdminExec(const std::string& url, const std::string& sql) {
  PGconn* conn = PQconnectdb(url.c_str());
  bool ok = PQstatus(conn) == CONNECTION_OK;
  if (!ok) {
    ADD_FAILURE() << "cannot reach the test PostgreSQL server: " << PQerrorMessage(conn)
                  << "(is deploy/scripts/pg-test-server.sh start running?)";
  } else {
    PGresult* res = PQexec(conn, sql.c_str());
    ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
    if (!ok) ADD_FAILURE() << sql << ": " << PQresultErrorMessage(res);
    PQclear(res);
  }
  PQfinish(conn);
  return ok;
}

// A database of its own for one test, dropped (connections and all) afterwards.
class PostgresScratch final : public ports::testing::ScratchDatabase {
 public:
  PostgresScratch(std::string server_url, std::string dbname)
      : server_url_(std::move(server_url)), dbname_(std::move(dbname)) {}
  ~PostgresScratch() override { AdminExec(server_url_, "DROP DATABASE IF EXISTS " + dbname_ + " WITH (FORCE)"); }
  std::string url() const override { return WithDatabase(server_url_, dbname_); }

  static std::unique_ptr<ports::testing::ScratchDatabase> Make() {
    auto server = TestServerUrl();
    if (!server) return nullptr;
    static std::atomic<int> counter{0};
    std::string name = "hotel_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    AdminExec(*server, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    if (!AdminExec(*server, "CREATE DATABASE " + name)) return nullptr;
    return std::make_unique<PostgresScratch>(*server, name);
  }

 private:
  std::string server_url_;
  std::string dbname_;
};

}  // namespace hotel::adapters::testing
