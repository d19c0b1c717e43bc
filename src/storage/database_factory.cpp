// ports::OpenDatabase: picks the adapter by DATABASE_URL's scheme.
#include "adapters/postgres/postgres_database.hpp"
#include "adapters/sqlite/sqlite_database.hpp"
#include "ports/database.hpp"

namespace hotel::ports {

Result<std::unique_ptr<Database>> OpenDatabase(const DatabaseOptions& options) {
  std::string_view url = options.url;
  if (url.substr(0, 7) == "sqlite:") return adapters::OpenSqliteDatabase(options);
  if (url.substr(0, 11) == "postgres://" || url.substr(0, 13) == "postgresql://") {
    return adapters::OpenPostgresDatabase(options);
  }
  // The URL itself is not echoed: it may carry a password.
  return Error::Validation("DATABASE_URL", url.empty() ? "is empty; expected sqlite:///path/to.db or postgresql://..."
                                                       : "unsupported scheme; expected sqlite:///path/to.db, "
                                                         "sqlite::memory: or postgresql://user@host:port/dbname");
}

}  // namespace hotel::ports
