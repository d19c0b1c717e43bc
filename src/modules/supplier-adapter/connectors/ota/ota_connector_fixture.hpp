// Test fixture for the ota-xml connector: an in-process ota-xml simulator (SimServer on
// 127.0.0.1:0 with a ManualClock), the connector over an HttpClient, and helpers to run its
// coroutines and to find bookable rates.
#pragma once

#include "modules/supplier-adapter/connectors/connectors.hpp"
#include "modules/supplier-adapter/connectors/ota/ota_wire.hpp"
#include "supplier-sim/core/sim_core.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace hotel::supplier::ota_test {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using sim::SimOptions;
using sim::SimServer;

inline constexpr auto kCall = 5000ms;        // generous: ASan on a loaded machine
inline constexpr auto kShortCall = 300ms;    // for timeouts under test
inline constexpr int kHangMs = 1000;

inline Instant At(const char* date, int hour = 10) {
  return Instant(std::chrono::duration_cast<Instant::duration>(std::chrono::days(ParseDate(date)->days))) +
         std::chrono::hours(hour);
}

struct Offer {
  std::string hotel;
  Rate rate;
};

class OtaConnectorTest : public ::testing::Test {
 protected:
  OtaConnectorTest() : clock_(At("2026-11-20")) {}

  static SimOptions Options(SimOptions o = {}) {
    o.protocol = "ota-xml";
    o.hotels = 300;
    o.hang_ms = kHangMs;
    o.late_confirm_ms = 3000;
    o.on_request_ms = 5000;
    return o;
  }

  void Start(SimOptions o = Options(), std::string api_key = {}, std::string secret = {},
             std::size_t max_response_bytes = 16 << 20) {
    connector_.reset();
    sim_ = std::make_unique<SimServer>(std::move(o), &clock_);
    runtime::HttpClientOptions ho;
    ho.max_response_bytes = max_response_bytes;
    http_ = std::make_shared<runtime::HttpClient>(io_.get_executor(), ho);
    connector_ = MakeOtaConnector({"OTA", sim_->url(), std::move(api_key), std::move(secret), "USD"}, http_);
    ASSERT_TRUE(connector_);
  }

  template <class T>
  T Run(asio::awaitable<T> op) {
    std::optional<T> out;
    asio::co_spawn(io_, [&]() -> asio::awaitable<void> { out.emplace(co_await std::move(op)); }, asio::detached);
    io_.restart();
    io_.run();
    return std::move(*out);
  }

  static CallOptions Call(std::string scenario = {}, std::chrono::milliseconds timeout = kCall) {
    CallOptions c;
    c.timeout = timeout;
    c.test_scenario = std::move(scenario);
    return c;
  }

  SearchRequest Search(std::vector<std::string> hotels) const {
    SearchRequest r;
    r.hotel_codes = std::move(hotels);
    r.check_in = *ParseDate("2026-12-01");
    r.check_out = *ParseDate("2026-12-03");
    r.rooms = {{2, {}}};
    r.currency = "USD";
    return r;
  }

  std::vector<std::string> Codes(std::size_t from, std::size_t n) {
    std::vector<std::string> out;
    const auto& hotels = sim_->core().Hotels();
    for (std::size_t i = from; i < hotels.size() && out.size() < n; ++i) out.push_back(hotels[i].code);
    return out;
  }

  // Rates from a multi-hotel search, one per hotel (so that bookings do not drain one room).
  std::vector<Offer> Offers(bool refundable = true) {
    auto r = Run(connector_->Search(Search(Codes(0, 120)), Call()));
    EXPECT_TRUE(r) << r.error().detail;
    std::vector<Offer> out;
    if (!r) return out;
    for (const auto& h : r->hotels) {
      for (const auto& rate : h.rates) {
        if (rate.refundable == refundable && rate.rooms_left >= 2) {
          out.push_back({h.hotel_code, rate});
          break;
        }
      }
    }
    EXPECT_GE(out.size(), 5u);
    return out;
  }

  BookRequest BookOf(const Offer& o, std::string reference) const {
    BookRequest b;
    b.hotel_code = o.hotel;
    b.rate_token = o.rate.rate_token;
    b.client_reference = std::move(reference);
    b.check_in = *ParseDate("2026-12-01");
    b.check_out = *ParseDate("2026-12-03");
    b.rooms = {{2, {}}};
    b.guests = {{{"Ann", "Lee", false, 0}, {"Bo", "Lee", false, 0}}};
    b.expected_net = o.rate.net;
    return b;
  }

  Result<Booking> RetrieveByClient(const std::string& reference) {
    RetrieveRequest r;
    r.client_reference = reference;
    r.check_in = *ParseDate("2026-12-01");
    r.check_out = *ParseDate("2026-12-03");
    return Run(connector_->Retrieve(r, Call()));
  }

  QuoteRequest QuoteOf(const Offer& o) const {
    QuoteRequest q;
    q.hotel_code = o.hotel;
    q.rate_token = o.rate.rate_token;
    q.check_in = *ParseDate("2026-12-01");
    q.check_out = *ParseDate("2026-12-03");
    q.rooms = {{2, {}}};
    q.expected_net = o.rate.net;
    return q;
  }

  static void ExpectCode(const Result<SearchResult>& r, Errc code) {
    ASSERT_FALSE(r) << "expected " << CodeName(code);
    EXPECT_EQ(r.error().code, code) << r.error().detail;
    EXPECT_LT(r.error().detail.size(), kMaxExcerpt + 400);
  }

  ManualClock clock_;
  asio::io_context io_;
  std::unique_ptr<SimServer> sim_;
  std::shared_ptr<runtime::HttpClient> http_;
  std::unique_ptr<SupplierConnector> connector_;
};

}  // namespace hotel::supplier::ota_test
