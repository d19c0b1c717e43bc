// The whole module against the real protocol connectors and in-process simulators (port 0):
// the catalog read from a migrated SQLite database by the module's Spec, one city searched
// through HBX (JSON), OTA (XML) and Rapid (JSON) at once, offers from each, priced and sealed.
#include "events/events.hpp"
#include "modules/matching-service/catalog_model.hpp"
#include "modules/query-engine/query_test_support.hpp"
#include "modules/supplier-adapter/supplier_test_support.hpp"
#include "supplier-sim/core/sim_core.hpp"

#include <gtest/gtest.h>

namespace hotel::query::testing {
namespace {

using namespace std::chrono_literals;
using supplier_adapter::testing::OpenMigratedSqlite;
namespace json = boost::json;

class SearchSimTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = OpenMigratedSqlite(dir_);
    ASSERT_NE(db_, nullptr);
    service_ = std::make_unique<supplier_adapter::SupplierService>(*db_, *cipher_, clock_);
    for (std::string protocol : {"hbx-json", "ota-xml", "rapid-json"}) {
      sim::SimOptions o;
      o.protocol = protocol;
      o.hotels = 300;
      sims_.push_back(std::make_unique<sim::SimServer>(o));
      auto& sim = *sims_.back();
      supplier_adapter::NewSupplier in;
      in.code = protocol == "hbx-json" ? "HBX" : protocol == "ota-xml" ? "OTA" : "RPD";
      in.name = in.code;
      in.protocol = protocol;
      in.endpoint = sim.url();
      in.currency = sim.core().currency();
      in.api_key = "sim-api-key";
      in.secret = "sim-secret";
      auto created = service_->Create(in);
      ASSERT_TRUE(created) << created.error().detail;
    }
    registry_ = std::make_shared<supplier_adapter::SupplierRegistry>(
        *db_, cipher_, supplier_adapter::ProtocolConnectors(), supplier_adapter::RegistryOptions{},
        [] { return supplier_adapter::testing::Snapshot(false); }, clock_, metrics_, log_);
    ASSERT_TRUE(registry_->Reload());
  }

  // The most common city of the first simulator: every supplier's hotels there become masters.
  std::string SeedCatalog() {
    std::map<std::string, int> count;
    for (const auto& h : sims_[0]->core().Hotels()) ++count[matching::CityKey(h.city)];
    std::string key;
    for (const auto& [k, n] : count) {
      if (key.empty() || n > count[key]) key = k;
    }
    const std::string now = FormatIso8601(clock_.Now());
    int id = 0;
    for (std::size_t s = 0; s < sims_.size(); ++s) {
      const std::string code = s == 0 ? "HBX" : s == 1 ? "OTA" : "RPD";
      int taken = 0;
      for (const auto& h : sims_[s]->core().Hotels()) {
        if (matching::CityKey(h.city) != key || taken == 15) continue;
        ++taken;
        std::string n = std::to_string(++id);
        const std::string master = "htl_01jd" + std::string(22 - n.size(), '0') + n;
        using ports::SqlValue;
        const SqlValue sh[] = {SqlValue(code), SqlValue(h.code), SqlValue(h.name), SqlValue(h.city), SqlValue(h.country),
                               SqlValue(h.lat), SqlValue(h.lon), SqlValue(std::int64_t(h.stars)), SqlValue(now)};
        EXPECT_TRUE(db_->Execute("INSERT INTO supplier_hotels (supplier_code, hotel_code, name, city, country, lat, lon, "
                                 "stars, content_hash, first_seen_at, last_seen_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,'0',$9,$9)",
                                 sh));
        const SqlValue m[] = {SqlValue(master), SqlValue(h.name), SqlValue(h.city), SqlValue(key), SqlValue(h.country),
                              SqlValue(h.lat), SqlValue(h.lon), SqlValue(std::int64_t(h.stars)), SqlValue(code),
                              SqlValue(h.code), SqlValue(now)};
        EXPECT_TRUE(db_->Execute("INSERT INTO master_hotels (id, name, city, city_key, country, lat, lon, stars, "
                                 "seed_supplier_code, seed_hotel_code, created_at, updated_at) "
                                 "VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$11)",
                                 m));
        const SqlValue map[] = {SqlValue(code), SqlValue(h.code), SqlValue(master), SqlValue(now)};
        EXPECT_TRUE(db_->Execute("INSERT INTO hotel_mappings (supplier_code, hotel_code, master_id, kind, decided_by, "
                                 "decided_at) VALUES ($1,$2,$3,'new_master','matcher',$4)",
                                 map));
      }
      EXPECT_GT(taken, 0) << code << " lists no hotel in " << key;
    }
    EXPECT_TRUE(db_->Execute("UPDATE catalog_lock SET version = version + 1 WHERE id = 1"));
    return key;
  }

  hotel::testing::TempDir dir_;
  std::unique_ptr<ports::Database> db_;
  std::shared_ptr<const supplier_adapter::CredentialsCipher> cipher_ =
      std::make_shared<const supplier_adapter::CredentialsCipher>(supplier_adapter::testing::kTestSecret);
  SystemClock clock_;
  runtime::MetricsRegistry metrics_;
  runtime::Logger log_{"test", runtime::LogLevel::error, runtime::MakeCallbackSink([](std::string_view) {})};
  runtime::BlockingPool pool_{2};
  runtime::Readiness readiness_;
  std::vector<std::unique_ptr<sim::SimServer>> sims_;
  std::unique_ptr<supplier_adapter::SupplierService> service_;
  std::shared_ptr<supplier_adapter::SupplierRegistry> registry_;
};

TEST_F(SearchSimTest, ACityIsSearchedThroughAllThreeProtocols) {
  const std::string city = SeedCatalog();
  runtime::Settings settings;
  settings.encryption_secret = std::string(kTestSecret);
  settings.query_timeout_ms = 5000;
  runtime::ModuleContext ctx{settings, log_, metrics_, readiness_, pool_, *db_, clock_, {}};
  auto spec = Spec(registry_, std::make_shared<FakePricing>(), std::make_shared<memory::LruCache>(), nullptr);
  EXPECT_EQ(spec.name, "query-engine");
  auto module = spec.build(ctx);
  runtime::Router router;
  module->RegisterRoutes(router);

  const Date check_in = DateOf(clock_.Now()) + 30;
  const std::string body = R"({"destination":{"city":")" + city + R"("},"checkIn":")" + FormatDate(check_in) +
                           R"(","checkOut":")" + FormatDate(check_in + 2) +
                           R"(","rooms":[{"adults":2}],"currency":"EUR","maxHotels":200})";
  auto r = hotel::testing::CallRoute(router, "POST", "/api/v1/search", body, hotel::testing::AsRole(Role::platform_admin));
  ASSERT_EQ(r.status, 200) << r.raw.body;
  std::map<std::string, int> offers_by_supplier;
  for (const auto& s : r.body.at("suppliers").as_array()) {
    EXPECT_EQ(s.at("outcome").as_string(), "ok") << json::serialize(s);
    offers_by_supplier[std::string(s.at("supplier").as_string())] = static_cast<int>(s.at("offers").as_int64());
  }
  EXPECT_TRUE(r.body.at("complete").as_bool());
  for (std::string code : {"HBX", "OTA", "RPD"}) EXPECT_GT(offers_by_supplier[code], 0) << code;
  std::set<std::string> seen;
  OfferCodec codec(kTestSecret);
  for (const auto& h : r.body.at("hotels").as_array()) {
    for (const auto& o : h.at("offers").as_array()) {
      seen.insert(std::string(o.at("supplier").as_string()));
      EXPECT_EQ(o.at("price").at("currency").as_string(), "EUR");
      EXPECT_GT(o.at("price").at("amount").as_int64(), 0);
      auto opened = codec.Open(std::string(o.at("offerId").as_string()), "tnt_platform", clock_.Now());
      ASSERT_TRUE(opened) << opened.error().detail;
      EXPECT_FALSE(opened->rate.rate_token.empty());
      EXPECT_EQ(opened->supplier, o.at("supplier").as_string());
    }
  }
  EXPECT_EQ(seen, (std::set<std::string>{"HBX", "OTA", "RPD"}));
  module->Stop();
}

TEST_F(SearchSimTest, CatalogChangesAreSeenWithoutARestart) {
  runtime::Settings settings;
  settings.encryption_secret = std::string(kTestSecret);
  runtime::ModuleContext ctx{settings, log_, metrics_, readiness_, pool_, *db_, clock_, {}};
  QueryOptions options;
  options.catalog_poll = 50ms;
  auto module = Spec(registry_, std::make_shared<FakePricing>(), nullptr, nullptr, options).build(ctx);
  runtime::Router router;
  module->RegisterRoutes(router);
  auto search = [&](const std::string& city) {
    const Date check_in = DateOf(clock_.Now()) + 30;
    const std::string body = R"({"destination":{"city":")" + city + R"("},"checkIn":")" + FormatDate(check_in) +
                             R"(","checkOut":")" + FormatDate(check_in + 1) + R"(","rooms":[{"adults":2}]})";
    return hotel::testing::CallRoute(router, "POST", "/api/v1/search", body, hotel::testing::AsRole(Role::agent));
  };
  const std::string city = SeedCatalog();  // after the module loaded the empty catalog
  auto before = search(city);
  ASSERT_EQ(before.status, 200) << before.raw.body;
  EXPECT_TRUE(before.body.at("hotels").as_array().empty());
  boost::asio::io_context io;
  module->Start(io.get_executor());
  io.run_for(600ms);
  auto after = search(city);
  EXPECT_FALSE(after.body.at("hotels").as_array().empty()) << after.raw.body;
  module->Stop();
  io.run_for(100ms);
}

TEST_F(SearchSimTest, SearchWritesSearchAndSupplierCallEvents) {
  const std::string city = SeedCatalog();
  events::BufferedEventWriter writer(*db_, pool_, clock_, log_, metrics_, {});
  runtime::Settings settings;
  settings.encryption_secret = std::string(kTestSecret);
  runtime::ModuleContext ctx{settings, log_, metrics_, readiness_, pool_, *db_, clock_, {}};
  auto module = Spec(registry_, std::make_shared<FakePricing>(), nullptr, &writer).build(ctx);
  runtime::Router router;
  module->RegisterRoutes(router);
  const Date check_in = DateOf(clock_.Now()) + 30;
  const std::string body = R"({"destination":{"city":")" + city + R"("},"checkIn":")" + FormatDate(check_in) +
                           R"(","checkOut":")" + FormatDate(check_in + 1) + R"(","rooms":[{"adults":2}]})";
  auto r = hotel::testing::CallRoute(router, "POST", "/api/v1/search", body, hotel::testing::AsRole(Role::agent));
  ASSERT_EQ(r.status, 200) << r.raw.body;
  auto flushed = writer.FlushNow();
  ASSERT_TRUE(flushed) << flushed.error().detail;
  EXPECT_EQ(*flushed, 4);
  auto rows = db_->Execute("SELECT type, aggregate_id, tenant_id, payload FROM outbox ORDER BY sequence");
  ASSERT_TRUE(rows);
  std::multiset<std::string> types;
  for (const auto& row : rows->rows) {
    types.insert(row.GetString(0));
    EXPECT_EQ(row.GetString(2), "tnt_dist");
    if (row.GetString(0) == "search.completed") {
      auto payload = json::parse(row.GetString(3));
      EXPECT_EQ(payload.at("searchId").as_string(), r.body.at("searchId").as_string());
      EXPECT_EQ(payload.at("suppliers").as_array().size(), 3u);
      EXPECT_EQ(payload.at("cached").as_bool(), false);
    }
  }
  EXPECT_EQ(types, (std::multiset<std::string>{"search.completed", "supplier.call", "supplier.call", "supplier.call"}));
  module->Stop();
  writer.Stop();
}

}  // namespace
}  // namespace hotel::query::testing
