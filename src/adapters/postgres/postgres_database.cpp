// PostgreSQL adapter: a lazily filled libpq connection pool, typed results, retried transactions.
#include "adapters/postgres/postgres_database.hpp"
#include "adapters/postgres/libpq_handles.hpp"

#include <libpq-fe.h>
#include <poll.h>

#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdio>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

namespace hotel::adapters {
namespace {

using ports::SqlResult;
using ports::SqlValue;
using Clock = std::chrono::steady_clock;

// Type OIDs from pg_type.h (stable across server versions).
constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kOidOid = 26;
constexpr Oid kFloat4Oid = 700, kFloat8Oid = 701;

using libpq::ConnPtr;
using libpq::ResultPtr;
using libpq::Trimmed;

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool IsRetryable(std::string_view sqlstate) { return sqlstate == "40001" || sqlstate == "40P01"; }

// Connection exceptions, and the server shutting down or refusing new sessions.
bool IsConnectionState(std::string_view sqlstate) {
  if (sqlstate == "08P01") return false;  // protocol violation, e.g. a missing parameter
  return StartsWith(sqlstate, "08") || sqlstate == "57P01" || sqlstate == "57P02" || sqlstate == "57P03" ||
         sqlstate == "53300";
}

// The primary message only: DETAIL repeats row values ("Key (email)=(a@b.c) already exists"),
// and data exceptions (class 22) quote the offending input after ': "', so that is cut too.
Error ErrorFromResult(PGconn* conn, const PGresult* res, std::string* sqlstate_out) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string sqlstate = state ? state : "";
  if (sqlstate_out) *sqlstate_out = sqlstate;
  if (PQstatus(conn) == CONNECTION_BAD || sqlstate.empty() || IsConnectionState(sqlstate)) {
    return Error::Unavailable("postgres: connection failed: " + Trimmed(PQerrorMessage(conn)));
  }
  std::string primary = Trimmed(PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
  if (StartsWith(sqlstate, "22")) {
    if (auto quote = primary.find(": \""); quote != std::string::npos) primary.resize(quote);
  }
  std::string detail = "postgres " + sqlstate + ": " + primary;
  if (sqlstate == "23505" || IsRetryable(sqlstate)) return Error::Conflict(detail);
  if (sqlstate == "57014") return Error::Timeout(detail);  // statement_timeout / cancel
  return Error::Internal(detail);
}

SqlValue ReadValue(const PGresult* res, int row, int col, Oid type) {
  if (PQgetisnull(res, row, col)) return std::monostate{};
  const char* text = PQgetvalue(res, row, col);
  std::size_t len = static_cast<std::size_t>(PQgetlength(res, row, col));
  switch (type) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid:
    case kOidOid: return static_cast<std::int64_t>(std::strtoll(text, nullptr, 10));
    case kBoolOid: return text[0] == 't';
    case kFloat4Oid:
    case kFloat8Oid: return std::strtod(text, nullptr);  // also reads NaN / Infinity
    default: return std::string(text, len);
  }
}

Result<SqlResult> ConvertResult(PGconn* conn, ResultPtr res, std::string* sqlstate) {
  ExecStatusType status = res ? PQresultStatus(res.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_EMPTY_QUERY) return SqlResult{};
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) return ErrorFromResult(conn, res.get(), sqlstate);
  if (sqlstate) sqlstate->clear();
  SqlResult out;
  int ncols = PQnfields(res.get());
  int nrows = PQntuples(res.get());
  std::vector<Oid> types(ncols);
  for (int c = 0; c < ncols; ++c) {
    out.columns.emplace_back(PQfname(res.get(), c));
    types[c] = PQftype(res.get(), c);
  }
  out.rows.resize(nrows);
  for (int r = 0; r < nrows; ++r) {
    out.rows[r].values.reserve(ncols);
    for (int c = 0; c < ncols; ++c) out.rows[r].values.push_back(ReadValue(res.get(), r, c, types[c]));
  }
  // PQcmdTuples also counts SELECT rows; the port counts changed rows only.
  std::string_view tag = PQcmdStatus(res.get());
  if (StartsWith(tag, "INSERT") || StartsWith(tag, "UPDATE") || StartsWith(tag, "DELETE") || StartsWith(tag, "MERGE")) {
    out.affected_rows = std::strtoll(PQcmdTuples(res.get()), nullptr, 10);
  }
  return out;
}

std::string FormatDouble(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}

// The statements a connection has prepared (protocol-level, so not undone by a rollback),
// keyed by SQL text and parameter types. A statement is prepared on its second use: the
// server then skips parsing and planning it again (a third of its time on the order path).
// Bounded: one-off shapes (batched VALUES lists) stop being tracked when the map is full.
class StatementCache {
 public:
  static constexpr std::size_t kMaxTracked = 1024, kMaxPrepared = 256;

  // The prepared name for `key`, or empty: run it unprepared (`prepare` says to prepare it now).
  const std::string* Find(const std::string& key, bool& prepare) {
    prepare = false;
    auto it = entries_.find(key);
    if (it == entries_.end()) {
      if (entries_.size() >= kMaxTracked) Sweep();
      if (entries_.size() < kMaxTracked) entries_.emplace(key, Entry{});
      return nullptr;
    }
    if (!it->second.name.empty()) return &it->second.name;
    if (prepared_ < kMaxPrepared && ++it->second.uses >= 1) {
      it->second.name = "hs" + std::to_string(++counter_);
      prepare = true;
      return &it->second.name;
    }
    return nullptr;
  }
  void Prepared() { ++prepared_; }
  void Forget(const std::string& key) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    if (!it->second.name.empty()) --prepared_;
    entries_.erase(it);
  }
  void Clear() {
    entries_.clear();
    prepared_ = 0;
  }

 private:
  struct Entry {
    std::string name;  // empty: seen, not prepared
    int uses = 0;
  };
  void Sweep() {  // drops the shapes seen once and never prepared
    std::erase_if(entries_, [](const auto& kv) { return kv.second.name.empty(); });
  }
  std::unordered_map<std::string, Entry> entries_;
  std::size_t prepared_ = 0;
  std::uint64_t counter_ = 0;
};

// A pooled connection and what it has prepared.
struct PooledConn {
  ConnPtr conn;
  StatementCache statements;
};
using PooledPtr = std::unique_ptr<PooledConn>;

// Text-format parameters, typed so that `SELECT $1` and `jsonb_build_object('n', $1)` know
// what an integer is; strings stay `unknown` (OID 0) so the server coerces them per column.
struct BoundParams {
  std::vector<std::string> text;
  std::vector<const char*> values;
  std::vector<Oid> types;
};

Result<BoundParams> Bind(std::span<const SqlValue> params) {
  BoundParams b;
  b.text.resize(params.size());
  b.values.assign(params.size(), nullptr);
  b.types.assign(params.size(), 0);
  for (std::size_t i = 0; i < params.size(); ++i) {
    const SqlValue& p = params[i];
    if (auto* v = std::get_if<bool>(&p)) {
      b.text[i] = *v ? "true" : "false";
      b.types[i] = kBoolOid;
    } else if (auto* n = std::get_if<std::int64_t>(&p)) {
      b.text[i] = std::to_string(*n);
      b.types[i] = kInt8Oid;
    } else if (auto* d = std::get_if<double>(&p)) {
      b.text[i] = FormatDouble(*d);
      b.types[i] = kFloat8Oid;
    } else if (auto* str = std::get_if<std::string>(&p)) {
      if (str->find('\0') != std::string::npos) {  // libpq would silently cut the value there
        return Error::Internal("postgres: text parameter $" + std::to_string(i + 1) + " contains a NUL byte");
      }
      b.text[i] = *str;
    } else {
      continue;  // NULL: values[i] stays nullptr
    }
    b.values[i] = b.text[i].c_str();
  }
  return b;
}

std::string CacheKey(const std::string& query, const std::vector<Oid>& types) {
  std::string key = query;
  key += '\x1f';
  for (Oid t : types) key += std::to_string(t) + ',';
  return key;
}

// With a cache, a statement seen before runs prepared.
Result<SqlResult> Exec(PGconn* conn, StatementCache* cache, std::string_view sql, std::span<const SqlValue> params,
                       std::string* sqlstate) {
  auto bound = Bind(params);
  if (!bound) return bound.error();
  std::string query(sql);
  const int n = static_cast<int>(params.size());
  if (cache) {
    const std::string key = CacheKey(query, bound->types);
    bool prepare = false;
    if (const std::string* name = cache->Find(key, prepare)) {
      if (prepare) {
        ResultPtr prep(PQprepare(conn, name->c_str(), query.c_str(), n, bound->types.data()));
        if (!prep || PQresultStatus(prep.get()) != PGRES_COMMAND_OK) {
          cache->Forget(key);
          return ConvertResult(conn, std::move(prep), sqlstate);
        }
        cache->Prepared();
      }
      ResultPtr res(PQexecPrepared(conn, name->c_str(), n, bound->values.data(), nullptr, nullptr, 0));
      auto out = ConvertResult(conn, std::move(res), sqlstate);
      // 26000: the statement is gone (DISCARD ALL); 0A000: its result type changed under it
      // (a migration). Prepared again on a later use.
      if (!out && sqlstate && (*sqlstate == "26000" || *sqlstate == "0A000")) cache->Forget(key);
      return out;
    }
  }
  ResultPtr res(PQexecParams(conn, query.c_str(), n, bound->types.data(), bound->values.data(), nullptr, nullptr, 0));
  return ConvertResult(conn, std::move(res), sqlstate);
}

// A statement waiting to be sent with the next one that needs an answer (SqlSession::Defer).
struct Deferred {
  std::string sql;
  std::vector<SqlValue> params;
};

// Sends `batch` in one pipeline (one round trip instead of one per statement), prepared
// statements as Exec would, and answers the last statement's result, or the first failure
// (the statements after a failure are skipped by the server).
Result<SqlResult> ExecPipeline(PGconn* conn, StatementCache* cache, const std::vector<Deferred>& batch,
                               std::string* sqlstate, std::vector<SqlResult>* all = nullptr) {
  struct Sent {
    std::string key;
    bool prepared_now = false;  // a Parse result comes before the statement's own
  };
  std::vector<BoundParams> bound;
  bound.reserve(batch.size());
  for (const auto& d : batch) {
    auto b = Bind(d.params);
    if (!b) return b.error();
    bound.push_back(std::move(*b));
  }
  if (PQenterPipelineMode(conn) != 1) return Error::Unavailable("postgres: cannot enter pipeline mode");
  std::vector<Sent> sent;
  sent.reserve(batch.size());
  bool send_failed = false;
  for (std::size_t i = 0; i < batch.size() && !send_failed; ++i) {
    const int n = static_cast<int>(batch[i].params.size());
    Sent s;
    const std::string* name = nullptr;
    if (cache) {
      s.key = CacheKey(batch[i].sql, bound[i].types);
      bool prepare = false;
      name = cache->Find(s.key, prepare);
      if (name && prepare) {
        send_failed = PQsendPrepare(conn, name->c_str(), batch[i].sql.c_str(), n, bound[i].types.data()) != 1;
        s.prepared_now = true;
      }
    }
    if (!send_failed) {
      send_failed = name ? PQsendQueryPrepared(conn, name->c_str(), n, bound[i].values.data(), nullptr, nullptr, 0) != 1
                         : PQsendQueryParams(conn, batch[i].sql.c_str(), n, bound[i].types.data(),
                                             bound[i].values.data(), nullptr, nullptr, 0) != 1;
    }
    sent.push_back(std::move(s));
  }
  if (send_failed || PQpipelineSync(conn) != 1) {
    // The connection is in an unknown state: discarded by the pool (not idle).
    Error e = Error::Unavailable("postgres: pipeline send failed: " + Trimmed(PQerrorMessage(conn)));
    return e;
  }
  std::optional<Result<SqlResult>> failure;
  Result<SqlResult> last = SqlResult{};
  // The results of one request end with a null; the pipeline's with PGRES_PIPELINE_SYNC.
  const auto next = [&]() -> ResultPtr {
    ResultPtr res(PQgetResult(conn));
    if (res) ResultPtr(PQgetResult(conn));  // the null that closes this request's results
    return res;
  };
  for (std::size_t i = 0; i < sent.size(); ++i) {
    if (sent[i].prepared_now) {
      ResultPtr prep = next();
      const auto st = prep ? PQresultStatus(prep.get()) : PGRES_FATAL_ERROR;
      if (st == PGRES_COMMAND_OK) {
        cache->Prepared();
      } else {
        cache->Forget(sent[i].key);
        if (st != PGRES_PIPELINE_ABORTED && !failure) failure = ConvertResult(conn, std::move(prep), sqlstate);
      }
    }
    ResultPtr res = next();
    if (res && PQresultStatus(res.get()) == PGRES_PIPELINE_ABORTED) continue;
    auto out = ConvertResult(conn, std::move(res), failure ? nullptr : sqlstate);
    if (!out && !failure) {
      if (sqlstate && (*sqlstate == "26000" || *sqlstate == "0A000") && cache) cache->Forget(sent[i].key);
      failure = std::move(out);
    } else if (out && all) {
      all->push_back(std::move(*out));
    } else if (out) {
      last = std::move(out);
    }
  }
  ResultPtr sync(PQgetResult(conn));  // PGRES_PIPELINE_SYNC
  PQexitPipelineMode(conn);
  if (failure) return std::move(*failure);
  if (sqlstate) sqlstate->clear();
  return last;
}

Result<void> ExecScript(PGconn* conn, std::string_view sql, std::string* sqlstate) {
  std::string script(sql);
  auto r = ConvertResult(conn, ResultPtr(PQexec(conn, script.c_str())), sqlstate);
  if (!r) return r.error();
  return {};
}

// Non-blocking connect so that connect_timeout_ms is honoured to the millisecond (libpq's
// own connect_timeout counts whole seconds, minimum 2).
Result<ConnPtr> Connect(const std::string& url, int timeout_ms, bool durable_commits) {
  // "options" after "dbname": the URL's own options (if any) are expanded first, this wins.
  const char* keys[] = {"client_encoding", "fallback_application_name", "dbname",
                        durable_commits ? nullptr : "options", nullptr};
  const char* vals[] = {"UTF8", "hotel", url.c_str(), "-c synchronous_commit=off", nullptr};
  ConnPtr conn(PQconnectStartParams(keys, vals, /*expand_dbname=*/1));
  if (!conn) return Error::Unavailable("postgres: out of memory while connecting");
  auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  PostgresPollingStatusType state = PGRES_POLLING_WRITING;
  while (PQstatus(conn.get()) != CONNECTION_BAD) {
    if (state == PGRES_POLLING_OK) {
      // Server NOTICEs ("... does not exist, skipping") would go to stderr and break JSON logs.
      PQsetNoticeProcessor(conn.get(), [](void*, const char*) {}, nullptr);
      return conn;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return Error::Unavailable("postgres: connect timed out after " + std::to_string(timeout_ms) + " ms");
    pollfd fd{PQsocket(conn.get()), static_cast<short>(state == PGRES_POLLING_READING ? POLLIN : POLLOUT), 0};
    if (::poll(&fd, 1, static_cast<int>(left)) < 0 && errno != EINTR) break;
    if (fd.revents != 0) state = PQconnectPoll(conn.get());
    if (state == PGRES_POLLING_FAILED) break;
  }
  return Error::Unavailable("postgres: cannot connect: " + Trimmed(PQerrorMessage(conn.get())));
}

class Session final : public ports::SqlSession {
 public:
  Session(PGconn* conn, StatementCache* cache) : conn_(conn), cache_(cache) {}
  Result<SqlResult> Execute(std::string_view sql, std::span<const SqlValue> params) override {
    std::string sqlstate;
    Result<SqlResult> r = Error{};
    if (deferred_.empty()) {
      r = Exec(conn_, cache_, sql, params, &sqlstate);
    } else {
      deferred_.push_back({std::string(sql), {params.begin(), params.end()}});
      r = ExecPipeline(conn_, cache_, deferred_, &sqlstate);
      deferred_.clear();
    }
    if (!r) Remember(sqlstate, r.error());
    return r;
  }
  // Every statement (and whatever is deferred before them) in one pipeline, each answered.
  Result<std::vector<SqlResult>> ExecuteAll(std::span<const ports::Statement> statements) override {
    const std::size_t skip = deferred_.size();  // the deferred ones' answers are nobody's
    for (const auto& st : statements) deferred_.push_back({std::string(st.sql), {st.params.begin(), st.params.end()}});
    std::vector<SqlResult> all;
    std::string sqlstate;
    auto r = ExecPipeline(conn_, cache_, deferred_, &sqlstate, &all);
    deferred_.clear();
    if (!r) {
      Remember(sqlstate, r.error());
      return r.error();
    }
    all.erase(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(std::min(skip, all.size())));
    return all;
  }
  // Sent with the next statement that needs an answer, or with the COMMIT: one round trip for
  // all of them. A failure surfaces there (and fails the transaction).
  Result<void> Defer(std::string_view sql, std::span<const SqlValue> params) override {
    if (failed_) return Error::Internal("postgres: the transaction failed before: " + first_error_);
    deferred_.push_back({std::string(sql), {params.begin(), params.end()}});
    return {};
  }
  Result<void> ExecuteScript(std::string_view sql) override {
    if (auto flushed = Flush(); !flushed) return flushed;
    std::string sqlstate;
    auto r = ExecScript(conn_, sql, &sqlstate);
    if (!r) Remember(sqlstate, r.error());
    return r;
  }
  // Sends what is deferred (with `last` after it when given) and answers its outcome.
  Result<void> Flush(std::optional<std::string> last = std::nullopt) {
    if (last) deferred_.push_back({std::move(*last), {}});
    if (deferred_.empty()) return {};
    std::string sqlstate;
    auto r = ExecPipeline(conn_, cache_, deferred_, &sqlstate);
    deferred_.clear();
    if (!r) {
      Remember(sqlstate, r.error());
      return r.error();
    }
    return {};
  }
  void Drop() { deferred_.clear(); }
  bool failed() const { return failed_; }
  void AwaitDurableAfterCommit() override { durable_after_commit_ = true; }
  bool durable_after_commit() const { return durable_after_commit_; }
  // The first failure decides whether the transaction is worth re-running: every later
  // statement only fails with 25P02 "current transaction is aborted".
  const std::string& first_sqlstate() const { return first_sqlstate_; }
  const std::string& first_error() const { return first_error_; }

 private:
  void Remember(const std::string& sqlstate, const Error& e) {
    if (!failed_) first_sqlstate_ = sqlstate, first_error_ = e.detail;
    failed_ = true;
  }

  PGconn* conn_;
  StatementCache* cache_;
  std::vector<Deferred> deferred_;
  bool failed_ = false;
  bool durable_after_commit_ = false;
  std::string first_sqlstate_;
  std::string first_error_;
};

class PostgresDatabase final : public ports::Database {
 public:
  explicit PostgresDatabase(const ports::DatabaseOptions& options)
      : options_(options), pool_size_(std::max(1, options.pool_size)), description_(RedactPostgresUrl(options.url)) {}

  ports::Dialect dialect() const override { return ports::Dialect::postgres; }
  std::string Describe() const override { return description_; }

  Result<void> Ping() override {
    auto r = Execute("SELECT 1", {});
    if (!r) return r.error();
    return {};
  }

  Result<SqlResult> Execute(std::string_view sql, std::span<const SqlValue> params) override {
    // An autocommit statement that hit a deadlock or serialization failure was rolled back
    // whole, so running it again is safe.
    for (int attempt = 1;; ++attempt) {
      std::string sqlstate;
      Result<SqlResult> r = Error{};
      {
        auto lease = Acquire();
        if (!lease) return lease.error();
        r = Exec(lease->conn->conn.get(), &lease->conn->statements, sql, params, &sqlstate);
      }  // the connection goes back to the pool before any backoff
      if (r || !IsRetryable(sqlstate) || attempt >= options_.max_attempts) return r;
      Backoff(attempt);
    }
  }

  Result<void> Transaction(const std::function<Result<void>(ports::SqlSession&)>& body) override {
    for (int attempt = 1;; ++attempt) {
      std::string sqlstate;
      Result<void> outcome = TransactionAttempt(body, sqlstate);
      if (outcome || !IsRetryable(sqlstate) || attempt >= options_.max_attempts) return outcome;
      Backoff(attempt);
    }
  }

 private:
  // One BEGIN..COMMIT. `sqlstate` is set to the failure's SQLSTATE so the caller can retry.
  Result<void> TransactionAttempt(const std::function<Result<void>(ports::SqlSession&)>& body,
                                  std::string& sqlstate) {
    auto lease = Acquire();
    if (!lease) return lease.error();
    PGconn* conn = lease->conn->conn.get();
    Session session(conn, &lease->conn->statements);
    // BEGIN goes out with the body's first statement (one round trip less per transaction).
    (void)session.Defer("BEGIN", {});
    // If `body` throws, releasing the lease rolls back (the connection is mid-transaction).
    Result<void> outcome = body(session);
    sqlstate = session.first_sqlstate();
    if (!outcome) {
      session.Drop();
      if (PQtransactionStatus(conn) != PQTRANS_IDLE) ResultPtr(PQexec(conn, "ROLLBACK"));
      return outcome;
    }
    // The deferred statements and the COMMIT in one round trip. A COMMIT of a transaction that
    // failed answers ROLLBACK; a failed deferred statement fails the pipeline before it. After
    // a relaxed commit that must still be durable, a statement that writes a commit record of
    // its own (its implicit transaction ends at the pipeline's sync with synchronous_commit on)
    // waits for the flush: the locks went with the COMMIT, before the disk.
    if (session.durable_after_commit()) {
      if (auto d = session.Defer("COMMIT", {}); !d) return d;
    }
    auto flushed = session.Flush(session.durable_after_commit() ? "SELECT txid_current()" : "COMMIT");
    sqlstate = session.first_sqlstate();
    if (!flushed) {
      if (PQtransactionStatus(conn) != PQTRANS_IDLE) ResultPtr(PQexec(conn, "ROLLBACK"));
      return flushed.error();
    }
    if (session.failed()) {
      // The body ignored a failed statement; PostgreSQL answered the COMMIT with ROLLBACK.
      return Error::Internal("postgres: transaction rolled back after a failed statement: " + session.first_error());
    }
    sqlstate.clear();
    return {};
  }

  // A pooled connection, returned (or discarded if broken) when the lease ends.
  struct Lease {
    PostgresDatabase* db = nullptr;
    PooledPtr conn;
    Lease(PostgresDatabase* d, PooledPtr c) : db(d), conn(std::move(c)) {}
    Lease(Lease&& o) noexcept : db(o.db), conn(std::move(o.conn)) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (conn) db->Release(std::move(conn));
    }
  };

  static bool Healthy(PGconn* conn) {
    // Whatever the server sent while the connection sat idle is read now, without blocking:
    // a terminated backend or a restarted server leaves a FATAL message and then EOF, which
    // turns the status to CONNECTION_BAD. Each PQconsumeInput reads once, so repeat while
    // the socket stays readable.
    for (int i = 0; i < 8 && PQstatus(conn) == CONNECTION_OK; ++i) {
      pollfd fd{PQsocket(conn), POLLIN, 0};
      if (::poll(&fd, 1, 0) <= 0) break;
      if (PQconsumeInput(conn) == 0) return false;
      (void)PQisBusy(conn);  // parses what arrived (async notices), keeping the buffer small
    }
    return PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) == PQTRANS_IDLE;
  }

  Result<Lease> Acquire() {
    std::unique_lock lock(mutex_);
    auto deadline = Clock::now() + std::chrono::milliseconds(options_.acquire_timeout_ms);
    if (!cv_.wait_until(lock, deadline, [&] { return !idle_.empty() || open_ < pool_size_; })) {
      return Error::Unavailable("postgres: no free connection within " + std::to_string(options_.acquire_timeout_ms) +
                                " ms (pool_size " + std::to_string(pool_size_) + ")");
    }
    PooledPtr conn;
    if (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
    } else {
      ++open_;
    }
    lock.unlock();
    if (conn && Healthy(conn->conn.get())) return Lease(this, std::move(conn));
    conn.reset();  // broken: its slot is reused for a fresh connection (and a new statement cache)
    auto fresh = Connect(options_.url, options_.connect_timeout_ms, options_.durable_commits);
    if (!fresh) {
      lock.lock();
      --open_;
      cv_.notify_one();
      return fresh.error();
    }
    return Lease(this, std::make_unique<PooledConn>(PooledConn{std::move(*fresh), {}}));
  }

  void Release(PooledPtr pooled) {
    PGconn* conn = pooled->conn.get();
    if (PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) != PQTRANS_IDLE) {
      ResultPtr(PQexec(conn, "ROLLBACK"));  // left mid-transaction by an exception
    }
    bool reusable = PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) == PQTRANS_IDLE;
    if (!reusable) pooled.reset();
    std::lock_guard lock(mutex_);
    if (reusable) {
      idle_.push_back(std::move(pooled));
    } else {
      --open_;
    }
    cv_.notify_one();
  }

  static void Backoff(int attempt) {
    thread_local std::minstd_rand rng{std::random_device{}()};
    std::uniform_int_distribution<int> jitter(50, 150);  // percent
    int base_ms = 5 << std::min(attempt - 1, 5);
    std::this_thread::sleep_for(std::chrono::microseconds(base_ms * jitter(rng) * 10));
  }

  ports::DatabaseOptions options_;
  int pool_size_;
  std::string description_;

  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<PooledPtr> idle_;
  int open_ = 0;  // idle + leased + being connected
};

}  // namespace

std::string RedactPostgresUrl(std::string_view url) {
  std::string out(url);
  auto scheme_end = out.find("://");
  if (scheme_end == std::string::npos) return out;
  std::size_t authority = scheme_end + 3;
  std::size_t authority_end = out.find_first_of("/?", authority);
  if (authority_end == std::string::npos) authority_end = out.size();
  std::size_t at = out.rfind('@', authority_end);
  if (at != std::string::npos && at >= authority) {
    std::size_t colon = out.find(':', authority);
    if (colon != std::string::npos && colon < at) out.erase(colon, at - colon);
  }
  if (auto q = out.find('?'); q != std::string::npos) {
    std::string query = out.substr(q + 1), kept;
    std::size_t start = 0;
    while (start <= query.size()) {
      std::size_t amp = query.find('&', start);
      if (amp == std::string::npos) amp = query.size();
      std::string_view param(query.data() + start, amp - start);
      if (!param.empty() && !StartsWith(param, "password=")) {
        if (!kept.empty()) kept += '&';
        kept += param;
      }
      start = amp + 1;
    }
    out.resize(q);
    if (!kept.empty()) out += "?" + kept;
  }
  return out;
}

Result<std::unique_ptr<ports::Database>> OpenPostgresDatabase(const ports::DatabaseOptions& options) {
  if (!StartsWith(options.url, "postgresql://") && !StartsWith(options.url, "postgres://")) {
    return Error::Validation("DATABASE_URL", "expected postgresql://user@host:port/dbname");
  }
  char* err = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(options.url.c_str(), &err);
  if (!parsed) {
    std::string why = Trimmed(err);
    PQfreemem(err);
    // libpq may quote the URL back; never let the password into the message.
    if (auto pos = why.find(options.url); pos != std::string::npos) {
      why.replace(pos, options.url.size(), RedactPostgresUrl(options.url));
    }
    return Error::Validation("DATABASE_URL", "not a valid PostgreSQL URL: " + why);
  }
  PQconninfoFree(parsed);
  return std::unique_ptr<ports::Database>(std::make_unique<PostgresDatabase>(options));
}

}  // namespace hotel::adapters
