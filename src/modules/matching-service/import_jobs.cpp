// content_import_jobs rows on SQLite and PostgreSQL.
#include "modules/matching-service/import_jobs.hpp"
#include "ports/sql_text.hpp"

#include "core/ids.hpp"
#include "modules/matching-service/catalog_repository.hpp"

namespace hotel::matching {
namespace {

using ports::SqlValue;

SqlValue Text(std::string_view s) { return std::string(s); }
SqlValue Int(std::int64_t v) { return v; }

ImportJob ReadJob(const ports::SqlRow& r) {
  ImportJob j;
  std::size_t i = 0;
  j.id = r.GetString(i++);
  j.supplier_code = r.GetString(i++);
  j.status = ParseImportStatus(r.GetString(i++)).value_or(ImportStatus::kFailed);
  j.page_size = static_cast<int>(r.GetInt(i++));
  j.pages = static_cast<int>(r.GetInt(i++));
  j.hotels_fetched = static_cast<int>(r.GetInt(i++));
  j.total = r.GetOptInt(i++);
  for (int* c : {&j.counts.auto_mapped, &j.counts.review, &j.counts.new_masters, &j.counts.duplicates,
                 &j.counts.unchanged, &j.counts.pinned, &j.counts.skipped}) {
    *c = static_cast<int>(r.GetInt(i++));
  }
  j.created_by = r.GetString(i++);
  j.created_at = r.GetString(i++);
  j.started_at = r.GetOptString(i++);
  j.finished_at = r.GetOptString(i++);
  j.updated_at = r.GetString(i++);
  j.error = r.GetOptString(i++);
  return j;
}

Result<void> ExpectOne(const Result<ports::SqlResult>& r, const std::string& id) {
  if (!r) return r.error();
  if (r->affected_rows != 1) return Error::NotFound("No content import " + id + ".");
  return Ok();
}

}  // namespace

std::string ImportJobs::Ts(std::string_view column) const {
  return ports::TimestampText(db_.dialect(), column);
}

std::string ImportJobs::Columns() const {
  return "id, supplier_code, status, page_size, pages, hotels_fetched, total, auto_mapped, review, new_masters, "
         "duplicates, unchanged, pinned, skipped, created_by, " +
         Ts("created_at") + ", " + Ts("started_at") + ", " + Ts("finished_at") + ", " + Ts("updated_at") + ", error";
}

Result<std::optional<ImportJob>> ImportJobs::Find(ports::SqlSession& s, const std::string& where,
                                                  const std::string& value) {
  const SqlValue p[] = {Text(value)};
  auto r = s.Execute("SELECT " + Columns() + " FROM content_import_jobs WHERE " + where + " ORDER BY id DESC LIMIT 1",
                     p);
  if (!r) return r.error();
  if (r->rows.empty()) return std::optional<ImportJob>{};
  return std::optional<ImportJob>(ReadJob(r->rows.front()));
}

Result<ImportJob> ImportJobs::Create(const std::string& supplier, int page_size, const std::string& actor) {
  const Instant now = clock_.Now();
  const std::string now_text = FormatIso8601(now);
  const std::string stale_before = FormatIso8601(now - kStaleImportAfter);
  ImportJob job;
  job.id = NewId("imp");
  job.supplier_code = supplier;
  job.page_size = page_size;
  job.created_by = actor;
  job.created_at = now_text;
  job.updated_at = now_text;
  auto tx = db_.Transaction([&](ports::SqlSession& s) -> Result<void> {
    const SqlValue stale[] = {Text(now_text), Text(supplier), Text(stale_before), Int(owner_.AliveAfterMs(now))};
    auto failed = s.Execute(
        "UPDATE content_import_jobs SET status = 'failed', finished_at = $1, updated_at = $1, error = CASE WHEN "
        "updated_at < $3 THEN 'abandoned: no progress for 15 minutes (its process stopped?)' ELSE 'abandoned: its "
        "process is gone' END WHERE supplier_code = $2 AND status IN ('queued', 'running') AND (updated_at < $3 OR " +
            ports::OwnerGoneSql("owner", 4) + ")",
        stale);
    if (!failed) return failed.error();
    const SqlValue p[] = {Text(job.id), Text(supplier), Int(page_size), Text(actor), Text(now_text),
                          owner_.id.empty() ? ports::SqlNull() : Text(owner_.id)};
    auto ins = s.Execute(
        "INSERT INTO content_import_jobs (id, supplier_code, status, page_size, created_by, created_at, updated_at, "
        "owner) VALUES ($1, $2, 'queued', $3, $4, $5, $5, $6)",
        p);
    if (!ins) return ins.error();
    return Ok();
  });
  if (!tx) {
    if (tx.error().code != Errc::conflict) return tx.error();
    AutoCommitSession s(db_);
    auto active = Find(s, "supplier_code = $1 AND status IN ('queued', 'running')", supplier);
    const std::string which = active && *active ? " (" + (*active)->id + ", " +
                                                      std::string(ImportStatusName((*active)->status)) + ")"
                                                : "";
    return Error::Conflict("An import of " + supplier + " is already in progress" + which + ".");
  }
  return job;
}

Result<ImportJob> ImportJobs::Get(const std::string& id) {
  AutoCommitSession s(db_);
  auto job = Find(s, "id = $1", id);
  if (!job) return job.error();
  if (!*job) return Error::NotFound("No content import " + id + ".");
  return std::move(**job);
}

Result<std::vector<ImportJob>> ImportJobs::List(const std::string& supplier, int limit,
                                                const std::optional<std::string>& before) {
  std::vector<SqlValue> p = {Text(supplier)};
  std::string sql = "SELECT " + Columns() + " FROM content_import_jobs WHERE supplier_code = $1";
  if (before) {
    p.push_back(Text(*before));
    sql += " AND id < $2";
  }
  p.push_back(Int(limit));
  sql += " ORDER BY id DESC LIMIT $" + std::to_string(p.size());
  auto r = db_.Execute(sql, p);
  if (!r) return r.error();
  std::vector<ImportJob> out;
  for (const auto& row : r->rows) out.push_back(ReadJob(row));
  return out;
}

Result<void> ImportJobs::MarkRunning(const std::string& id) {
  const SqlValue p[] = {Text(FormatIso8601(clock_.Now())), Text(id)};
  return ExpectOne(db_.Execute("UPDATE content_import_jobs SET status = 'running', started_at = $1, updated_at = $1 "
                               "WHERE id = $2 AND status = 'queued'",
                               p),
                   id);
}

Result<void> ImportJobs::Progress(const std::string& id, int pages, int hotels_fetched,
                                  std::optional<std::int64_t> total) {
  const SqlValue p[] = {Int(pages), Int(hotels_fetched), total ? Int(*total) : ports::SqlNull(),
                        Text(FormatIso8601(clock_.Now())), Text(id)};
  return ExpectOne(db_.Execute("UPDATE content_import_jobs SET pages = $1, hotels_fetched = $2, total = $3, "
                               "updated_at = $4 WHERE id = $5 AND status = 'running'",
                               p),
                   id);
}

Result<void> ImportJobs::Succeed(const std::string& id, const ImportCounts& c) {
  const SqlValue p[] = {Int(c.auto_mapped), Int(c.review),  Int(c.new_masters), Int(c.duplicates),
                        Int(c.unchanged),   Int(c.pinned),  Int(c.skipped),     Text(FormatIso8601(clock_.Now())),
                        Text(id)};
  return ExpectOne(db_.Execute("UPDATE content_import_jobs SET status = 'succeeded', auto_mapped = $1, review = $2, "
                               "new_masters = $3, duplicates = $4, unchanged = $5, pinned = $6, skipped = $7, "
                               "finished_at = $8, updated_at = $8 WHERE id = $9 AND status = 'running'",
                               p),
                   id);
}

Result<void> ImportJobs::Fail(const std::string& id, const std::string& error) {
  std::string cut = error;
  if (cut.size() > 1000) {
    std::size_t n = 1000;  // never half a UTF-8 sequence
    while (n > 0 && (static_cast<unsigned char>(cut[n]) & 0xC0) == 0x80) --n;
    cut.resize(n);
  }
  const SqlValue p[] = {Text(cut), Text(FormatIso8601(clock_.Now())), Text(id)};
  return ExpectOne(db_.Execute("UPDATE content_import_jobs SET status = 'failed', error = $1, finished_at = $2, "
                               "updated_at = $2 WHERE id = $3 AND status IN ('queued', 'running')",
                               p),
                   id);
}

}  // namespace hotel::matching
