// ProcessInstance (issue 13): its row and heartbeat, a clean stop, the same-machine check that
// frees a killed process's claims at once, and the lease rule every claim shares.
#include "adapters/sqlite/sqlite_database.hpp"
#include "adapters/sqlite/sqlite_test_scratch.hpp"
#include "ports/database_test_fixture.hpp"
#include "storage/migrator.hpp"
#include "storage/process_instance.hpp"

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

namespace hotel::storage {
namespace {

using namespace std::chrono_literals;

class ProcessInstanceTest : public ports::testing::ScratchDatabaseTest {
 protected:
  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    auto up = Migrator(db(), EmbeddedMigrations(db().dialect())).Up();
    ASSERT_TRUE(up) << up.error().detail;
  }
  std::int64_t Ms(Instant t) { return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count(); }
  std::int64_t Heartbeat(const std::string& id) {
    auto r = Must("SELECT heartbeat_at FROM process_instances WHERE id = $1", {id});
    return r.rows.empty() ? -1 : r.rows[0].GetInt(0);
  }
  // Whether the rule of ports/lease.hpp calls `owner` gone now.
  bool Gone(const std::string& owner, const ports::LeaseOwner& judge) {
    auto r = Must("SELECT CASE WHEN " + ports::OwnerGoneSql("x.owner", 1) + " THEN 1 ELSE 0 END FROM (SELECT $2 AS owner) x",
                  {judge.AliveAfterMs(clock_.Now()), owner});
    return !r.rows.empty() && r.rows[0].GetInt(0) == 1;
  }

  ManualClock clock_{Instant(std::chrono::seconds(1'800'000'000))};
  runtime::Logger log_{"test", runtime::LogLevel::error, runtime::MakeCallbackSink([](std::string_view) {})};
};

INSTANTIATE_TEST_SUITE_P(Sqlite, ProcessInstanceTest, ::testing::Values(adapters::testing::SqliteFileBackend()),
                         ports::testing::ContractBackendName);

TEST_P(ProcessInstanceTest, ARegisteredInstanceIsAliveUntilItsHeartbeatIsStale) {
  ProcessInstance me(db(), clock_, {1s, 5s}, log_);
  ASSERT_TRUE(me.Register());
  EXPECT_TRUE(me.owner().id.rfind("ins_", 0) == 0) << me.owner().id;
  EXPECT_EQ(me.owner().stale_after, 5s);
  EXPECT_EQ(Heartbeat(me.owner().id), Ms(clock_.Now()));
  const ports::LeaseOwner judge{"ins_judge", 5s};
  EXPECT_FALSE(Gone(me.owner().id, judge));
  clock_.Advance(4s);
  EXPECT_FALSE(Gone(me.owner().id, judge));
  clock_.Advance(2s);
  EXPECT_TRUE(Gone(me.owner().id, judge)) << "silent for 6 s";
  ASSERT_TRUE(me.Beat());
  EXPECT_FALSE(Gone(me.owner().id, judge));
  EXPECT_TRUE(Gone("ins_never_registered", judge));
  // A claim without an owner is never gone: only its time lease ends it.
  auto r = Must("SELECT CASE WHEN " + ports::OwnerGoneSql("x.owner", 1) + " THEN 1 ELSE 0 END FROM (SELECT NULL AS owner) x",
                {judge.AliveAfterMs(clock_.Now())});
  EXPECT_EQ(r.rows[0].GetInt(0), 0);
}

TEST_P(ProcessInstanceTest, ACleanStopFreesItsClaimsAtOnce) {
  ProcessInstance me(db(), clock_, {1s, 5s}, log_);
  ASSERT_TRUE(me.Register());
  me.Start();
  me.Stop();
  EXPECT_EQ(Heartbeat(me.owner().id), 0);
  EXPECT_TRUE(Gone(me.owner().id, {"ins_judge", 5s}));
}

TEST_P(ProcessInstanceTest, ARestartOnTheSameMachineFindsTheKilledProcessGone) {
  // A process of this machine that has exited (its pid no longer runs), and one still running
  // (this test process itself, under another instance id).
  const pid_t child = fork();
  if (child == 0) _exit(0);
  ASSERT_GT(child, 0);
  waitpid(child, nullptr, 0);
  const auto self = ProcessIdentity::Current();
  ASSERT_FALSE(self.boot_id.empty());
  ASSERT_GT(self.start_ticks, 0);
  EXPECT_TRUE(ProcessIdentity::Running(self.pid, self.start_ticks));
  EXPECT_FALSE(ProcessIdentity::Running(self.pid, self.start_ticks + 1)) << "a reused pid is another process";
  const auto now = Ms(clock_.Now());
  Must("INSERT INTO process_instances (id, host, pid, boot_id, start_ticks, started_at, heartbeat_at) "
       "VALUES ('ins_killed', $1, $2, $3, 12345, $4, $4)",
       {self.host, std::int64_t{child}, self.boot_id, now});
  Must("INSERT INTO process_instances (id, host, pid, boot_id, start_ticks, started_at, heartbeat_at) "
       "VALUES ('ins_running', $1, $2, $3, $4, $5, $5)",
       {self.host, std::int64_t{self.pid}, self.boot_id, self.start_ticks, now});
  Must("INSERT INTO process_instances (id, host, pid, boot_id, start_ticks, started_at, heartbeat_at) "
       "VALUES ('ins_elsewhere', 'another-host', $1, 'x', 1, $2, $2)",
       {std::int64_t{child}, now});
  ProcessInstance restarted(db(), clock_, {1s, 5s}, log_);
  ASSERT_TRUE(restarted.Register());
  EXPECT_EQ(Heartbeat("ins_killed"), 0) << "its claims are free before INSTANCE_STALE_MS";
  EXPECT_EQ(Heartbeat("ins_running"), now);
  EXPECT_EQ(Heartbeat("ins_elsewhere"), now) << "another machine's process cannot be judged from here";
}

TEST_P(ProcessInstanceTest, ARowRemovedOrMarkedStoppedIsWrittenAgainByTheNextBeat) {
  ProcessInstance me(db(), clock_, {1s, 5s}, log_);
  ASSERT_TRUE(me.Register());
  Must("DELETE FROM process_instances");
  clock_.Advance(1s);
  ASSERT_TRUE(me.Beat());
  EXPECT_EQ(Heartbeat(me.owner().id), Ms(clock_.Now()));
  Must("UPDATE process_instances SET heartbeat_at = 0, stopped_at = 1");
  clock_.Advance(1s);
  ASSERT_TRUE(me.Beat());
  EXPECT_EQ(Heartbeat(me.owner().id), Ms(clock_.Now()));
}

TEST_P(ProcessInstanceTest, InstancesSilentForAWeekAreDeleted) {
  Must("INSERT INTO process_instances (id, host, pid, started_at, heartbeat_at) VALUES ('ins_old', 'h', 1, 0, $1)",
       {Ms(clock_.Now() - std::chrono::hours(24 * 8))});
  ProcessInstance me(db(), clock_, {1s, 5s}, log_);
  ASSERT_TRUE(me.Register());
  EXPECT_EQ(Heartbeat("ins_old"), -1);
}

}  // namespace
}  // namespace hotel::storage
