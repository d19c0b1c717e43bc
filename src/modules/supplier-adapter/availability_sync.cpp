// One sync run: batches of hotel codes × check-in dates through the supplier's resilient
// connector, the cheapest net per hotel stored as it arrives, the outcome recorded at the end.
#include "modules/supplier-adapter/availability_sync.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <set>

namespace hotel::supplier_adapter {

namespace asio = boost::asio;
using asio::awaitable;

struct AvailabilitySync::LoopState {
  explicit LoopState(asio::any_io_executor strand) : timer(strand) {}
  asio::steady_timer timer;  // used on its strand only
  std::atomic<bool> stopped{false};
};

namespace {

// One snapshot row per requested hotel: the cheapest net among its rates in the currency of
// its first rate (a supplier answers one currency per hotel), or no rate at all.
std::vector<AvailabilityRow> Summarise(const std::string& supplier, const std::vector<std::string>& codes,
                                       Date check_in, int nights, const supplier::SearchResult& result,
                                       const std::string& now) {
  std::map<std::string_view, const supplier::HotelOffers*> offers;
  for (const auto& h : result.hotels) offers[h.hotel_code] = &h;
  std::vector<AvailabilityRow> rows;
  rows.reserve(codes.size());
  for (const auto& code : codes) {
    AvailabilityRow row{supplier, code, check_in, nights, std::nullopt, {}, 0, now};
    if (auto it = offers.find(code); it != offers.end() && !it->second->rates.empty()) {
      const auto& rates = it->second->rates;
      row.currency = rates.front().net.currency;
      row.rate_count = static_cast<int>(rates.size());
      for (const auto& r : rates) {
        if (r.net.currency != row.currency) continue;
        if (!row.min_net_minor || r.net.minor < *row.min_net_minor) row.min_net_minor = r.net.minor;
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

AvailabilitySync::AvailabilitySync(SupplierRegistry& registry, ports::Database& db, runtime::BlockingPool& pool,
                                   HotelCodeSource hotel_codes, SyncOptions options, const Clock& clock,
                                   runtime::MetricsRegistry& metrics, runtime::Logger& log)
    : registry_(registry),
      repo_(db),
      pool_(pool),
      hotel_codes_(std::move(hotel_codes)),
      options_(std::move(options)),
      clock_(clock),
      metrics_(metrics),
      log_(log) {
  options_.batch = std::clamp<std::size_t>(options_.batch, 1, 250);
  options_.nights = std::max(1, options_.nights);
  metrics_.AddCounter("supplier_sync_runs_total", "Availability sync runs by outcome.", {"supplier", "outcome"});
  metrics_.AddGauge("supplier_sync_hotels", "Hotels the last availability sync stored.", {"supplier"});
}

std::vector<std::string> AvailabilitySync::Sample(const std::string& code, std::vector<std::string> all) {
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  if (all.size() <= options_.max_hotels) return all;
  std::lock_guard lock(mutex_);
  std::size_t& next = rotation_[code];
  const std::size_t start = next % all.size();
  next = start + options_.max_hotels;
  std::vector<std::string> out;
  out.reserve(options_.max_hotels);
  for (std::size_t i = 0; i < options_.max_hotels; ++i) out.push_back(all[(start + i) % all.size()]);
  return out;
}

awaitable<Result<AvailabilitySync::Plan>> AvailabilitySync::Prepare(const std::string& code) {
  auto status = registry_.Status(code);
  if (!status) co_return Error::NotFound("No supplier with code " + code + ".");
  if (!status->enabled) co_return Error::Conflict("Supplier " + code + " is disabled: enable it before syncing.");
  if (!status->connector) {
    co_return Error::Unavailable("Supplier " + code + " has no working connector: " + status->problem);
  }
  std::vector<std::string> hotels;
  if (hotel_codes_) hotels = co_await pool_.Run([&] { return hotel_codes_(code); });
  if (hotels.empty()) {
    co_return Error::Conflict("No hotels of supplier " + code + " are known yet: import its content before syncing.");
  }
  co_return Plan{status->connector, status->currency, Sample(code, std::move(hotels))};
}

awaitable<Result<SyncReport>> AvailabilitySync::RunNow(std::string code) {
  auto plan = co_await Prepare(code);
  if (!plan) co_return plan.error();
  const std::string now = FormatIso8601(clock_.Now());
  const std::string stale = FormatIso8601(clock_.Now() - options_.stale_after);
  auto claimed = co_await pool_.Run([&] { return repo_.ClaimSync(code, now, stale, options_.owner, options_.owner.AliveAfterMs(clock_.Now())); });
  if (!claimed) co_return claimed.error();
  if (!*claimed) co_return Error::Conflict("A sync of supplier " + code + " is already running.");
  co_return co_await Execute(code, std::move(*plan));
}

awaitable<void> AvailabilitySync::Background(std::shared_ptr<AvailabilitySync> self, std::string code, Plan plan) {
  co_await self->Execute(std::move(code), std::move(plan));
}

awaitable<Result<void>> AvailabilitySync::Trigger(std::string code, asio::any_io_executor executor) {
  auto plan = co_await Prepare(code);
  if (!plan) co_return plan.error();
  const std::string now = FormatIso8601(clock_.Now());
  const std::string stale = FormatIso8601(clock_.Now() - options_.stale_after);
  auto claimed = co_await pool_.Run([&] { return repo_.ClaimSync(code, now, stale, options_.owner, options_.owner.AliveAfterMs(clock_.Now())); });
  if (!claimed) co_return claimed.error();
  if (!*claimed) co_return Error::Conflict("A sync of supplier " + code + " is already running.");
  asio::co_spawn(executor, Background(shared_from_this(), code, std::move(*plan)), asio::detached);
  co_return Ok();
}

awaitable<SyncReport> AvailabilitySync::Execute(std::string code, Plan plan) {
  const auto started = std::chrono::steady_clock::now();
  const Date today = DateOf(clock_.Now());
  SyncReport report;
  std::set<std::string> synced;
  for (int days : options_.check_in_days) {
    const Date check_in = today + days;
    for (std::size_t at = 0; at < plan.hotels.size() && !stopped_; at += options_.batch) {
      const auto end = std::min(plan.hotels.size(), at + options_.batch);
      supplier::SearchRequest request;
      request.hotel_codes.assign(plan.hotels.begin() + static_cast<std::ptrdiff_t>(at),
                                 plan.hotels.begin() + static_cast<std::ptrdiff_t>(end));
      request.check_in = check_in;
      request.check_out = check_in + options_.nights;
      request.rooms = {supplier::RoomOccupancy{options_.adults, {}}};
      request.currency = plan.currency;
      const supplier::CallOptions call;
      auto found = co_await plan.connector->Search(request, call);
      if (!found) {
        ++report.batches_failed;
        report.error = found.error().code;
        continue;
      }
      auto rows = Summarise(code, request.hotel_codes, check_in, options_.nights, *found, FormatIso8601(clock_.Now()));
      auto stored = co_await pool_.Run([&] { return repo_.UpsertAvailability(rows); });
      if (!stored) {
        ++report.batches_failed;
        report.error = stored.error().code;
        log_.Log(runtime::LogLevel::error, "availability snapshot not stored",
                 {{"supplier", code}, {"detail", supplier::Excerpt(stored.error().detail)}}, nullptr,
                 "supplier-adapter");
        continue;
      }
      ++report.batches_ok;
      synced.insert(request.hotel_codes.begin(), request.hotel_codes.end());
    }
  }
  report.hotels_synced = static_cast<std::int64_t>(synced.size());
  if (report.batches_failed == 0 && report.batches_ok > 0) {
    report.outcome = SyncOutcome::kOk;
  } else if (report.batches_ok > 0) {
    report.outcome = SyncOutcome::kPartial;
  } else {
    report.outcome = SyncOutcome::kFailed;
    if (!report.error) report.error = Errc::internal;  // stopped before the first batch
  }
  auto finished = co_await pool_.Run([&]() -> Result<void> {
    if (auto old = repo_.DeleteAvailabilityBefore(code, today); !old) return old.error();
    const std::optional<std::string> error =
        report.outcome == SyncOutcome::kOk ? std::nullopt : std::optional<std::string>(CodeName(*report.error));
    return repo_.FinishSync(code, FormatIso8601(clock_.Now()), report.outcome, error, report.hotels_synced);
  });
  if (!finished) {
    log_.Log(runtime::LogLevel::error, "availability sync outcome not recorded",
             {{"supplier", code}, {"detail", supplier::Excerpt(finished.error().detail)}}, nullptr, "supplier-adapter");
  }
  metrics_.AddCounter("supplier_sync_runs_total", "", {"supplier", "outcome"})
      .WithLabels({code, SyncOutcomeName(report.outcome)})
      .Inc();
  metrics_.AddGauge("supplier_sync_hotels", "", {"supplier"}).WithLabels({code}).Set(static_cast<double>(report.hotels_synced));
  boost::json::object context{{"supplier", code},
                              {"outcome", SyncOutcomeName(report.outcome)},
                              {"hotels", report.hotels_synced},
                              {"batchesOk", report.batches_ok},
                              {"batchesFailed", report.batches_failed},
                              {"durationMs", std::chrono::duration_cast<std::chrono::milliseconds>(
                                                 std::chrono::steady_clock::now() - started)
                                                 .count()}};
  if (report.error) context["code"] = CodeName(*report.error);
  log_.Log(report.outcome == SyncOutcome::kOk ? runtime::LogLevel::info : runtime::LogLevel::warn,
           "supplier availability synced", context, nullptr, "supplier-adapter");
  co_return report;
}

awaitable<void> AvailabilitySync::Loop(std::shared_ptr<AvailabilitySync> self, std::shared_ptr<LoopState> state) {
  const auto executor = state->timer.get_executor();
  // The first run comes soon after start (a restart should not leave the snapshot a whole
  // interval older); then one every interval.
  auto wait = std::min<std::chrono::milliseconds>(self->options_.interval, std::chrono::seconds(30));
  while (!state->stopped) {
    state->timer.expires_after(wait);
    wait = self->options_.interval;
    co_await state->timer.async_wait(asio::as_tuple(asio::use_awaitable));
    if (state->stopped) break;
    for (const auto& s : self->registry_.List()) {
      if (!s.enabled) continue;
      asio::co_spawn(
          executor,
          [](std::shared_ptr<AvailabilitySync> self, std::string code) -> awaitable<void> {
            auto report = co_await self->RunNow(code);
            // Skips (running elsewhere, nothing to sync) are normal; other failures are not.
            if (!report && report.error().code != Errc::conflict) {
              self->log_.Log(runtime::LogLevel::warn, "availability sync did not start",
                             {{"supplier", code}, {"code", CodeName(report.error().code)},
                              {"detail", supplier::Excerpt(report.error().detail)}},
                             nullptr, "supplier-adapter");
            }
          }(self, s.code),
          asio::detached);
    }
  }
}

void AvailabilitySync::Start(asio::any_io_executor executor) {
  if (loop_) return;
  stopped_ = false;
  loop_ = std::make_shared<LoopState>(asio::make_strand(executor));
  asio::co_spawn(loop_->timer.get_executor(), Loop(shared_from_this(), loop_), asio::detached);
}

void AvailabilitySync::Stop() {
  stopped_ = true;
  if (!loop_) return;
  loop_->stopped = true;
  asio::post(loop_->timer.get_executor(), [state = loop_] { state->timer.cancel(); });
  loop_.reset();
}

}  // namespace hotel::supplier_adapter
