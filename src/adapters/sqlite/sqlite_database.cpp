// SQLite adapter: one writer connection taken in turn, a pool of reader connections (WAL).
#include "adapters/sqlite/sqlite_database.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <vector>

namespace hotel::adapters {
namespace {

using ports::SqlResult;
using ports::SqlValue;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kStatementCacheSize = 256;
constexpr int kMaxReaders = 8;  // reads are fast and local: more connections only cost memory

// The sqlite message names the constraint or the syntax problem, never a bound value.
Error MapError(sqlite3* db, int rc, std::string_view context = {}) {
  std::string msg = "sqlite: ";
  if (!context.empty()) msg.append(context).append(": ");
  msg += db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) return Error::Conflict(msg);
  // Only reachable after busy_timeout expired: another process held the lock that long.
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) return Error::Timeout(msg);
  return Error::Internal(msg);
}

bool IsIdentChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '$' || static_cast<unsigned char>(c) >= 0x80;
}

bool IsBoolDeclType(const char* decl) {
  if (!decl) return false;
  std::string_view d(decl);
  auto iequals = [&](std::string_view w) {
    if (d.size() != w.size()) return false;
    for (std::size_t i = 0; i < d.size(); ++i) {
      if ((d[i] | 0x20) != w[i]) return false;
    }
    return true;
  };
  return iequals("boolean") || iequals("bool");
}

// One sqlite3 handle plus its prepared-statement cache. Used by one thread at a time.
class Connection {
 public:
  explicit Connection(sqlite3* db) : db_(db) {}
  ~Connection() {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  static Result<std::unique_ptr<Connection>> Open(const std::string& path, const ports::DatabaseOptions& o,
                                                  bool reader) {
    sqlite3* db = nullptr;
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    auto conn = std::make_unique<Connection>(db);  // closes db on every path below
    if (rc != SQLITE_OK) return MapError(db, rc, "cannot open '" + path + "'");
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, o.busy_timeout_ms);
    std::string pragmas = "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL;";
    if (reader) {
      pragmas += "PRAGMA query_only=ON;";  // a reader that somehow got a write must not commit it
    } else if (path != ":memory:") {
      pragmas += "PRAGMA journal_mode=WAL;";
    }
    if (auto r = conn->ExecuteScript(pragmas); !r) return r.error();
    return conn;
  }

  sqlite3* handle() const { return db_; }

  // Prepares `sql` (or takes it from the cache). Rejects a second statement after the first.
  Result<sqlite3_stmt*> Prepare(std::string_view sql) {
    std::string key(sql);
    if (auto it = cache_.find(key); it != cache_.end()) return it->second;
    std::string rewritten = RewritePlaceholders(sql);
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    int rc = sqlite3_prepare_v3(db_, rewritten.data(), static_cast<int>(rewritten.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, &tail);
    if (rc != SQLITE_OK) return MapError(db_, rc);
    if (!stmt) return Error::Internal("sqlite: empty statement");
    if (!TailIsEmpty(tail, rewritten.data() + rewritten.size())) {
      sqlite3_finalize(stmt);
      return Error::Internal("sqlite: Execute takes one statement (use ExecuteScript for several)");
    }
    if (cache_.size() >= kStatementCacheSize) {
      for (auto& [s, cached] : cache_) sqlite3_finalize(cached);  // none is running: one thread
      cache_.clear();
    }
    cache_.emplace(std::move(key), stmt);
    return stmt;
  }

  Result<SqlResult> Run(sqlite3_stmt* stmt, std::span<const SqlValue> params) {
    // Bound text is SQLITE_STATIC: `params` outlives the statement's run, and the bindings
    // are cleared before returning so a cached statement never points at freed memory.
    struct Cleanup {
      sqlite3_stmt* s;
      ~Cleanup() {
        sqlite3_reset(s);
        sqlite3_clear_bindings(s);
      }
    } cleanup{stmt};
    int expected = sqlite3_bind_parameter_count(stmt);
    if (static_cast<int>(params.size()) != expected) {
      return Error::Internal("sqlite: statement takes " + std::to_string(expected) + " parameters, " +
                             std::to_string(params.size()) + " given");
    }
    for (int i = 0; i < expected; ++i) {
      int rc = std::visit(
          [&](const auto& v) -> int {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::monostate>) return sqlite3_bind_null(stmt, i + 1);
            else if constexpr (std::is_same_v<T, bool>) return sqlite3_bind_int64(stmt, i + 1, v ? 1 : 0);
            else if constexpr (std::is_same_v<T, std::int64_t>) return sqlite3_bind_int64(stmt, i + 1, v);
            else if constexpr (std::is_same_v<T, double>) return sqlite3_bind_double(stmt, i + 1, v);
            else return sqlite3_bind_text64(stmt, i + 1, v.data(), v.size(), SQLITE_STATIC, SQLITE_UTF8);
          },
          params[i]);
      if (rc != SQLITE_OK) return MapError(db_, rc);
    }

    SqlResult result;
    int ncols = sqlite3_column_count(stmt);
    std::vector<bool> bool_column(ncols);
    for (int c = 0; c < ncols; ++c) {
      result.columns.emplace_back(sqlite3_column_name(stmt, c));
      bool_column[c] = IsBoolDeclType(sqlite3_column_decltype(stmt, c));
    }
    sqlite3_int64 changes_before = sqlite3_total_changes64(db_);
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return MapError(db_, rc);
      ports::SqlRow& row = result.rows.emplace_back();
      row.values.reserve(ncols);
      for (int c = 0; c < ncols; ++c) row.values.push_back(ReadColumn(stmt, c, bool_column[c]));
    }
    // changes() keeps the count of the last INSERT/UPDATE/DELETE even across DDL and reads,
    // so it only describes this statement when the total moved.
    if (sqlite3_total_changes64(db_) != changes_before) result.affected_rows = sqlite3_changes64(db_);
    return result;
  }

  Result<SqlResult> Execute(std::string_view sql, std::span<const SqlValue> params) {
    auto stmt = Prepare(sql);
    if (!stmt) return stmt.error();
    return Run(*stmt, params);
  }

  Result<void> ExecuteScript(std::string_view sql) {
    std::string script(sql);  // sqlite3_exec wants a NUL-terminated string
    int rc = sqlite3_exec(db_, script.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return MapError(db_, rc);
    return {};
  }

  // A statement left open by Execute("BEGIN") would pin a snapshot or the write lock forever.
  Result<void> EnsureAutocommit() {
    if (sqlite3_get_autocommit(db_)) return {};
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    return Error::Internal("sqlite: transaction statements are not allowed in Execute (use Transaction)");
  }

 private:
  bool TailIsEmpty(const char* tail, const char* end) {
    while (tail && tail < end && (*tail == ' ' || *tail == '\t' || *tail == '\n' || *tail == '\r' || *tail == ';')) {
      ++tail;
    }
    if (!tail || tail >= end) return true;
    sqlite3_stmt* next = nullptr;
    sqlite3_prepare_v2(db_, tail, static_cast<int>(end - tail), &next, nullptr);
    bool empty = next == nullptr;  // only comments left (or an error we report as "two statements")
    sqlite3_finalize(next);
    return empty && sqlite3_errcode(db_) == SQLITE_OK;
  }

  static SqlValue ReadColumn(sqlite3_stmt* stmt, int c, bool is_bool) {
    switch (sqlite3_column_type(stmt, c)) {
      case SQLITE_INTEGER: {
        std::int64_t v = sqlite3_column_int64(stmt, c);
        if (is_bool) return v != 0;  // a BOOLEAN column reads as bool, as on PostgreSQL
        return v;
      }
      case SQLITE_FLOAT: return sqlite3_column_double(stmt, c);
      case SQLITE_TEXT: {
        auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
        return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)));
      }
      case SQLITE_BLOB: {
        auto* p = static_cast<const char*>(sqlite3_column_blob(stmt, c));
        return std::string(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(stmt, c)));
      }
      default: return std::monostate{};
    }
  }

  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

class Session final : public ports::SqlSession {
 public:
  explicit Session(Connection& conn) : conn_(conn) {}
  Result<SqlResult> Execute(std::string_view sql, std::span<const SqlValue> params) override {
    return conn_.Execute(sql, params);
  }
  Result<void> ExecuteScript(std::string_view sql) override { return conn_.ExecuteScript(sql); }

 private:
  Connection& conn_;
};

// The writer connection's owner. A mutex + condition variable rather than std::timed_mutex,
// whose pthread_mutex_clocklock ThreadSanitizer (clang 14) cannot see.
class WriterGate {
 public:
  bool TryAcquireFor(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (!cv_.wait_for(lock, timeout, [&] { return !busy_; })) return false;
    busy_ = true;
    return true;
  }
  void Release() {
    {
      std::lock_guard lock(mutex_);
      busy_ = false;
    }
    cv_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  bool busy_ = false;
};

// Holds the gate for one scope; `acquired` is false when the wait timed out.
struct WriterHold {
  WriterHold(WriterGate& g, int timeout_ms) : gate(g), acquired(g.TryAcquireFor(std::chrono::milliseconds(timeout_ms))) {}
  ~WriterHold() {
    if (acquired) gate.Release();
  }
  WriterHold(const WriterHold&) = delete;
  WriterHold& operator=(const WriterHold&) = delete;
  WriterGate& gate;
  const bool acquired;
};

class SqliteDatabase final : public ports::Database {
 public:
  SqliteDatabase(std::string url, std::string path, const ports::DatabaseOptions& options,
                 std::unique_ptr<Connection> writer)
      : url_(std::move(url)),
        path_(std::move(path)),
        options_(options),
        memory_(path_ == ":memory:"),
        max_readers_(std::clamp(options.pool_size, 1, kMaxReaders)),
        writer_(std::move(writer)) {}

  ports::Dialect dialect() const override { return ports::Dialect::sqlite; }
  std::string Describe() const override { return url_; }
  Result<void> Ping() override {
    auto r = Execute("SELECT 1", {});
    if (!r) return r.error();
    return {};
  }

  Result<SqlResult> Execute(std::string_view sql, std::span<const SqlValue> params) override {
    if (writer_owner_.load() == std::this_thread::get_id()) return NestedError();
    if (!memory_) {
      ReaderLease reader{this, nullptr};
      if (auto r = AcquireReader(); r) reader.conn = std::move(*r);
      else return r.error();
      auto stmt = reader.conn->Prepare(sql);
      if (!stmt) return stmt.error();
      if (sqlite3_stmt_readonly(*stmt)) {
        auto result = reader.conn->Run(*stmt, params);
        if (auto ok = reader.conn->EnsureAutocommit(); !ok) return ok.error();
        return result;
      }
    }
    WriterHold hold(writer_gate_, options_.busy_timeout_ms);
    if (!hold.acquired) return BusyError();
    auto result = writer_->Execute(sql, params);
    if (auto ok = writer_->EnsureAutocommit(); !ok) return ok.error();
    return result;
  }

  Result<void> Transaction(const std::function<Result<void>(ports::SqlSession&)>& body) override {
    if (writer_owner_.load() == std::this_thread::get_id()) return NestedError();
    WriterHold hold(writer_gate_, options_.busy_timeout_ms);
    if (!hold.acquired) return BusyError();
    // IMMEDIATE takes the write lock up front: a deferred transaction that reads first and
    // writes later fails with SQLITE_BUSY (no busy wait) if another process wrote meanwhile.
    if (auto r = writer_->ExecuteScript("BEGIN IMMEDIATE"); !r) return r.error();
    struct Guard {  // rolls back on an error result and on an exception thrown by `body`
      SqliteDatabase* db;
      bool open = true;
      ~Guard() {
        if (open) sqlite3_exec(db->writer_->handle(), "ROLLBACK", nullptr, nullptr, nullptr);
        db->writer_owner_.store(std::thread::id());
      }
    } guard{this};
    writer_owner_.store(std::this_thread::get_id());
    Session session(*writer_);
    if (auto r = body(session); !r) return r.error();
    if (auto r = writer_->ExecuteScript("COMMIT"); !r) return r.error();
    guard.open = false;
    return {};
  }

 private:
  struct ReaderLease {
    SqliteDatabase* db;
    std::unique_ptr<Connection> conn;
    ~ReaderLease() {
      if (conn) db->ReleaseReader(std::move(conn));
    }
  };

  Result<std::unique_ptr<Connection>> AcquireReader() {
    std::unique_lock lock(readers_mutex_);
    auto deadline = Clock::now() + std::chrono::milliseconds(options_.acquire_timeout_ms);
    if (!readers_cv_.wait_until(lock, deadline, [&] { return !idle_readers_.empty() || readers_open_ < max_readers_; })) {
      return Error::Unavailable("sqlite: no free reader connection within acquire_timeout_ms");
    }
    if (!idle_readers_.empty()) {
      auto conn = std::move(idle_readers_.back());
      idle_readers_.pop_back();
      return conn;
    }
    ++readers_open_;
    lock.unlock();
    auto conn = Connection::Open(path_, options_, /*reader=*/true);
    if (!conn) {
      lock.lock();
      --readers_open_;
      readers_cv_.notify_one();
    }
    return conn;
  }

  void ReleaseReader(std::unique_ptr<Connection> conn) {
    std::lock_guard lock(readers_mutex_);
    idle_readers_.push_back(std::move(conn));
    readers_cv_.notify_one();
  }

  Error BusyError() const {
    return Error::Timeout("sqlite: the writer connection stayed busy longer than busy_timeout_ms");
  }
  static Error NestedError() {
    return Error::Internal("sqlite: use the session inside a Transaction body, not the Database");
  }

  std::string url_;
  std::string path_;
  ports::DatabaseOptions options_;
  bool memory_;
  int max_readers_;

  WriterGate writer_gate_;
  std::unique_ptr<Connection> writer_;
  std::atomic<std::thread::id> writer_owner_{};  // the thread inside Transaction(), if any

  std::mutex readers_mutex_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
  int readers_open_ = 0;
};

}  // namespace

std::optional<std::string> SqlitePathFromUrl(std::string_view url) {
  constexpr std::string_view kScheme = "sqlite:";
  if (url.substr(0, kScheme.size()) != kScheme) return std::nullopt;
  std::string_view rest = url.substr(kScheme.size());
  if (rest.substr(0, 2) == "//") rest.remove_prefix(2);
  if (rest == ":memory:") return std::string(rest);
  if (rest.empty() || rest.find('?') != std::string_view::npos) return std::nullopt;
  return std::string(rest);
}

std::string RewritePlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  std::size_t i = 0;
  const std::size_t n = sql.size();
  auto copy_until = [&](std::size_t end) {  // copies [i, end) and moves i there
    end = std::min(end, n);
    out.append(sql.substr(i, end - i));
    i = end;
  };
  while (i < n) {
    char c = sql[i];
    if (c == '\'' || c == '"' || c == '`' || c == '[') {
      // A doubled quote ('it''s') closes and reopens the literal: same result.
      char close = c == '[' ? ']' : c;
      std::size_t end = sql.find(close, i + 1);
      copy_until(end == std::string_view::npos ? n : end + 1);
    } else if (c == '-' && i + 1 < n && sql[i + 1] == '-') {
      std::size_t end = sql.find('\n', i);
      copy_until(end == std::string_view::npos ? n : end + 1);
    } else if (c == '/' && i + 1 < n && sql[i + 1] == '*') {
      std::size_t end = sql.find("*/", i + 2);
      copy_until(end == std::string_view::npos ? n : end + 2);
    } else if (c == '$' && i + 1 < n && sql[i + 1] >= '0' && sql[i + 1] <= '9' &&
               (i == 0 || !IsIdentChar(sql[i - 1]))) {
      out += '?';
      ++i;
    } else {
      out += c;
      ++i;
    }
  }
  return out;
}

Result<std::unique_ptr<ports::Database>> OpenSqliteDatabase(const ports::DatabaseOptions& options) {
  auto path = SqlitePathFromUrl(options.url);
  if (!path) {
    return Error::Validation("DATABASE_URL",
                             "expected sqlite:///absolute/path.db, sqlite://relative/path.db or sqlite::memory:");
  }
  if (*path != ":memory:") {
    std::error_code ec;  // a failure here shows up as sqlite's "unable to open" just below
    auto parent = std::filesystem::path(*path).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  }
  auto writer = Connection::Open(*path, options, /*reader=*/false);
  if (!writer) return writer.error();
  return std::unique_ptr<ports::Database>(
      std::make_unique<SqliteDatabase>(options.url, *path, options, std::move(*writer)));
}

}  // namespace hotel::adapters
