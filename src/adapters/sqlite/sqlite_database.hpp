// The embedded database: ports::Database over an SQLite file (WAL) or an in-memory database.
//
// URL forms (everything after the scheme is the path; no query parameters):
//   sqlite:///abs/path.db      absolute path (/abs/path.db)
//   sqlite://rel/path.db       relative to the working directory (rel/path.db)
//   sqlite:rel/path.db         relative, as written;  sqlite:/abs/path.db  absolute
//   sqlite::memory:            a private in-memory database, one shared connection
// The file's parent directory is created if missing.
//
// SQL meant for both engines writes CAST(x AS type), not PostgreSQL's x::type, and stores
// booleans in BOOLEAN columns (read back as bool here, as on PostgreSQL).
//
// Writes (and every Transaction) go through one writer connection, taken in turn by the
// threads of this process (BEGIN IMMEDIATE, so other processes wait on busy_timeout
// instead of failing mid-transaction). Read-only statements run on a small pool of reader
// connections, which WAL lets proceed while a write is in progress.
#pragma once

#include "ports/database.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace hotel::adapters {

// Fails (validation_failed) for a malformed URL, or (internal) when the file cannot be opened.
Result<std::unique_ptr<ports::Database>> OpenSqliteDatabase(const ports::DatabaseOptions& options);

// The file path a sqlite: URL names, ":memory:" for the in-memory form; nullopt if malformed.
std::optional<std::string> SqlitePathFromUrl(std::string_view url);

// Rewrites `$N` placeholders to SQLite's `?N`, leaving string literals, quoted identifiers
// and comments untouched (SQLite would otherwise read `$1` as a *named* parameter, numbered
// by first appearance, so `$2 ... $1` would bind the wrong values).
std::string RewritePlaceholders(std::string_view sql);

}  // namespace hotel::adapters
