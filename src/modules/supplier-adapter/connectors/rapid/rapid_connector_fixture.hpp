// The rapid connector test fixture: an in-process rapid-json simulator (SimServer, port 0)
// and a connector to it, with helpers to search, price-check and book through the connector.
#pragma once

#include "modules/supplier-adapter/connectors/connectors.hpp"
#include "modules/supplier-adapter/connectors/rapid/rapid_wire.hpp"
#include "supplier-sim/core/sim_core.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <optional>

namespace hotel::supplier::rapid_test {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using sim::SimOptions;
using sim::SimServer;

inline constexpr auto kShort = 300ms;  // call timeout in the fault tests; the simulator hangs 1 s

inline SimOptions Options() {
  return SimOptions{.protocol = "rapid-json", .hotels = 300, .api_key = "rapid-key", .hang_ms = 1000,
                    .late_confirm_ms = 2000, .on_request_ms = 3000};
}

class RapidConnectorTest : public ::testing::Test {
 protected:
  RapidConnectorTest() : clock_(std::chrono::system_clock::now()) {}

  // A simulator on port 0 and a connector to it with the simulator's credentials.
  void Start(SimOptions o = Options(), const Clock* clock = nullptr) {
    server_ = std::make_unique<SimServer>(o, clock);
    connector_ = Connect(o.api_key, o.secret);
  }
  std::unique_ptr<SupplierConnector> Connect(std::string key, std::string secret, std::string endpoint = {}) {
    runtime::HttpClientOptions ho;
    ho.max_response_bytes = rapid::kMaxBody;
    auto http = std::make_shared<runtime::HttpClient>(io_.get_executor(), ho);
    return MakeRapidConnector({"RPD", endpoint.empty() ? server_->url() : endpoint, key, secret, "USD"}, http);
  }

  template <class T>
  T Run(asio::awaitable<T> task) {
    std::optional<T> out;
    std::exception_ptr error;
    asio::co_spawn(io_, [&]() -> asio::awaitable<void> { out.emplace(co_await std::move(task)); },
                   [&](std::exception_ptr e) { error = e; });
    io_.restart();
    io_.run();
    if (error) std::rethrow_exception(error);
    return std::move(*out);
  }

  CallOptions Call(std::string scenario = {}, std::chrono::milliseconds timeout = 5000ms) {
    CallOptions c;
    c.timeout = timeout;
    c.test_scenario = std::move(scenario);
    return c;
  }

  SearchRequest Stay(std::vector<std::string> codes, std::vector<RoomOccupancy> rooms = {{2, {}}}) {
    SearchRequest r;
    r.hotel_codes = std::move(codes);
    r.check_in = DateOf(std::chrono::system_clock::now()) + 30;
    r.check_out = r.check_in + 2;
    r.rooms = std::move(rooms);
    r.currency = "USD";
    return r;
  }

  // The first hotels with availability for `rooms`, searched through the connector.
  HotelOffers FirstOffers(std::vector<RoomOccupancy> rooms = {{2, {}}}) {
    std::vector<std::string> codes;
    for (const auto& h : server_->core().Hotels()) {
      codes.push_back(h.code);
      if (codes.size() == 40) break;
    }
    auto req = Stay(codes, rooms);
    auto call = Call();
    auto result = Run(connector_->Search(req, call));
    EXPECT_TRUE(result) << result.error().detail;
    if (!result || result->hotels.empty()) {
      ADD_FAILURE() << "no availability";
      return {};
    }
    // The hotel with the most rooms left, so that several bookings of one test all find one.
    auto most_left = [](const HotelOffers& h) {
      int n = 0;
      for (const auto& r : h.rates) n = std::max(n, r.rooms_left);
      return n;
    };
    return *std::max_element(result->hotels.begin(), result->hotels.end(),
                             [&](const auto& a, const auto& b) { return most_left(a) < most_left(b); });
  }

  // A refundable rate's book link, from a price check.
  Quote Checked(const HotelOffers& offers, std::vector<RoomOccupancy> rooms = {{2, {}}}, bool refundable = true) {
    const Rate* pick = &offers.rates.front();
    for (const auto& r : offers.rates) {
      if (r.refundable == refundable && (pick->refundable != refundable || r.rooms_left > pick->rooms_left)) pick = &r;
    }
    QuoteRequest q{offers.hotel_code, pick->rate_token, Stay({}).check_in, Stay({}).check_out, rooms, pick->net};
    auto call = Call();
    auto quote = Run(connector_->Recheck(q, call));
    EXPECT_TRUE(quote) << quote.error().detail;
    return quote ? *quote : Quote{};
  }

  BookRequest Order(const std::string& hotel, const Quote& q, std::string ref, std::vector<RoomOccupancy> rooms = {{2, {}}}) {
    BookRequest b;
    b.hotel_code = hotel;
    b.rate_token = q.rate.rate_token;
    b.client_reference = std::move(ref);
    b.check_in = Stay({}).check_in;
    b.check_out = Stay({}).check_out;
    b.rooms = std::move(rooms);
    b.guests = {{Guest{"Ada", "Lovelace"}}};
    b.expected_net = q.rate.net;
    return b;
  }

  Result<Booking> Book(const BookRequest& b, CallOptions call) { return Run(connector_->Book(b, call)); }
  Result<Booking> Retrieve(const std::string& ref, const std::string& supplier_ref = {}) {
    RetrieveRequest r{ref, supplier_ref, Stay({}).check_in, Stay({}).check_out};
    auto call = Call();
    return Run(connector_->Retrieve(r, call));
  }

  ManualClock clock_;
  asio::io_context io_;
  std::unique_ptr<SimServer> server_;
  std::unique_ptr<SupplierConnector> connector_;
};


}  // namespace hotel::supplier::rapid_test
