// The import coroutine: pages of content with progress, then ApplyContent on the pool.
#include "modules/matching-service/import_runner.hpp"

#include "modules/config/config_snapshot.hpp"
#include "modules/matching-service/catalog_import.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/strand.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <set>

namespace hotel::matching {
namespace {

namespace asio = boost::asio;

HotelRecord ToRecord(const supplier::ContentHotel& h) {
  return {h.code, h.name, h.address, h.city, h.country, h.postcode, h.phone, h.chain, h.lat, h.lon, h.stars};
}

}  // namespace

Result<MatchSettings> ApplyPairThresholds(const config::ConfigSnapshot& snapshot, MatchSettings base) {
  const boost::json::value* v = snapshot.Find(kPairThresholdsKey);
  if (!v) return base;
  const std::string key(kPairThresholdsKey);
  if (!v->is_object()) return Error::Validation(key, "must be an object");
  MatchSettings out = base;
  const std::pair<std::string_view, double*> fields[] = {
      {"high", &out.high}, {"low", &out.low}, {"duplicate", &out.duplicate}, {"autoMinName", &out.auto_min_name}};
  for (const auto& entry : v->as_object()) {
    const std::string_view name = entry.key();
    const boost::json::value& value = entry.value();
    auto it = std::find_if(std::begin(fields), std::end(fields), [&](const auto& f) { return f.first == name; });
    if (it == std::end(fields)) return Error::Validation(key + "." + std::string(name), "unknown threshold");
    if (!value.is_number()) return Error::Validation(key + "." + std::string(name), "must be a number");
    const double d = value.to_number<double>();
    if (!(d >= 0 && d <= 1)) return Error::Validation(key + "." + std::string(name), "must be from 0 to 1");
    *it->second = d;
  }
  if (out.low > out.high) return Error::Validation(key + ".low", "must not be above high");
  if (out.high > out.duplicate) return Error::Validation(key + ".duplicate", "must not be below high");
  return out;
}

ImportRunner::ImportRunner(ports::Database& db, const Clock& clock, runtime::BlockingPool& pool, runtime::Logger& log,
                           runtime::MetricsRegistry& metrics, std::shared_ptr<supplier::SupplierDirectory> directory,
                           std::function<MatchSettings()> settings, ImportOptions options)
    : db_(db),
      clock_(clock),
      pool_(pool),
      log_(log),
      directory_(std::move(directory)),
      settings_(std::move(settings)),
      options_(options),
      jobs_(db, clock, options.owner),
      finished_(metrics.AddCounter("content_imports_total", "Content imports finished, by supplier and outcome.",
                                   {"supplier", "outcome"})),
      running_(metrics.AddGauge("content_imports_running", "Content imports in progress in this process.")
                   .WithLabels({})) {}

asio::awaitable<Result<ImportJob>> ImportRunner::Start(const std::string& supplier, int page_size,
                                                       const std::string& actor, asio::any_io_executor executor) {
  if (!directory_) co_return Error::Unavailable("No supplier directory in this process: suppliers are not connected.");
  const auto known = directory_->List();
  const auto it = std::find_if(known.begin(), known.end(), [&](const auto& s) { return s.code == supplier; });
  if (it == known.end()) co_return Error::NotFound("No supplier " + supplier + ".");
  if (!it->enabled) co_return Error::Conflict("Supplier " + supplier + " is disabled; enable it to import its content.");
  auto connector = directory_->Connector(supplier);
  if (!connector) co_return Error::Unavailable("Supplier " + supplier + " has no working connector.");
  auto job = co_await pool_.Run([&] { return jobs_.Create(supplier, page_size, actor); });
  if (!job) co_return job.error();
  auto strand = asio::make_strand(executor);
  asio::co_spawn(strand, Run(*job, std::move(connector)), [self = shared_from_this(), id = job->id](std::exception_ptr e) {
    if (!e) return;
    try {
      std::rethrow_exception(e);
    } catch (const std::exception& ex) {
      self->log_.Error("content import crashed", {{"importId", id}, {"error", ex.what()}});
    }
  });
  co_return std::move(*job);
}

asio::awaitable<void> ImportRunner::Fail(const ImportJob& job, const std::string& error) {
  auto failed = co_await pool_.Run([&] { return jobs_.Fail(job.id, error); });
  if (!failed) log_.Warn("cannot record a failed content import", {{"importId", job.id}, {"error", failed.error().detail}});
  finished_.WithLabels({job.supplier_code, "failed"}).Inc();
  log_.Warn("content import failed", {{"importId", job.id}, {"supplier", job.supplier_code}, {"error", error}});
}

asio::awaitable<void> ImportRunner::Run(ImportJob job, std::shared_ptr<supplier::SupplierConnector> connector) {
  auto self = shared_from_this();  // the coroutine outlives the request that started it
  running_.Inc();
  struct Done {
    runtime::Gauge& g;
    ~Done() { g.Dec(); }
  } done{running_};

  if (auto ok = co_await pool_.Run([&] { return jobs_.MarkRunning(job.id); }); !ok) {
    log_.Warn("content import could not start", {{"importId", job.id}, {"error", ok.error().detail}});
    co_return;
  }
  log_.Info("content import started", {{"importId", job.id}, {"supplier", job.supplier_code}});
  std::vector<HotelRecord> records;
  std::optional<std::int64_t> total;
  std::set<std::string> cursors;
  std::string cursor;
  int pages = 0;
  for (;;) {
    if (stopped_) {
      co_await Fail(job, "stopped: the process shut down during the import");
      co_return;
    }
    supplier::ContentRequest request;
    request.cursor = cursor;
    request.page_size = job.page_size;
    supplier::CallOptions call;
    call.timeout = options_.call_timeout;
    auto page = co_await connector->Content(request, call);
    if (!page) {
      co_await Fail(job, "page " + std::to_string(pages + 1) + ": " + std::string(CodeName(page.error().code)) + ": " +
                             page.error().detail);
      co_return;
    }
    ++pages;
    for (const auto& h : page->hotels) records.push_back(ToRecord(h));
    if (page->total >= 0) total = page->total;
    const int fetched = static_cast<int>(records.size());
    if (auto ok = co_await pool_.Run([&] { return jobs_.Progress(job.id, pages, fetched, total); }); !ok) {
      log_.Warn("cannot record content import progress", {{"importId", job.id}, {"error", ok.error().detail}});
    }
    if (page->next_cursor.empty()) break;
    if (!cursors.insert(page->next_cursor).second) {
      co_await Fail(job, "the supplier sent cursor '" + supplier::Excerpt(page->next_cursor) + "' twice (a loop)");
      co_return;
    }
    if (pages >= options_.max_pages || records.size() >= options_.max_hotels) {
      co_await Fail(job, "more than " + std::to_string(options_.max_pages) + " pages or " +
                             std::to_string(options_.max_hotels) + " hotels");
      co_return;
    }
    cursor = page->next_cursor;
  }

  const MatchSettings settings = settings_ ? settings_() : MatchSettings{};
  const std::string supplier = job.supplier_code;
  auto counts = co_await pool_.Run(
      [&] { return ApplyContent(db_, supplier, job.id, records, settings, clock_.Now()); });
  if (!counts) {
    co_await Fail(job, "matching: " + std::string(CodeName(counts.error().code)) + ": " + counts.error().detail);
    co_return;
  }
  auto ok = co_await pool_.Run([&] { return jobs_.Succeed(job.id, *counts); });
  if (!ok) log_.Warn("cannot record a finished content import", {{"importId", job.id}, {"error", ok.error().detail}});
  finished_.WithLabels({job.supplier_code, "succeeded"}).Inc();
  log_.Info("content import finished", {{"importId", job.id},
                                        {"supplier", job.supplier_code},
                                        {"hotels", records.size()},
                                        {"autoMapped", counts->auto_mapped},
                                        {"review", counts->review},
                                        {"newMasters", counts->new_masters},
                                        {"duplicates", counts->duplicates},
                                        {"unchanged", counts->unchanged}});
}

}  // namespace hotel::matching
