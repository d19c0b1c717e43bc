// A booking world for end-to-end tests: three `hotel supplier-sim` processes and `hotel serve`
// on the demo tenants (a distributor and its agency), with markups on every tier and credit
// down the chain; helpers to search, quote, book, wait for orders to settle and read what the
// simulators really hold. Shared by the transactions and crash suites.
#pragma once

#include "sim_world.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <chrono>
#include <ctime>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

namespace hotel::testing {

using boost::json::array;
using boost::json::object;

inline std::string DaysFromNow(int days) {
  const std::time_t t = std::time(nullptr) + static_cast<std::time_t>(days) * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

inline std::int64_t Amount(const boost::json::value& money) { return money.as_object().at("amount").as_int64(); }

struct WorldOptions {
  // Extra arguments of every simulator.
  std::vector<std::string> sim_args{"--on-request-ms", "300", "--late-confirm-ms", "300", "--hang-ms", "2500"};
  int hotels = 300;
  std::map<std::string, std::string> env;  // the server's, over the defaults below
  std::set<std::string> suppliers;         // registered ones (codes); empty: all three
  int book_ms = 1000;                      // the suppliers' booking timeout
};

class BookingWorld : public PlatformFixture {
 protected:
  struct Demo {
    std::string distributor_id, agency_id, dist_email, agent_email, password, agent_key;
  };

  void SetUp() override {
    PlatformFixture::SetUp();
    const std::string password = "demo-password-123";
    auto seeded = RunCommand({HotelBinary(), "seed-demo"}, Env({{"DEMO_PASSWORD", password}}));
    ASSERT_EQ(seeded.exit_code, 0) << seeded.err;
    std::map<std::string, std::string> kv;
    std::istringstream in(seeded.out);
    for (std::string line; std::getline(in, line);) {
      if (auto eq = line.find('='); eq != std::string::npos) kv[line.substr(0, eq)] = line.substr(eq + 1);
    }
    demo_ = {kv["DEMO_DISTRIBUTOR_ID"], kv["DEMO_AGENCY_ID"], kv["DEMO_DISTRIBUTOR_ADMIN_EMAIL"], kv["DEMO_AGENT_EMAIL"],
             password, kv["DEMO_AGENT_API_KEY"]};
    ASSERT_FALSE(demo_.agent_key.empty()) << seeded.out;
  }

  // Simulators, the server in test mode, suppliers registered and imported, markups and credit.
  void StartWorld(std::map<std::string, std::string> env = {}) {
    WorldOptions options;
    options.env = std::move(env);
    StartWorld(std::move(options));
  }
  void StartWorld(WorldOptions options) {
    ASSERT_NO_FATAL_FAILURE(StartSims(sims_, options.hotels, options.sim_args));
    server_env_ = ServerEnv(options.env);
    server_ = std::make_unique<HotelServer>(Env(server_env_));
    port_ = server_->port();
    root_ = Login(port_, kAdminEmail, kAdminPassword);
    dist_ = Login(port_, demo_.dist_email, demo_.password);
    agent_ = Caller{{}, demo_.agent_key};
    std::vector<Sim> registered;
    for (auto& sim : sims_) {
      if (options.suppliers.empty() || options.suppliers.contains(sim.code)) registered.push_back(std::move(sim));
    }
    sims_ = std::move(registered);  // the others stop here
    ASSERT_NO_FATAL_FAILURE(
        RegisterAndImport(port_, root_, sims_, object{{"timeouts", object{{"bookMs", options.book_ms}}}}));

    // Markups: the platform 10 %, the distributor 5 %, the agency 2 % (set by its distributor).
    auto r = Api(port_, "POST", "/api/v1/markup-rules", root_,
                 object{{"ownerTenantId", "tnt_platform"}, {"kind", "percent"}, {"percentBp", 1000}});
    ASSERT_EQ(r.status, 201) << r.raw.body;
    r = Api(port_, "POST", "/api/v1/markup-rules", dist_,
            object{{"ownerTenantId", demo_.distributor_id}, {"kind", "percent"}, {"percentBp", 500}});
    ASSERT_EQ(r.status, 201) << r.raw.body;
    r = Api(port_, "POST", "/api/v1/markup-rules", dist_,
            object{{"ownerTenantId", demo_.agency_id}, {"kind", "percent"}, {"percentBp", 200}});
    ASSERT_EQ(r.status, 201) << r.raw.body;
    auto forbidden = Api(port_, "POST", "/api/v1/markup-rules", agent_,
                         object{{"ownerTenantId", demo_.agency_id}, {"kind", "percent"}, {"percentBp", 9000}});
    EXPECT_EQ(forbidden.status, 403) << forbidden.raw.body;

    // Credit flows down the chain: the platform grants the distributor, the distributor its agency.
    r = Api(port_, "POST", "/api/v1/credit-accounts", root_,
            object{{"tenantId", demo_.distributor_id}, {"currency", "CNY"},
                   {"limit", object{{"amount", 100'000'000}, {"currency", "CNY"}}}});
    ASSERT_EQ(r.status, 201) << r.raw.body;
    dist_account_ = r.Str("id");
    r = Api(port_, "POST", "/api/v1/credit-accounts", dist_,
            object{{"tenantId", demo_.agency_id}, {"currency", "CNY"},
                   {"limit", object{{"amount", 50'000'000}, {"currency", "CNY"}}}});
    ASSERT_EQ(r.status, 201) << r.raw.body;
    agency_account_ = r.Str("id");
  }

  object Account(const std::string& id, const Caller& who) {
    auto r = Api(port_, "GET", "/api/v1/credit-accounts/" + id, who);
    EXPECT_EQ(r.status, 200) << r.raw.body;
    return r.status == 200 ? r.obj() : object{};
  }

  // A search as the agency for a city that has offers; returns the answer. The query-engine
  // sees a new catalog within its poll interval (3 s), so the first searches may find nothing.
  object SearchWithOffers(int days_ahead) {
    auto hotels = Api(port_, "GET", "/api/v1/hotels?limit=40", root_);
    EXPECT_EQ(hotels.status, 200) << hotels.raw.body;
    std::string last;
    for (int attempt = 0; attempt < 40; ++attempt) {
      std::set<std::string> tried;
      for (const auto& h : hotels.obj().at("items").as_array()) {
        const std::string city(h.at("city").as_string());
        if (!tried.insert(city).second) continue;
        auto r = Api(port_, "POST", "/api/v1/search", agent_,
                     object{{"destination", object{{"city", city}}},
                            {"checkIn", DaysFromNow(days_ahead)},
                            {"checkOut", DaysFromNow(days_ahead + 2)},
                            {"rooms", array{object{{"adults", 2}}}},
                            {"currency", "CNY"}});
        EXPECT_EQ(r.status, 200) << r.raw.body;
        if (r.status == 200 && Offers(r.obj()).size() >= 8) return r.obj();
        last = r.raw.body.substr(0, 600);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(250));
    }
    ADD_FAILURE() << "no city with offers; the last answer: " << last;
    return {};
  }

  // Every offer of a search answer, cheapest hotel first.
  static std::vector<object> Offers(const object& search) {
    std::vector<object> out;
    for (const auto& h : search.at("hotels").as_array()) {
      for (const auto& o : h.at("offers").as_array()) out.push_back(o.as_object());
    }
    return out;
  }

  ApiResult Quote(const object& offer, const std::string& scenario = {}) {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!scenario.empty()) headers.emplace_back("X-Test-Scenario", scenario);
    return Api(port_, "POST", "/api/v1/quotes", agent_, object{{"offerId", offer.at("offerId")}}, headers);
  }

  object OrderBody(const std::string& quote_id, const std::string& reference) {
    array room{object{{"firstName", "Ana"}, {"lastName", "Lopez " + reference}},
               object{{"firstName", "Luis"}, {"lastName", "Lopez " + reference}}};
    array guests;
    guests.push_back(std::move(room));  // one room; `array{array{…}}` would copy the inner one
    return object{{"quoteId", quote_id},
                  {"guests", std::move(guests)},
                  {"contact", object{{"name", "Ana Lopez"}, {"email", "ana@example.com"}}},
                  {"clientReference", reference}};
  }

  // Waits until the order leaves BOOKING/ON_REQUEST (the poller resolves those).
  object AwaitSettled(const std::string& order_id, int seconds = 30) {
    object last;
    for (int i = 0; i < seconds * 5; ++i) {
      auto r = Api(port_, "GET", "/api/v1/orders/" + order_id, root_);
      EXPECT_EQ(r.status, 200) << r.raw.body;
      if (r.status != 200) return {};
      last = r.obj();
      const auto status = last.at("status").as_string();
      if (status != "BOOKING" && status != "ON_REQUEST" && status != "PENDING") return last;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    ADD_FAILURE() << "order " << order_id << " still " << last.at("status").as_string() << " after " << seconds << " s";
    return last;
  }

  static std::map<std::string, std::string> ServerEnv(std::map<std::string, std::string> env) {
    env.emplace("SUPPLIER_TEST_SCENARIOS", "true");
    env.emplace("RETRY_BACKOFF_MS", "20");
    env.emplace("SYNC_INTERVAL_MS", "3600000");
    env.emplace("RATE_LIMIT_MAX", "100000");
    return env;
  }

  // The server again (after a crash): the same environment, `changes` applied ("" removes).
  void RestartServer(const std::map<std::string, std::string>& changes = {}) {
    for (const auto& [k, v] : changes) {
      if (v.empty()) server_env_.erase(k);
      else server_env_[k] = v;
    }
    server_ = std::make_unique<HotelServer>(Env(server_env_));
    port_ = server_->port();
  }

  // What each simulator really holds (GET /sim/bookings), by client reference.
  std::map<std::string, object> SupplierHoldings() {
    std::map<std::string, object> out;
    for (const auto& sim : sims_) {
      const auto port = static_cast<std::uint16_t>(std::stoi(sim.url.substr(sim.url.rfind(':') + 1)));
      auto r = HttpCall(port, "GET", "/sim/bookings");
      EXPECT_EQ(r.status, 200) << r.body;
      if (r.status != 200) continue;
      const auto answer = boost::json::parse(r.body);
      for (const auto& b : answer.at("items").as_array()) {
        auto o = b.as_object();
        o["supplier"] = sim.code;
        const std::string ref(o.at("clientReference").as_string());
        EXPECT_FALSE(out.contains(ref)) << "two bookings under one client reference: " << ref;
        out[ref] = std::move(o);
      }
    }
    return out;
  }

  // Bookings the three simulators made, from their /metrics.
  std::int64_t SupplierBookings() {
    std::int64_t total = 0;
    for (const auto& sim : sims_) {
      const auto port = static_cast<std::uint16_t>(std::stoi(sim.url.substr(sim.url.rfind(':') + 1)));
      auto r = HttpCall(port, "GET", "/metrics");
      std::smatch m;
      static const std::regex re("\nsim_bookings_total ([0-9]+)");
      EXPECT_TRUE(std::regex_search(r.body, m, re)) << r.body.substr(0, 300);
      if (m.size() > 1) total += std::stoll(m[1]);
    }
    return total;
  }

  Demo demo_;
  std::vector<Sim> sims_;
  std::unique_ptr<HotelServer> server_;
  std::map<std::string, std::string> server_env_;
  std::uint16_t port_ = 0;
  Caller root_, dist_, agent_;
  std::string dist_account_, agency_account_;
};

}  // namespace hotel::testing
