// Test-only: a scripted SupplierConnector. Each operation answers the next scripted step
// (an error, a delay, or both) and then its default: searches price every hotel code,
// bookings are kept by client reference so Retrieve and Cancel see them.
#pragma once

#include "modules/supplier-adapter/model.hpp"
#include "ports/supplier_connector.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace hotel::supplier_adapter::testing {

struct FakeStep {
  std::optional<Error> error;          // answered after the delay; none: the default answer
  std::chrono::milliseconds delay{0};  // waits (cancellably) first: a hang when long
  bool book_anyway = false;            // Book: the booking is made although `error` is answered
};

// What the fake saw and holds; shared with the test after the connector is handed over.
struct FakeState {
  std::mutex mutex;
  std::map<Operation, std::deque<FakeStep>> script;
  std::map<Operation, int> calls;
  std::map<Operation, std::vector<std::chrono::milliseconds>> timeouts;  // CallOptions.timeout seen
  std::map<Operation, std::vector<std::string>> pools;                   // CallOptions.pool seen
  std::vector<std::string> book_references;
  std::map<std::string, supplier::Booking> bookings;  // by client reference
  std::vector<std::vector<std::string>> searched;     // hotel codes per Search
  std::vector<std::string> search_currencies;
  std::int64_t base_net = 10000;  // a hotel's cheapest net: base_net + 100 * its index in the request
  std::string currency = "EUR";
  std::vector<std::string> unavailable_hotels;  // Search returns no rate for these

  void Script(Operation op, std::vector<FakeStep> steps) {
    std::lock_guard lock(mutex);
    for (auto& s : steps) script[op].push_back(std::move(s));
  }
  int Calls(Operation op) {
    std::lock_guard lock(mutex);
    return calls[op];
  }
};

inline FakeStep Fail(Errc code, std::chrono::milliseconds delay = {}) { return {Error{code, "scripted", {}}, delay, false}; }
inline FakeStep Hang(std::chrono::milliseconds delay) { return {std::nullopt, delay, false}; }

class FakeConnector final : public supplier::SupplierConnector {
 public:
  explicit FakeConnector(std::shared_ptr<FakeState> state, std::string protocol = "hbx-json")
      : state_(std::move(state)), protocol_(std::move(protocol)) {}

  std::string_view Protocol() const override { return protocol_; }

  boost::asio::awaitable<Result<supplier::SearchResult>> Search(const supplier::SearchRequest& r,
                                                                const supplier::CallOptions& c) override {
    auto step = co_await Step(Operation::kSearch, c);
    if (step.error) co_return *step.error;
    std::lock_guard lock(state_->mutex);
    state_->searched.push_back(r.hotel_codes);
    state_->search_currencies.push_back(r.currency);
    supplier::SearchResult out;
    for (std::size_t i = 0; i < r.hotel_codes.size(); ++i) {
      const auto& code = r.hotel_codes[i];
      if (std::find(state_->unavailable_hotels.begin(), state_->unavailable_hotels.end(), code) !=
          state_->unavailable_hotels.end()) {
        continue;
      }
      supplier::HotelOffers h;
      h.hotel_code = code;
      const std::int64_t cheapest = state_->base_net + 100 * static_cast<std::int64_t>(i);
      for (std::int64_t extra : {500, 0, 900}) {
        supplier::Rate rate;
        rate.rate_token = code + "-" + std::to_string(extra);
        rate.net = Money{cheapest + extra, state_->currency};
        h.rates.push_back(rate);
      }
      out.hotels.push_back(std::move(h));
    }
    co_return out;
  }

  boost::asio::awaitable<Result<supplier::Quote>> Recheck(const supplier::QuoteRequest& r,
                                                          const supplier::CallOptions& c) override {
    auto step = co_await Step(Operation::kRecheck, c);
    if (step.error) co_return *step.error;
    supplier::Quote q;
    q.rate.rate_token = r.rate_token;
    q.rate.net = r.expected_net.value_or(Money{state_->base_net, state_->currency});
    co_return q;
  }

  boost::asio::awaitable<Result<supplier::Booking>> Book(const supplier::BookRequest& r,
                                                         const supplier::CallOptions& c) override {
    auto step = co_await Step(Operation::kBook, c);
    std::lock_guard lock(state_->mutex);
    state_->book_references.push_back(r.client_reference);
    if (step.error && !step.book_anyway) co_return *step.error;
    if (state_->bookings.contains(r.client_reference)) {
      if (step.error) co_return *step.error;
      co_return Error::Conflict("duplicate client reference");
    }
    supplier::Booking b;
    b.supplier_reference = "SUP-" + std::to_string(state_->bookings.size() + 1);
    b.client_reference = r.client_reference;
    b.status = supplier::BookingStatus::kConfirmed;
    b.hotel_code = r.hotel_code;
    b.check_in = r.check_in;
    b.check_out = r.check_out;
    b.net = r.expected_net;
    state_->bookings[r.client_reference] = b;
    if (step.error) co_return *step.error;
    co_return b;
  }

  boost::asio::awaitable<Result<supplier::Booking>> Commit(const supplier::Booking& held,
                                                           const supplier::CallOptions& c) override {
    auto step = co_await Step(Operation::kCommit, c);
    if (step.error) co_return *step.error;
    supplier::Booking b = held;
    b.status = supplier::BookingStatus::kConfirmed;
    co_return b;
  }

  boost::asio::awaitable<Result<supplier::Booking>> Retrieve(const supplier::RetrieveRequest& r,
                                                             const supplier::CallOptions& c) override {
    auto step = co_await Step(Operation::kRetrieve, c);
    if (step.error) co_return *step.error;
    std::lock_guard lock(state_->mutex);
    auto it = state_->bookings.find(r.client_reference);
    if (it == state_->bookings.end()) co_return Error::NotFound("no such booking");
    co_return it->second;
  }

  boost::asio::awaitable<Result<Money>> QuoteCancel(const supplier::CancelRequest&, const supplier::CallOptions& c) override {
    auto step = co_await Step(Operation::kQuoteCancel, c);
    if (step.error) co_return *step.error;
    co_return Money{0, state_->currency};
  }

  boost::asio::awaitable<Result<supplier::Booking>> Cancel(const supplier::CancelRequest& r,
                                                           const supplier::CallOptions& c) override {
    auto step = co_await Step(Operation::kCancel, c);
    std::lock_guard lock(state_->mutex);
    auto it = state_->bookings.find(r.client_reference);
    if (step.error && !step.book_anyway) co_return *step.error;
    if (it == state_->bookings.end()) co_return Error::NotFound("no such booking");
    if (it->second.status == supplier::BookingStatus::kCancelled && !step.error) {
      co_return Error::Conflict("already cancelled");
    }
    it->second.status = supplier::BookingStatus::kCancelled;
    if (step.error) co_return *step.error;  // cancelled, but the answer was lost
    co_return it->second;
  }

  boost::asio::awaitable<Result<supplier::ContentPage>> Content(const supplier::ContentRequest&,
                                                                const supplier::CallOptions& c) override {
    auto step = co_await Step(Operation::kContent, c);
    if (step.error) co_return *step.error;
    co_return supplier::ContentPage{};
  }

 private:
  boost::asio::awaitable<FakeStep> Step(Operation op, const supplier::CallOptions& c) {
    FakeStep step;
    {
      std::lock_guard lock(state_->mutex);
      ++state_->calls[op];
      state_->timeouts[op].push_back(c.timeout);
      state_->pools[op].push_back(c.pool);
      auto& queue = state_->script[op];
      if (!queue.empty()) {
        step = std::move(queue.front());
        queue.pop_front();
      }
    }
    if (step.delay.count() > 0) {
      boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, step.delay);
      auto [ec] = co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
      if (ec) step.error = Error::Timeout("fake: cancelled while waiting");
    }
    co_return step;
  }

  std::shared_ptr<FakeState> state_;
  std::string protocol_;
};

}  // namespace hotel::supplier_adapter::testing
