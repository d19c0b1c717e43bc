// Test-only: a SupplierDirectory whose suppliers serve world::SupplierViews (or any hotels) as
// content pages, with a gate to hold an import in progress and switchable failures; ground
// truth helpers to measure a stored catalog's precision.
#pragma once

#include "modules/matching-service/catalog_model.hpp"
#include "ports/database.hpp"
#include "ports/supplier_connector.hpp"
#include "world/supplier_view.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <atomic>
#include <charconv>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace hotel::matching::testing {

inline supplier::ContentHotel ToContent(const world::SupplierHotel& h) {
  return {h.code, h.name, h.address, h.city, h.country, h.postcode, h.phone, h.chain, h.lat, h.lon, h.stars};
}

inline std::vector<supplier::ContentHotel> ToContent(const world::SupplierView& view) {
  std::vector<supplier::ContentHotel> out;
  for (const auto& h : view.hotels) out.push_back(ToContent(h));
  return out;
}

inline std::vector<HotelRecord> ToRecords(const std::vector<supplier::ContentHotel>& hotels) {
  std::vector<HotelRecord> out;
  for (const auto& h : hotels) {
    out.push_back({h.code, h.name, h.address, h.city, h.country, h.postcode, h.phone, h.chain, h.lat, h.lon, h.stars});
  }
  return out;
}

// One fake supplier's content and behaviour; shared by its connector and the test.
struct FakeContent {
  std::mutex mutex;
  std::vector<supplier::ContentHotel> hotels;
  bool enabled = true;
  std::atomic<bool> hold{false};         // Content waits (5 ms steps) while set: an import in progress
  std::atomic<int> hold_after_pages{0};  // with hold: the first N pages are served at once
  std::atomic<bool> fail{false};         // every Content call fails (upstream_unavailable)
  std::atomic<bool> loop{false};         // every page names the same next cursor
  std::atomic<int> calls{0};
};

class FakeContentConnector final : public supplier::SupplierConnector {
 public:
  explicit FakeContentConnector(std::shared_ptr<FakeContent> c) : c_(std::move(c)) {}
  std::string_view Protocol() const override { return "fake"; }

  boost::asio::awaitable<Result<supplier::ContentPage>> Content(const supplier::ContentRequest& request,
                                                                const supplier::CallOptions&) override {
    const int call = c_->calls++;
    while (c_->hold && call >= c_->hold_after_pages) {
      boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
      timer.expires_after(std::chrono::milliseconds(5));
      co_await timer.async_wait(boost::asio::use_awaitable);
    }
    if (c_->fail) co_return Error::Unavailable("fake supplier: HTTP 503 <html>Service Unavailable</html>");
    std::size_t offset = 0;
    if (!request.cursor.empty()) {
      std::from_chars(request.cursor.data(), request.cursor.data() + request.cursor.size(), offset);
    }
    std::lock_guard lock(c_->mutex);
    supplier::ContentPage page;
    const std::size_t end = std::min(c_->hotels.size(), offset + static_cast<std::size_t>(request.page_size));
    for (std::size_t i = offset; i < end; ++i) page.hotels.push_back(c_->hotels[i]);
    if (end < c_->hotels.size()) page.next_cursor = std::to_string(end);
    if (c_->loop) page.next_cursor = "1";
    page.total = static_cast<std::int64_t>(c_->hotels.size());
    co_return page;
  }

  // Only content matters to the catalog.
  boost::asio::awaitable<Result<supplier::SearchResult>> Search(const supplier::SearchRequest&,
                                                                const supplier::CallOptions&) override {
    co_return Unused();
  }
  boost::asio::awaitable<Result<supplier::Quote>> Recheck(const supplier::QuoteRequest&,
                                                          const supplier::CallOptions&) override {
    co_return Unused();
  }
  boost::asio::awaitable<Result<supplier::Booking>> Book(const supplier::BookRequest&,
                                                         const supplier::CallOptions&) override {
    co_return Unused();
  }
  boost::asio::awaitable<Result<supplier::Booking>> Commit(const supplier::Booking&,
                                                           const supplier::CallOptions&) override {
    co_return Unused();
  }
  boost::asio::awaitable<Result<supplier::Booking>> Retrieve(const supplier::RetrieveRequest&,
                                                             const supplier::CallOptions&) override {
    co_return Unused();
  }
  boost::asio::awaitable<Result<Money>> QuoteCancel(const supplier::CancelRequest&,
                                                    const supplier::CallOptions&) override {
    co_return Unused();
  }
  boost::asio::awaitable<Result<supplier::Booking>> Cancel(const supplier::CancelRequest&,
                                                           const supplier::CallOptions&) override {
    co_return Unused();
  }

 private:
  static Error Unused() { return Error::Internal("not served by the fake content supplier"); }
  std::shared_ptr<FakeContent> c_;
};

class FakeDirectory final : public supplier::SupplierDirectory {
 public:
  // Adds or replaces the supplier's content; returns its state for the test to steer.
  std::shared_ptr<FakeContent> Set(const std::string& code, std::vector<supplier::ContentHotel> hotels) {
    std::lock_guard lock(mutex_);
    auto& c = suppliers_[code];
    if (!c) c = std::make_shared<FakeContent>();
    std::lock_guard content_lock(c->mutex);
    c->hotels = std::move(hotels);
    return c;
  }
  std::shared_ptr<FakeContent> Get(const std::string& code) {
    std::lock_guard lock(mutex_);
    return suppliers_.at(code);
  }
  std::vector<supplier::SupplierSummary> List() const override {
    std::lock_guard lock(mutex_);
    std::vector<supplier::SupplierSummary> out;
    for (const auto& [code, c] : suppliers_) out.push_back({code, "fake", c->enabled});
    return out;
  }
  std::shared_ptr<supplier::SupplierConnector> Connector(std::string_view code) const override {
    std::lock_guard lock(mutex_);
    auto it = suppliers_.find(std::string(code));
    if (it == suppliers_.end() || !it->second->enabled) return nullptr;
    return std::make_shared<FakeContentConnector>(it->second);
  }

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::shared_ptr<FakeContent>> suppliers_;
};

// A supplier view of `world` under `code` (the profile's slot decides its exclusive hotels).
inline world::SupplierView View(const world::World& w, const std::string& code, int slot) {
  world::SupplierProfile p;
  p.code = code;
  p.seed = 500 + static_cast<std::uint64_t>(slot);
  p.slot = slot;
  return world::MakeSupplierView(w, p);
}

struct StoredPrecision {
  std::size_t auto_mapped = 0;  // auto + duplicate mappings
  std::size_t correct = 0;      // ... onto a master whose seed is the same real hotel
  double precision() const { return auto_mapped ? static_cast<double>(correct) / auto_mapped : 1.0; }
};

// Precision of the stored automatic mappings against the views' ground truth.
inline StoredPrecision MeasureStoredPrecision(ports::Database& db, const std::vector<world::SupplierView>& views) {
  std::map<std::pair<std::string, std::string>, std::uint32_t> truth;
  for (const auto& v : views) {
    for (const auto& [code, id] : v.truth) truth[{v.supplier, code}] = id;
  }
  StoredPrecision out;
  auto rows = db.Execute(
      "SELECT mp.supplier_code, mp.hotel_code, m.seed_supplier_code, m.seed_hotel_code FROM hotel_mappings mp JOIN "
      "master_hotels m ON m.id = mp.master_id WHERE mp.kind IN ('auto', 'duplicate')");
  if (!rows) return out;
  for (const auto& r : rows->rows) {
    ++out.auto_mapped;
    const auto a = truth.find({r.GetString(0), r.GetString(1)});
    const auto b = truth.find({r.GetString(2), r.GetString(3)});
    if (a != truth.end() && b != truth.end() && a->second == b->second) ++out.correct;
  }
  return out;
}

}  // namespace hotel::matching::testing
