// PostgreSQL adapter against a real server: the shared contract plus pool, outage and retry behaviour.
#include "adapters/postgres/postgres_database.hpp"
#include "adapters/postgres/postgres_test_server.hpp"
#include "ports/database_contract.hpp"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <latch>
#include <mutex>
#include <thread>

namespace hotel::adapters {
namespace {

using ports::SqlValue;
using ports::testing::ContractBackend;
using ports::testing::DatabaseContractTest;
using testing::PostgresScratch;
using Clock = std::chrono::steady_clock;

INSTANTIATE_TEST_SUITE_P(Postgres, DatabaseContractTest,
                         ::testing::Values(ContractBackend{"Server", PostgresScratch::Make, OpenPostgresDatabase}),
                         ports::testing::ContractBackendName);

// --- sockets for outage tests -------------------------------------------------------------

int ListenOn(int port) {  // 127.0.0.1:port (0: any free port); -1 on failure
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 16) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

int PortOf(int fd) {
  sockaddr_in addr{};
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  return ntohs(addr.sin_port);
}

int FreePort() {  // nothing listens there once this returns
  int fd = ListenOn(0);
  int port = PortOf(fd);
  ::close(fd);
  return port;
}

// Forwards 127.0.0.1:listen_port to the real server; Stop() drops every connection, which is
// what a server restart looks like to the pool.
class TcpForwarder {
 public:
  TcpForwarder(int listen_port, int target_port) : listen_port_(listen_port), target_port_(target_port) {}
  ~TcpForwarder() { Stop(); }

  bool Start() {
    stopping_ = false;
    listen_fd_ = ListenOn(listen_port_);
    if (listen_fd_ < 0) return false;
    acceptor_ = std::thread([this] { AcceptLoop(); });
    return true;
  }

  void Stop() {
    stopping_ = true;
    if (acceptor_.joinable()) acceptor_.join();
    if (listen_fd_ >= 0) ::close(listen_fd_);
    listen_fd_ = -1;
    std::vector<std::thread> pumps;
    {
      std::lock_guard lock(mutex_);
      for (int fd : fds_) ::shutdown(fd, SHUT_RDWR);
      pumps.swap(pumps_);
    }
    for (auto& t : pumps) t.join();
    std::lock_guard lock(mutex_);
    for (int fd : fds_) ::close(fd);
    fds_.clear();
  }

 private:
  void AcceptLoop() {
    while (!stopping_) {
      pollfd p{listen_fd_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int client = ::accept(listen_fd_, nullptr, nullptr);
      if (client < 0) continue;
      int server = ::socket(AF_INET, SOCK_STREAM, 0);
      sockaddr_in addr{};
      addr.sin_family = AF_INET;
      addr.sin_port = htons(static_cast<uint16_t>(target_port_));
      addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      ::connect(server, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
      std::lock_guard lock(mutex_);
      fds_.push_back(client);
      fds_.push_back(server);
      pumps_.emplace_back([this, client, server] { Pump(client, server); });
    }
  }

  void Pump(int a, int b) {
    char buf[16384];
    pollfd p[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
    while (!stopping_) {
      if (::poll(p, 2, 50) <= 0) continue;
      for (int i = 0; i < 2; ++i) {
        if (!(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
        ssize_t n = ::read(p[i].fd, buf, sizeof buf);
        if (n <= 0 || ::write(p[1 - i].fd, buf, static_cast<size_t>(n)) != n) {
          ::shutdown(a, SHUT_RDWR);
          ::shutdown(b, SHUT_RDWR);
          return;
        }
      }
    }
  }

  int listen_port_, target_port_;
  int listen_fd_ = -1;
  std::atomic<bool> stopping_{false};
  std::thread acceptor_;
  std::mutex mutex_;
  std::vector<int> fds_;
  std::vector<std::thread> pumps_;
};

int ServerPort() {
  auto url = testing::TestServerUrl();
  if (!url) return -1;
  PGconn* conn = PQconnectdb(url->c_str());
  int port = PQstatus(conn) == CONNECTION_OK ? std::atoi(PQport(conn)) : -1;
  EXPECT_GT(port, 0) << "cannot reach the test server: " << PQerrorMessage(conn);
  PQfinish(conn);
  return port;
}

long MillisSince(Clock::time_point start) {
  return static_cast<long>(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count());
}

// --- outages ------------------------------------------------------------------------------

TEST(PostgresOutageTest, DeadPortOpensButCallsFailFastAsUnavailable) {
  std::string url = "postgresql://postgres@127.0.0.1:" + std::to_string(FreePort()) + "/postgres";
  auto db = ports::OpenDatabase({.url = url, .connect_timeout_ms = 2000});
  ASSERT_TRUE(db) << "construction must not need the server";
  auto start = Clock::now();
  auto ping = (*db)->Ping();
  ASSERT_FALSE(ping);
  EXPECT_EQ(ping.error().code, Errc::upstream_unavailable);
  auto exec = (*db)->Execute("SELECT 1");
  ASSERT_FALSE(exec);
  EXPECT_EQ(exec.error().code, Errc::upstream_unavailable);
  auto tx = (*db)->Transaction([](ports::SqlSession&) -> Result<void> { return {}; });
  ASSERT_FALSE(tx);
  EXPECT_EQ(tx.error().code, Errc::upstream_unavailable);
  EXPECT_LT(MillisSince(start), 1000);
}

TEST(PostgresOutageTest, SilentServerFailsAfterConnectTimeout) {
  int silent = ListenOn(0);  // accepts TCP (backlog) but never answers the startup packet
  ASSERT_GE(silent, 0);
  std::string url = "postgresql://postgres@127.0.0.1:" + std::to_string(PortOf(silent)) + "/postgres";
  auto db = ports::OpenDatabase({.url = url, .connect_timeout_ms = 300});
  ASSERT_TRUE(db);
  auto start = Clock::now();
  auto ping = (*db)->Ping();
  long elapsed = MillisSince(start);
  ::close(silent);
  ASSERT_FALSE(ping);
  EXPECT_EQ(ping.error().code, Errc::upstream_unavailable);
  EXPECT_GE(elapsed, 250);
  EXPECT_LT(elapsed, 1500);
}

TEST(PostgresOutageTest, WorksOnceTheServerIsReachableAndReconnectsAfterADrop) {
  int server_port = ServerPort();
  ASSERT_GT(server_port, 0);
  int port = FreePort();
  auto db = ports::OpenDatabase(
      {.url = "postgresql://postgres@127.0.0.1:" + std::to_string(port) + "/postgres", .pool_size = 2,
       .connect_timeout_ms = 1000});
  ASSERT_TRUE(db);
  EXPECT_EQ((*db)->Ping().error().code, Errc::upstream_unavailable);  // nothing listening yet

  TcpForwarder forwarder(port, server_port);
  ASSERT_TRUE(forwarder.Start());
  EXPECT_TRUE((*db)->Ping());
  EXPECT_TRUE((*db)->Execute("SELECT 1"));

  forwarder.Stop();  // every pooled connection is now dead
  auto down = (*db)->Ping();
  ASSERT_FALSE(down);
  EXPECT_EQ(down.error().code, Errc::upstream_unavailable);

  ASSERT_TRUE(forwarder.Start());
  EXPECT_TRUE((*db)->Ping()) << "a broken pooled connection must be replaced";
  auto r = (*db)->Execute("SELECT $1::int + 1 AS n", std::vector<SqlValue>{std::int64_t{41}});
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->rows.at(0).GetInt(0), 42);
}

// --- pool, types and transactions on a scratch database -----------------------------------

class PostgresDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    scratch_ = PostgresScratch::Make();
    ASSERT_NE(scratch_, nullptr);
  }
  std::unique_ptr<ports::Database> Open(ports::DatabaseOptions o = {}) {
    o.url = scratch_->url();
    auto db = OpenPostgresDatabase(o);
    EXPECT_TRUE(db);
    return db ? std::move(*db) : nullptr;
  }
  std::unique_ptr<ports::testing::ScratchDatabase> scratch_;
};

TEST_F(PostgresDatabaseTest, ResultValuesAreTypedByColumnOid) {
  auto db = Open();
  auto r = db->Execute(
      "SELECT 1::int2, 2::int4, 3::int8, true, 1.5::float4, 2.5::float8, 1.10::numeric, "
      "'{\"a\": 1}'::jsonb, 'x'::text, NULL::int, 'NaN'::float8, 26::oid");
  ASSERT_TRUE(r) << r.error().detail;
  const auto& v = r->rows.at(0).values;
  EXPECT_EQ(v[0], SqlValue(std::int64_t{1}));
  EXPECT_EQ(v[1], SqlValue(std::int64_t{2}));
  EXPECT_EQ(v[2], SqlValue(std::int64_t{3}));
  EXPECT_EQ(v[3], SqlValue(true));
  EXPECT_EQ(v[4], SqlValue(1.5));
  EXPECT_EQ(v[5], SqlValue(2.5));
  EXPECT_EQ(v[6], SqlValue(std::string("1.10")));  // numeric stays exact, as text
  EXPECT_EQ(v[7], SqlValue(std::string("{\"a\": 1}")));
  EXPECT_EQ(v[8], SqlValue(std::string("x")));
  EXPECT_EQ(v[9], SqlValue(std::monostate{}));
  EXPECT_TRUE(std::isnan(std::get<double>(v[10])));
  EXPECT_EQ(v[11], SqlValue(std::int64_t{26}));
}

TEST_F(PostgresDatabaseTest, ParametersCarryTheirTypeAndStringsCoerceToTheColumn) {
  auto db = Open();
  auto typed = db->Execute("SELECT $1 AS i, $2 AS b, $3 AS d, jsonb_build_object('n', $1) AS j",
                           std::vector<SqlValue>{std::int64_t{7}, true, 0.5});
  ASSERT_TRUE(typed) << typed.error().detail;
  EXPECT_EQ(typed->rows.at(0).values[0], SqlValue(std::int64_t{7}));
  EXPECT_EQ(typed->rows.at(0).values[1], SqlValue(true));
  EXPECT_EQ(typed->rows.at(0).values[2], SqlValue(0.5));
  EXPECT_EQ(typed->rows.at(0).GetString(3), "{\"n\": 7}");
  ASSERT_TRUE(db->Execute("CREATE TABLE t (at TIMESTAMPTZ, doc JSONB, amount NUMERIC(12,2), small INT)"));
  auto ins = db->Execute("INSERT INTO t VALUES ($1, $2, $3, $4)",
                         std::vector<SqlValue>{std::string("2026-01-31T12:00:00Z"), std::string("{\"k\":[1,2]}"),
                                               std::string("10.25"), std::int64_t{5}});
  ASSERT_TRUE(ins) << ins.error().detail;
  auto back = db->Execute("SELECT to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI'), doc->'k'->>1, amount, small FROM t");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->rows.at(0).GetString(0), "2026-01-31 12:00");
  EXPECT_EQ(back->rows.at(0).GetString(1), "2");
  EXPECT_EQ(back->rows.at(0).GetString(2), "10.25");
  EXPECT_EQ(back->rows.at(0).GetInt(3), 5);
}

TEST_F(PostgresDatabaseTest, StatementsRunPreparedFromTheirSecondUseAndFollowSchemaChanges) {
  ports::DatabaseOptions o;
  o.pool_size = 1;  // one connection: what it prepared is visible in pg_prepared_statements
  auto db = Open(o);
  const auto prepared = [&] {
    return db->Execute("SELECT COUNT(*) FROM pg_prepared_statements WHERE statement = $1",
                       std::vector<SqlValue>{std::string("SELECT $1::int8 + 1")})
        ->rows.at(0)
        .GetInt(0);
  };
  for (std::int64_t i = 0; i < 3; ++i) {
    auto r = db->Execute("SELECT $1::int8 + 1", std::vector<SqlValue>{i});
    ASSERT_TRUE(r) << r.error().detail;
    EXPECT_EQ(r->rows.at(0).GetInt(0), i + 1);
    if (i == 0) EXPECT_EQ(prepared(), 0);  // once: run unprepared
  }
  EXPECT_EQ(prepared(), 1);
  // The same text with another parameter type is another statement.
  for (int i = 0; i < 2; ++i) {
    auto r = db->Execute("SELECT $1::int8 + 1", std::vector<SqlValue>{std::string("41")});
    ASSERT_TRUE(r) << r.error().detail;
    EXPECT_EQ(r->rows.at(0).GetInt(0), 42);
  }
  // A table dropped and created again with other columns: the prepared statement is replanned.
  ASSERT_TRUE(db->Execute("CREATE TABLE t (a INT)"));
  ASSERT_TRUE(db->Execute("INSERT INTO t VALUES (1)"));
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(db->Execute("SELECT a FROM t WHERE a >= $1", std::vector<SqlValue>{std::int64_t{0}}));
  ASSERT_TRUE(db->Execute("DROP TABLE t"));
  ASSERT_TRUE(db->Execute("CREATE TABLE t (z TEXT, a INT)"));
  ASSERT_TRUE(db->Execute("INSERT INTO t VALUES ('x', 7)"));
  auto again = db->Execute("SELECT a FROM t WHERE a >= $1", std::vector<SqlValue>{std::int64_t{0}});
  ASSERT_TRUE(again) << again.error().detail;
  EXPECT_EQ(again->rows.at(0).GetInt(0), 7);
  // A statement that fails when it is prepared (its table is gone) is not remembered.
  ASSERT_TRUE(db->Execute("CREATE TABLE gone (a INT)"));
  ASSERT_TRUE(db->Execute("SELECT a FROM gone WHERE a = $1", std::vector<SqlValue>{std::int64_t{1}}));
  ASSERT_TRUE(db->Execute("DROP TABLE gone"));
  EXPECT_FALSE(db->Execute("SELECT a FROM gone WHERE a = $1", std::vector<SqlValue>{std::int64_t{1}}));
  ASSERT_TRUE(db->Execute("CREATE TABLE gone (a INT)"));
  for (int i = 0; i < 3; ++i) {
    auto r = db->Execute("SELECT a FROM gone WHERE a = $1", std::vector<SqlValue>{std::int64_t{1}});
    ASSERT_TRUE(r) << r.error().detail;
  }
  // DISCARD ALL drops the session's statements: the next use finds out and prepares again.
  ASSERT_TRUE(db->Execute("DISCARD ALL"));
  bool recovered = false;
  for (int i = 0; i < 3 && !recovered; ++i) recovered = db->Execute("SELECT $1::int8 + 1", std::vector<SqlValue>{std::int64_t{1}}).has_value();
  EXPECT_TRUE(recovered);
  auto r = db->Execute("SELECT $1::int8 + 1", std::vector<SqlValue>{std::int64_t{1}});
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->rows.at(0).GetInt(0), 2);
}

TEST_F(PostgresDatabaseTest, DataErrorsDoNotEchoTheInput) {
  auto db = Open();
  auto r = db->Execute("SELECT CAST($1 AS INTEGER)", std::vector<SqlValue>{std::string("secret-token-xyz")});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::internal);
  EXPECT_EQ(r.error().detail.find("secret"), std::string::npos) << r.error().detail;
  EXPECT_NE(r.error().detail.find("22P02"), std::string::npos) << r.error().detail;
}

TEST_F(PostgresDatabaseTest, BodyThatIgnoresAFailedStatementCannotCommit) {
  auto db = Open();
  ASSERT_TRUE(db->Execute("CREATE TABLE t (id INT PRIMARY KEY)"));
  auto r = db->Transaction([](ports::SqlSession& s) -> Result<void> {
    (void)s.Execute("INSERT INTO t VALUES (1)");
    (void)s.Execute("INSERT INTO t VALUES (1)");  // fails; the transaction is now aborted
    return {};
  });
  ASSERT_FALSE(r);
  EXPECT_EQ(db->Execute("SELECT COUNT(*) FROM t")->rows.at(0).GetInt(0), 0);
}

TEST_F(PostgresDatabaseTest, SerializationFailuresAreRetried) {
  auto db = Open();
  ASSERT_TRUE(db->Execute("CREATE TABLE doctors (name TEXT PRIMARY KEY, on_call BOOLEAN NOT NULL)"));
  ASSERT_TRUE(db->Execute("INSERT INTO doctors VALUES ('a', true), ('b', true)"));
  // Classic write skew: both read "two on call" and each takes a different one off call.
  // SERIALIZABLE makes one of them fail with 40001; the retry then sees one on call and stops.
  std::latch both_read(2);
  std::atomic<int> runs{0};
  auto go_off_call = [&](const char* who) {
    bool first = true;
    return db->Transaction([&](ports::SqlSession& s) -> Result<void> {
      ++runs;
      if (auto r = s.ExecuteScript("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE"); !r) return r;
      auto n = s.Execute("SELECT COUNT(*) FROM doctors WHERE on_call");
      if (!n) return n.error();
      if (first) both_read.arrive_and_wait(), first = false;
      if (n->rows.at(0).GetInt(0) < 2) return {};
      auto up = s.Execute("UPDATE doctors SET on_call = false WHERE name = $1", std::vector<SqlValue>{std::string(who)});
      return up ? Ok() : Result<void>(up.error());
    });
  };
  Result<void> ra = Error{}, rb = Error{};
  std::thread ta([&] { ra = go_off_call("a"); });
  std::thread tb([&] { rb = go_off_call("b"); });
  ta.join();
  tb.join();
  EXPECT_TRUE(ra) << (ra ? "" : ra.error().detail);
  EXPECT_TRUE(rb) << (rb ? "" : rb.error().detail);
  EXPECT_EQ(runs.load(), 3);
  EXPECT_EQ(db->Execute("SELECT COUNT(*) FROM doctors WHERE on_call")->rows.at(0).GetInt(0), 1);
}

TEST_F(PostgresDatabaseTest, PoolNeverExceedsPoolSize) {
  auto db = Open({.pool_size = 3});
  std::atomic<std::int64_t> most{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        auto r = db->Execute(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'hotel'");
        ASSERT_TRUE(r) << r.error().detail;
        std::int64_t n = r->rows.at(0).GetInt(0);
        for (auto m = most.load(); n > m && !most.compare_exchange_weak(m, n);) {
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_GE(most.load(), 1);
  EXPECT_LE(most.load(), 3);
}

TEST_F(PostgresDatabaseTest, AcquireGivesUpAfterAcquireTimeout) {
  auto db = Open({.pool_size = 1, .acquire_timeout_ms = 200});
  std::latch holding(1);
  std::thread holder([&] {
    (void)db->Transaction([&](ports::SqlSession&) -> Result<void> {
      holding.count_down();
      std::this_thread::sleep_for(std::chrono::milliseconds(700));
      return {};
    });
  });
  holding.wait();
  auto start = Clock::now();
  auto r = db->Execute("SELECT 1");
  long elapsed = MillisSince(start);
  holder.join();
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::upstream_unavailable);
  EXPECT_GE(elapsed, 150);
  EXPECT_LT(elapsed, 600);
  EXPECT_TRUE(db->Execute("SELECT 1"));  // the connection came back to the pool
}

TEST_F(PostgresDatabaseTest, TerminatedConnectionIsReplacedOnNextUse) {
  auto db = Open({.pool_size = 1});
  auto pid = db->Execute("SELECT pg_backend_pid()");
  ASSERT_TRUE(pid);
  auto server = testing::TestServerUrl();
  ASSERT_TRUE(server);
  testing::AdminExec(*server, "SELECT pg_terminate_backend(" + pid->rows.at(0).GetString(0) + ")");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  auto again = db->Execute("SELECT pg_backend_pid()");
  ASSERT_TRUE(again) << again.error().detail;
  EXPECT_NE(again->rows.at(0).GetInt(0), pid->rows.at(0).GetInt(0));
}

TEST_F(PostgresDatabaseTest, DescribeOmitsThePassword) {
  auto db = OpenPostgresDatabase({.url = "postgresql://app:s3cret@db.internal:5432/hotel?sslmode=disable"});
  ASSERT_TRUE(db);
  EXPECT_EQ((*db)->Describe(), "postgresql://app@db.internal:5432/hotel?sslmode=disable");
  EXPECT_EQ((*db)->dialect(), ports::Dialect::postgres);
}

}  // namespace
}  // namespace hotel::adapters
