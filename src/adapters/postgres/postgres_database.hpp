// The production database: ports::Database over PostgreSQL through libpq.
//
// URL: any libpq connection URI, `postgresql://user:password@host:port/dbname?param=value`
// (`postgres://` too). Connections are opened lazily, up to `pool_size`, so a server that is
// down makes calls fail with upstream_unavailable (never construction). Parameters go as
// text with their type (int8, bool, float8; strings as `unknown`, so they coerce to the
// column's type: timestamptz, jsonb, numeric...). Results are typed by column OID:
// int2/int4/int8/oid -> int64, bool -> bool, float4/float8 -> double, everything else text.
// An integer parameter is int8, so an operator that exists only for int4 needs a cast:
// `due_date + CAST($1 AS INTEGER)`.
#pragma once

#include "ports/database.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace hotel::adapters {

// Fails only for a URL libpq cannot parse (validation_failed naming DATABASE_URL).
Result<std::unique_ptr<ports::Database>> OpenPostgresDatabase(const ports::DatabaseOptions& options);

// The URL with any password (user:password@ or ?password=) removed, for logs.
std::string RedactPostgresUrl(std::string_view url);

}  // namespace hotel::adapters
