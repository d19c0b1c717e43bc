// SQL text both engines answer alike: a timestamp column as the ISO 8601 UTC text the rows are
// written in ("2026-11-25T20:36:23.123Z"). SQLite stores that text already; PostgreSQL's
// TIMESTAMPTZ is formatted to it.
#pragma once

#include "ports/database.hpp"

#include <string>
#include <string_view>

namespace hotel::ports {

inline std::string TimestampText(Dialect dialect, std::string_view column) {
  if (dialect == Dialect::sqlite) return std::string(column);
  return "to_char((" + std::string(column) + ") AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
}

}  // namespace hotel::ports
