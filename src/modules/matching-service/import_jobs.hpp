// Content-import jobs: their rows (content_import_jobs) and life cycle, queued → running →
// succeeded | failed, with per-page progress. One active job per supplier, across processes:
// a partial unique index, so the second start is a conflict whoever makes it.
#pragma once

#include "core/clock.hpp"
#include "modules/matching-service/catalog_model.hpp"
#include "ports/database.hpp"
#include "ports/lease.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace hotel::matching {

// A job that has not moved for this long (no page, no decision) is taken for dead: its
// process stopped. Starting another import of the supplier then fails it. A job whose process
// instance is gone (ports/lease.hpp) is taken for dead at once.
inline constexpr std::chrono::minutes kStaleImportAfter{15};

class ImportJobs {
 public:
  // `db` and `clock` must outlive this. Jobs are created in the name of `owner` (the process
  // that runs them).
  ImportJobs(ports::Database& db, const Clock& clock, ports::LeaseOwner owner = {})
      : db_(db), clock_(clock), owner_(std::move(owner)) {}

  // A queued job for `supplier`. conflict (naming the active job) while another is queued or
  // running and not stale.
  Result<ImportJob> Create(const std::string& supplier, int page_size, const std::string& actor);
  Result<ImportJob> Get(const std::string& id);
  // Latest first; `before`: an id cursor.
  Result<std::vector<ImportJob>> List(const std::string& supplier, int limit, const std::optional<std::string>& before);

  Result<void> MarkRunning(const std::string& id);
  Result<void> Progress(const std::string& id, int pages, int hotels_fetched, std::optional<std::int64_t> total);
  Result<void> Succeed(const std::string& id, const ImportCounts& counts);
  // `error` is cut to 1000 bytes.
  Result<void> Fail(const std::string& id, const std::string& error);

 private:
  std::string Ts(std::string_view column) const;
  std::string Columns() const;
  Result<std::optional<ImportJob>> Find(ports::SqlSession& s, const std::string& where, const std::string& value);

  ports::Database& db_;
  const Clock& clock_;
  ports::LeaseOwner owner_;
};

}  // namespace hotel::matching
