// The Idempotency-Key middleware over a real database (tests only): the gateway chain as
// BuildMiddleware makes it, through a real HttpServer on port 0, with handlers that count
// their calls. One suite, run on SQLite (idempotency_middleware_test.cpp) and PostgreSQL
// (idempotency_middleware_pgtest.cpp).
#pragma once

#include "modules/api-gateway/gateway_middleware.hpp"
#include "modules/api-gateway/gateway_test_fixture.hpp"
#include "modules/api-gateway/idempotency_middleware.hpp"
#include "modules/api-gateway/idempotency_store.hpp"
#include "ports/database_test_fixture.hpp"
#include "storage/migrator.hpp"
#include "support/test_support.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

namespace hotel::api_gateway::testing {

using namespace std::chrono_literals;
using hotel::testing::HttpCall;
using hotel::testing::HttpResult;
using Hdrs = std::vector<std::pair<std::string, std::string>>;

inline const Hdrs kUser = {{"Authorization", "Bearer good-jwt"}};    // usr_1
inline const Hdrs kOther = {{"Authorization", "Bearer other-jwt"}};  // usr_3
inline const Hdrs kMachine = {{"X-Api-Key", "good-key"}};            // key_1

inline Hdrs With(Hdrs h, const std::string& key) {
  h.emplace_back("Idempotency-Key", key);
  return h;
}

class IdempotencyContractTest : public ports::testing::ScratchDatabaseTest {
 protected:
  void SetUp() override {
    ScratchDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    auto up = storage::Migrator(db(), storage::EmbeddedMigrations(db().dialect())).Up();
    ASSERT_TRUE(up) << up.error().detail;
  }
  void TearDown() override {
    release_slow_ = true;
    // Drain first, then join the pool while the server's io_contexts still exist: a pool
    // thread may still be dropping its copy of an io_context executor just after it handed a
    // result back (see runtime::BlockingPool::RunErased), and ~HttpServer frees them.
    if (server_) server_->Stop();
    pool_.reset();
    server_.reset();
    ScratchDatabaseTest::TearDown();
  }

  void Start(IdempotencyOptions idempotency = {}) {
    GatewayOptions options;
    options.rate_limit = {100000, 60s};
    options.idempotency = idempotency;
    GatewayDeps deps{.options = options,
                     .log = log_.logger(),
                     .metrics = metrics_,
                     .clock = clock_,
                     .authenticator = std::make_shared<FakeAuthenticator>(),
                     .tenant_policy = {},
                     .remote_modules = {},
                     .features = FeaturesFor({"api-gateway"}),
                     .rate_limiter = nullptr,
                     .upstream_client = {},
                     .database = &db(),
                     .blocking = pool_.get()};
    server_ = std::make_unique<TestServer>(Routes(), BuildMiddleware(deps), log_.logger(), metrics_);
  }

  runtime::Router Routes() {
    using runtime::Request;
    using runtime::Response;
    runtime::Router r;
    // Creates a "thing": 201 with Location and an id that grows with every call, so a replay
    // is told apart from a second run. Body "bad" is a 400 (final, so kept too).
    r.Post("/api/v1/things", runtime::Sync([this](Request& req) {
             if (req.body == "bad") {
               ++things_;
               return runtime::ProblemResponse(Error::Validation("name", "Bad."), req.trace.TraceId());
             }
             const std::string id = "thg_" + std::to_string(++things_);
             auto resp = Response::Json(201, boost::json::serialize(boost::json::object{{"id", id}, {"echo", req.body}}));
             resp.SetHeader("Location", "/api/v1/things/" + id);
             resp.SetHeader("X-Thing-Version", "7");
             return resp;
           }));
    r.Get("/api/v1/things", runtime::Sync([this](Request&) {
            ++things_;
            return Response::Json(200, R"({"items":[]})");
          }));
    r.Put("/api/v1/things/{id}", runtime::Sync([this](Request& req) {
            ++things_;
            return Response::Json(200, R"({"id":")" + std::string(req.Param("id")) + R"("})");
          }));
    // 500 while `fail_` is set (a server error is not final: the key is released).
    r.Post("/api/v1/flaky", runtime::Sync([this](Request& req) {
             ++flaky_;
             if (fail_) return runtime::ProblemResponse(Error::Internal("Boom."), req.trace.TraceId());
             return Response::Json(201, R"({"ok":true})");
           }));
    r.Post("/api/v1/throws", [this](Request&) -> boost::asio::awaitable<Response> {
      if (++throws_ == 1) throw std::runtime_error("handler exploded");
      co_return Response::Json(201, R"({"ok":true})");
    });
    // Waits until the test lets it go, to hold a key in_progress.
    r.Post("/api/v1/slow", [this](Request&) -> boost::asio::awaitable<Response> {
      ++slow_entered_;
      boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
      while (!release_slow_) {
        timer.expires_after(2ms);
        co_await timer.async_wait(boost::asio::use_awaitable);
      }
      co_return Response::Json(201, R"({"slow":true})");
    });
    // An answer holding a secret (as a new API key's).
    r.Post("/api/v1/secrets", runtime::Sync([this](Request&) {
             auto resp = Response::Json(201, R"({"key":"hk_live_secret)" + std::to_string(++secrets_) + R"("})");
             resp.SetHeader("Cache-Control", "no-store");
             return resp;
           }));
    r.Post("/api/v1/auth/login", runtime::Sync([this](Request&) {
             ++logins_;
             return Response::Json(200, R"({"accessToken":"t"})");
           }));
    return r;
  }

  HttpResult Call(const std::string& method, const std::string& target, const std::string& body, const Hdrs& headers) {
    return HttpCall(server_->port(), method, target, body, headers);
  }
  HttpResult Post(const std::string& target, const std::string& body, const Hdrs& headers) {
    return Call("POST", target, body, headers);
  }
  std::string Code(const HttpResult& r) {
    boost::system::error_code ec;
    auto v = boost::json::parse(r.body, ec);
    return !ec && v.is_object() && v.as_object().contains("code") ? std::string(v.at("code").as_string()) : "";
  }
  double Metric(const std::string& series) {
    const std::string text = metrics_.Render();
    const auto at = text.find("\n" + series + " ");
    return at == std::string::npos ? 0 : std::stod(text.substr(at + series.size() + 2));
  }
  std::int64_t Rows() { return Count("idempotency_keys"); }

  runtime::MetricsRegistry metrics_;
  CapturedLog log_;
  ManualClock clock_{Instant(std::chrono::seconds(1'800'000'000))};
  std::unique_ptr<runtime::BlockingPool> pool_ = std::make_unique<runtime::BlockingPool>(4);
  std::atomic<int> things_{0}, flaky_{0}, throws_{0}, slow_entered_{0}, secrets_{0}, logins_{0};
  std::atomic<bool> fail_{true}, release_slow_{false};
  std::unique_ptr<TestServer> server_;
};

TEST_P(IdempotencyContractTest, SameKeyAndBodyReplaysTheFirstAnswer) {
  Start();
  auto first = Post("/api/v1/things", R"({"name":"a"})", With(kUser, "k-1"));
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = Post("/api/v1/things", R"({"name":"a"})", With(kUser, "k-1"));
  EXPECT_EQ(things_, 1);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(again.Header("content-type"), first.Header("content-type"));
  EXPECT_EQ(again.Header("location"), "/api/v1/things/thg_1");
  EXPECT_EQ(again.Header("x-thing-version"), "7");
  EXPECT_EQ(first.Header("idempotent-replayed"), "");
  EXPECT_EQ(again.Header("idempotent-replayed"), "true");
  // Outer middlewares still dress the replay; the request id is the new request's own.
  EXPECT_EQ(again.Header("x-content-type-options"), "nosniff");
  EXPECT_NE(again.Header("ratelimit-limit"), "");
  EXPECT_NE(again.Header("x-request-id"), first.Header("x-request-id"));
  EXPECT_EQ(Metric("idempotency_replays_total"), 1);
}

TEST_P(IdempotencyContractTest, SameKeyWithAnotherBodyOrPathIs422) {
  Start();
  ASSERT_EQ(Post("/api/v1/things", R"({"name":"a"})", With(kUser, "k-1")).status, 201);
  auto other_body = Post("/api/v1/things", R"({"name":"b"})", With(kUser, "k-1"));
  EXPECT_EQ(other_body.status, 422);
  EXPECT_EQ(other_body.Header("content-type"), "application/problem+json");
  EXPECT_EQ(Code(other_body), "idempotency_mismatch");
  auto other_route = Post("/api/v1/flaky", R"({"name":"a"})", With(kUser, "k-1"));
  EXPECT_EQ(Code(other_route), "idempotency_mismatch");
  EXPECT_EQ(things_, 1);
  EXPECT_EQ(flaky_, 0);
  EXPECT_EQ(Metric(R"(idempotency_conflicts_total{reason="mismatch"})"), 2);
}

TEST_P(IdempotencyContractTest, ARetryWhileTheFirstRunsIs409ThenTheReplay) {
  Start();
  HttpResult first;
  std::thread t([&] { first = Post("/api/v1/slow", "{}", With(kUser, "k-slow")); });
  for (int i = 0; i < 2000 && slow_entered_ == 0; ++i) std::this_thread::sleep_for(1ms);
  ASSERT_EQ(slow_entered_, 1);
  auto busy = Post("/api/v1/slow", "{}", With(kUser, "k-slow"));
  EXPECT_EQ(busy.status, 409);
  EXPECT_EQ(Code(busy), "conflict");
  EXPECT_EQ(busy.Header("retry-after"), "1");
  EXPECT_EQ(Metric(R"(idempotency_conflicts_total{reason="in_progress"})"), 1);
  release_slow_ = true;
  t.join();
  EXPECT_EQ(first.status, 201);
  auto replay = Post("/api/v1/slow", "{}", With(kUser, "k-slow"));
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.Header("idempotent-replayed"), "true");
  EXPECT_EQ(slow_entered_, 1);
}

TEST_P(IdempotencyContractTest, ConcurrentIdenticalRequestsRunTheHandlerOnce) {
  Start();
  std::atomic<int> created{0}, replayed{0}, busy{0}, other{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      auto r = Post("/api/v1/things", R"({"name":"race"})", With(kUser, "k-race"));
      if (r.status == 201 && r.Header("idempotent-replayed").empty()) ++created;
      else if (r.status == 201 && r.body.find("thg_1") != std::string::npos) ++replayed;
      else if (r.status == 409) ++busy;
      else ++other;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(things_, 1);
  EXPECT_EQ(created, 1);
  EXPECT_EQ(replayed + busy, 7);
  EXPECT_EQ(other, 0);
}

TEST_P(IdempotencyContractTest, ServerErrorsAreNotKeptSoARetryRunsAgain) {
  Start();
  auto failed = Post("/api/v1/flaky", "{}", With(kUser, "k-flaky"));
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(Rows(), 0);
  fail_ = false;
  auto retried = Post("/api/v1/flaky", "{}", With(kUser, "k-flaky"));
  EXPECT_EQ(retried.status, 201);
  EXPECT_EQ(retried.Header("idempotent-replayed"), "");
  EXPECT_EQ(Post("/api/v1/flaky", "{}", With(kUser, "k-flaky")).Header("idempotent-replayed"), "true");
  EXPECT_EQ(flaky_, 2);
}

TEST_P(IdempotencyContractTest, AnExceptionReleasesTheKey) {
  Start();
  EXPECT_EQ(Post("/api/v1/throws", "{}", With(kUser, "k-throw")).status, 500);
  EXPECT_EQ(Rows(), 0);
  EXPECT_EQ(Post("/api/v1/throws", "{}", With(kUser, "k-throw")).status, 201);
  EXPECT_EQ(throws_, 2);
}

TEST_P(IdempotencyContractTest, ClientErrorsAreFinalAndKept) {
  Start();
  auto bad = Post("/api/v1/things", "bad", With(kUser, "k-bad"));
  ASSERT_EQ(bad.status, 400);
  auto again = Post("/api/v1/things", "bad", With(kUser, "k-bad"));
  EXPECT_EQ(again.status, 400);
  EXPECT_EQ(again.body, bad.body);
  EXPECT_EQ(again.Header("content-type"), "application/problem+json");
  EXPECT_EQ(again.Header("idempotent-replayed"), "true");
  EXPECT_EQ(things_, 1);
}

TEST_P(IdempotencyContractTest, WithoutTheHeaderEveryRequestRunsTheHandler) {
  Start();
  for (int i = 0; i < 3; ++i) {
    auto r = Post("/api/v1/things", R"({"name":"a"})", kUser);
    EXPECT_EQ(r.status, 201);
    EXPECT_EQ(r.Header("idempotent-replayed"), "");
  }
  EXPECT_EQ(things_, 3);
  EXPECT_EQ(Rows(), 0);
}

TEST_P(IdempotencyContractTest, AnInvalidKeyIs400NamingTheHeader) {
  Start();
  for (const std::string& key : {std::string("has space"), std::string(256, 'k'), std::string("caf\xc3\xa9")}) {
    auto r = Post("/api/v1/things", "{}", With(kUser, key));
    EXPECT_EQ(r.status, 400) << key;
    ASSERT_EQ(Code(r), "validation_failed");
    EXPECT_EQ(boost::json::parse(r.body).at("errors").at(0).at("field"), "Idempotency-Key");
  }
  EXPECT_EQ(things_, 0);
  EXPECT_EQ(Post("/api/v1/things", "{}", With(kUser, std::string(255, 'k'))).status, 201);
}

TEST_P(IdempotencyContractTest, KeysAreScopedToTheCaller) {
  Start();
  for (const auto& who : {kUser, kOther, kMachine}) {
    auto r = Post("/api/v1/things", R"({"name":"a"})", With(who, "shared-key"));
    EXPECT_EQ(r.status, 201);
    EXPECT_EQ(r.Header("idempotent-replayed"), "");
  }
  EXPECT_EQ(things_, 3);
  // Another caller's use of the key is no mismatch for this one.
  auto mine = Post("/api/v1/things", R"({"name":"a"})", With(kOther, "shared-key"));
  EXPECT_EQ(mine.Header("idempotent-replayed"), "true");
  EXPECT_NE(mine.body.find("thg_2"), std::string::npos);
}

TEST_P(IdempotencyContractTest, KeptAnswersExpireAfterTheTtl) {
  Start();
  ASSERT_EQ(Post("/api/v1/things", R"({"name":"a"})", With(kUser, "k-old")).status, 201);
  clock_.Advance(24h - 1ms);
  EXPECT_EQ(Post("/api/v1/things", R"({"name":"a"})", With(kUser, "k-old")).Header("idempotent-replayed"), "true");
  EXPECT_EQ(Post("/api/v1/things", R"({"name":"b"})", With(kUser, "k-old")).status, 422);
  clock_.Advance(1ms);
  // Expired: the key is free again, whatever the body.
  auto fresh = Post("/api/v1/things", R"({"name":"b"})", With(kUser, "k-old"));
  EXPECT_EQ(fresh.status, 201);
  EXPECT_EQ(fresh.Header("idempotent-replayed"), "");
  EXPECT_EQ(things_, 2);
}

TEST_P(IdempotencyContractTest, AnAbandonedClaimIsTakenOverAfterTheLease) {
  IdempotencyOptions options;
  options.lease = 30s;
  Start(options);
  // A process died mid-request: its in_progress row is left behind.
  const auto now = clock_.Now();
  const std::string fingerprint = RequestFingerprint("POST", "/api/v1/things", R"({"name":"a"})");
  Must("INSERT INTO idempotency_keys (actor, key, fingerprint, state, created_at, expires_at) "
       "VALUES ('usr_1', 'k-dead', $1, 'in_progress', $2, $3)",
       {fingerprint, std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count(),
        std::chrono::duration_cast<std::chrono::milliseconds>((now + 30s).time_since_epoch()).count()});
  EXPECT_EQ(Post("/api/v1/things", R"({"name":"a"})", With(kUser, "k-dead")).status, 409);
  clock_.Advance(30s);
  auto taken = Post("/api/v1/things", R"({"name":"a"})", With(kUser, "k-dead"));
  EXPECT_EQ(taken.status, 201);
  EXPECT_EQ(things_, 1);
  EXPECT_EQ(Post("/api/v1/things", R"({"name":"a"})", With(kUser, "k-dead")).Header("idempotent-replayed"), "true");
}

TEST_P(IdempotencyContractTest, ReadsAnonymousAndUnmatchedRequestsPassThrough) {
  Start();
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(Call("GET", "/api/v1/things", {}, With(kUser, "k-get")).status, 200);
    EXPECT_EQ(Post("/api/v1/auth/login", R"({"email":"a@b.c"})", With({}, "k-login")).status, 200);
    EXPECT_EQ(Post("/api/v1/nothing-here", "{}", With(kUser, "k-404")).status, 404);
  }
  EXPECT_EQ(things_, 2);
  EXPECT_EQ(logins_, 2);
  EXPECT_EQ(Rows(), 0);
}

TEST_P(IdempotencyContractTest, PutIsCoveredAndTheQueryIsPartOfTheRequest) {
  Start();
  EXPECT_EQ(Call("PUT", "/api/v1/things/thg_9?v=1", "{}", With(kUser, "k-put")).status, 200);
  EXPECT_EQ(Call("PUT", "/api/v1/things/thg_9?v=1", "{}", With(kUser, "k-put")).Header("idempotent-replayed"), "true");
  EXPECT_EQ(Call("PUT", "/api/v1/things/thg_9?v=2", "{}", With(kUser, "k-put")).status, 422);
  EXPECT_EQ(things_, 1);
}

TEST_P(IdempotencyContractTest, AnswersMarkedNoStoreAreNotWrittenDown) {
  Start();
  auto first = Post("/api/v1/secrets", "{}", With(kUser, "k-secret"));
  auto second = Post("/api/v1/secrets", "{}", With(kUser, "k-secret"));
  EXPECT_EQ(first.status, 201);
  EXPECT_EQ(second.status, 201);
  EXPECT_EQ(second.Header("idempotent-replayed"), "");
  EXPECT_EQ(secrets_, 2);
  EXPECT_EQ(Rows(), 0);
}

TEST_P(IdempotencyContractTest, ExpiredRowsArePurgedByLaterWrites) {
  IdempotencyOptions options;
  options.purge_every = 1;
  Start(options);
  for (int i = 0; i < 3; ++i) ASSERT_EQ(Post("/api/v1/things", "{}", With(kUser, "old-" + std::to_string(i))).status, 201);
  EXPECT_EQ(Rows(), 3);
  clock_.Advance(25h);
  ASSERT_EQ(Post("/api/v1/things", "{}", With(kUser, "new")).status, 201);
  EXPECT_EQ(Rows(), 1);
}

}  // namespace hotel::api_gateway::testing

namespace hotel::api_gateway::testing {

// Issue 13: a request whose process was killed leaves its claim in_progress; a retry takes it
// over as soon as that process is known to be gone, not after the lease; a live process's
// claim stays its own however long it runs.
TEST_P(IdempotencyContractTest, AClaimOfAGoneProcessIsTakenOverAtOnce) {
  IdempotencyOptions options;
  options.owner = {"ins_me", 10s};
  Start(options);
  const auto now = clock_.Now();
  const auto ms = [](Instant t) { return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count(); };
  // ins_dead beat 11 s ago (stale), ins_live 1 s ago.
  for (auto [id, beat] : {std::pair{"ins_dead", now - 11s}, std::pair{"ins_live", now - 1s}}) {
    Must("INSERT INTO process_instances (id, host, pid, started_at, heartbeat_at) VALUES ($1, 'h', 1, $2, $2)",
         {std::string(id), ms(beat)});
  }
  const std::string fingerprint = RequestFingerprint("POST", "/api/v1/things", R"({"name":"a"})");
  for (auto [key, owner] : {std::pair{"k-dead", "ins_dead"}, std::pair{"k-live", "ins_live"}}) {
    Must("INSERT INTO idempotency_keys (actor, key, fingerprint, state, created_at, expires_at, owner) "
         "VALUES ('usr_1', $1, $2, 'in_progress', $3, $4, $5)",
         {std::string(key), fingerprint, ms(now - 1s), ms(now + 5min), std::string(owner)});
  }
  EXPECT_EQ(Post("/api/v1/things", R"({"name":"a"})", With(kUser, "k-live")).status, 409) << "its process is alive";
  auto taken = Post("/api/v1/things", R"({"name":"a"})", With(kUser, "k-dead"));
  EXPECT_EQ(taken.status, 201) << taken.body;
  EXPECT_EQ(things_, 1);
  auto row = Must("SELECT owner, state FROM idempotency_keys WHERE key = 'k-dead'");
  ASSERT_EQ(row.rows.size(), 1u);
  EXPECT_EQ(row.rows[0].GetString(0), "ins_me");
  EXPECT_EQ(row.rows[0].GetString(1), "done");
  // A process marked stopped (a clean shutdown, or found gone on restart) is gone at once.
  Must("UPDATE process_instances SET heartbeat_at = 0 WHERE id = 'ins_live'");
  EXPECT_EQ(Post("/api/v1/things", R"({"name":"a"})", With(kUser, "k-live")).status, 201);
  EXPECT_EQ(things_, 2);
}

// Issue 13: the purge deletes only rows still expired when it deletes them. A retry renews an
// expired key (its claim commits while the purge waits for the row); the purge then leaves
// it. Deterministic: the renewal holds the row until the purge is seen waiting for it.
TEST_P(IdempotencyContractTest, PurgeKeepsAKeyRenewedWhileItRuns) {
  Start();
  const auto now = clock_.Now();
  const auto ms = [](Instant t) { return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count(); };
  Must("INSERT INTO idempotency_keys (actor, key, fingerprint, state, status, created_at, expires_at) "
       "VALUES ('usr_1', 'k-renewed', $3, 'done', 201, $1, $2)",
       {ms(now - 25h), ms(now - 1h), std::string(64, 'f')});
  std::atomic<bool> renewed{false}, release{false};
  std::thread renewal([&] {
    auto r = db().Transaction([&](ports::SqlSession& s) -> Result<void> {
      const ports::SqlValue p[] = {ms(now), ms(now + 5min)};
      auto u = s.Execute("UPDATE idempotency_keys SET state = 'in_progress', status = NULL, created_at = $1, "
                         "expires_at = $2 WHERE key = 'k-renewed'",
                         p);
      if (!u) return u.error();
      renewed = true;
      while (!release) std::this_thread::sleep_for(2ms);
      return Ok();
    });
    EXPECT_TRUE(r) << (r ? "" : r.error().detail);
  });
  while (!renewed) std::this_thread::sleep_for(2ms);
  IdempotencyStore store(db());
  Result<std::int64_t> purged = std::int64_t{-1};
  std::thread purge([&] { purged = store.PurgeExpired(now, 100); });
  if (IsSqlite()) {
    std::this_thread::sleep_for(200ms);  // one writer: the purge waits for the renewal's lock
  } else {
    // The purge's DELETE has read the old (expired) version and waits for the row lock.
    for (int i = 0; i < 2500; ++i) {
      auto waiting = Must("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                          "AND query LIKE 'DELETE FROM idempotency_keys%'");
      if (!waiting.rows.empty() && waiting.rows[0].GetInt(0) > 0) break;
      std::this_thread::sleep_for(2ms);
    }
  }
  release = true;
  renewal.join();
  purge.join();
  ASSERT_TRUE(purged) << purged.error().detail;
  EXPECT_EQ(*purged, 0) << "the renewed key is live again";
  auto row = Must("SELECT state, expires_at FROM idempotency_keys WHERE key = 'k-renewed'");
  ASSERT_EQ(row.rows.size(), 1u) << "the purge deleted a live claim";
  EXPECT_EQ(row.rows[0].GetString(0), "in_progress");
  EXPECT_EQ(row.rows[0].GetInt(1), ms(now + 5min));
}

}  // namespace hotel::api_gateway::testing
