// The catalog API through runtime::Router with fake principals, over SQLite and a fake
// supplier directory: admin scope (401/403), validation naming each field, content imports in
// the background with progress and one per supplier, the review queue and its decisions,
// master hotel search and pages, and the ranking following a config change without restart.
#include "adapters/sqlite/sqlite_database.hpp"
#include "core/ids.hpp"
#include "modules/config/config_client.hpp"
#include "modules/config/config_keys.hpp"
#include "modules/config/config_store.hpp"
#include "modules/matching-service/catalog_test_support.hpp"
#include "modules/matching-service/matching_module.hpp"
#include "storage/migrator.hpp"
#include "support/handler_harness.hpp"
#include "support/test_support.hpp"
#include "world/world.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json.hpp>
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <set>
#include <thread>

namespace hotel::matching::testing {
namespace {

namespace json = boost::json;
using Reply = hotel::testing::HandlerReply;
constexpr auto As = hotel::testing::AsRole;
using namespace std::chrono_literals;

const world::World& TestWorld() {
  static const world::World w = world::GenerateWorld({.seed = 11, .hotels = 400});
  return w;
}

class CatalogHandlersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = adapters::OpenSqliteDatabase({.url = "sqlite://" + dir_.path() + "/hotel.db"});
    ASSERT_TRUE(db);
    db_ = std::move(*db);
    ASSERT_TRUE(storage::Migrator(*db_, storage::EmbeddedMigrations(db_->dialect())).Up());
    config_ = std::make_shared<config::ConfigClient>(*db_, log_, metrics_, config::ClientOptions{});
    ASSERT_TRUE(config_->Reload(config::ReloadSource::api));
    for (int s = 0; s < 3; ++s) views_.push_back(View(TestWorld(), codes_[s], s));
    for (int s = 0; s < 3; ++s) directory_->Set(codes_[s], ToContent(views_[s]));
    ctx_ = std::make_unique<runtime::ModuleContext>(
        runtime::ModuleContext{settings_, log_, metrics_, readiness_, pool_, *db_, clock_, {"matching-service"}});
    ModuleOptions options;
    options.signals = [this](std::string_view supplier, std::string_view code) {
      std::lock_guard lock(signals_mutex_);
      auto it = signals_.find(std::string(supplier));
      return it == signals_.end() ? SupplierSignals{} : it->second;
    };
    module_ = Spec(config_, directory_, options).build(*ctx_);
    router_.SetOwner("matching-service");
    module_->RegisterRoutes(router_);
    module_->Start(io_.get_executor());
    thread_ = std::thread([this] { io_.run(); });
  }
  void TearDown() override {
    if (module_) module_->Stop();
    work_.reset();
    if (thread_.joinable()) thread_.join();
    pool_.Join();
  }

  Reply Send(std::string method, std::string target, std::string body = {},
             std::shared_ptr<const Principal> principal = As(Role::platform_ops)) {
    return hotel::testing::CallRoute(router_, method, target, body, std::move(principal));
  }

  template <class Pred>
  bool WaitUntil(Pred pred) {
    for (int i = 0; i < 2000; ++i) {
      if (pred()) return true;
      std::this_thread::sleep_for(5ms);
    }
    return pred();
  }
  // Imports the supplier through the API and waits for the job to end; returns the job.
  Reply ImportAndWait(const std::string& code) {
    auto started = Send("POST", "/api/v1/suppliers/" + code + "/content-imports", R"({"pageSize":150})");
    EXPECT_EQ(started.status, 202) << started.raw.body;
    const std::string location = started.raw.Header("Location").empty() ? "" : std::string(started.raw.Header("Location"));
    Reply job;
    EXPECT_TRUE(WaitUntil([&] {
      job = Send("GET", location);
      return job.Str("status") == "succeeded" || job.Str("status") == "failed";
    }));
    EXPECT_EQ(job.Str("status"), "succeeded") << job.raw.body;
    return job;
  }
  void ImportAll() {
    for (const auto& code : codes_) ImportAndWait(code);
  }
  // A master every supplier mapped a hotel to.
  std::string MasterOfEverySupplier() {
    auto r = db_->Execute(
        "SELECT master_id FROM hotel_mappings GROUP BY master_id HAVING COUNT(DISTINCT supplier_code) = 3 "
        "ORDER BY master_id LIMIT 1");
    return r && !r->rows.empty() ? r->rows[0].GetString(0) : "";
  }
  std::int64_t Count(const std::string& table) {
    auto r = db_->Execute("SELECT COUNT(*) FROM " + table);
    return r && !r->rows.empty() ? r->rows[0].GetInt(0) : -1;
  }
  void PutWeights(double price, double rating, double availability, double reliability) {
    config::ConfigStore store(*db_, clock_);
    json::object w{{"price", price}, {"rating", rating}, {"availability", availability},
                   {"supplier_reliability", reliability}};
    ASSERT_TRUE(store.PutConfig(config::ConfigWrite{std::string(config::kMatchingWeightsKey), w, {}, {}}, "usr_test"));
    ASSERT_TRUE(config_->Reload(config::ReloadSource::api));  // what the poller or NOTIFY does in a server
  }

  hotel::testing::TempDir dir_;
  std::unique_ptr<ports::Database> db_;
  SystemClock clock_;
  runtime::Settings settings_;
  runtime::Logger log_{"catalog-test", runtime::LogLevel::error, runtime::MakeCallbackSink([](std::string_view) {})};
  runtime::MetricsRegistry metrics_;
  runtime::Readiness readiness_;
  runtime::BlockingPool pool_{2};
  std::shared_ptr<config::ConfigClient> config_;
  std::shared_ptr<FakeDirectory> directory_ = std::make_shared<FakeDirectory>();
  const std::string codes_[3] = {"HBX", "OTA", "RAPID"};
  std::vector<world::SupplierView> views_;
  std::mutex signals_mutex_;
  std::map<std::string, SupplierSignals> signals_;
  std::unique_ptr<runtime::ModuleContext> ctx_;
  std::unique_ptr<runtime::Module> module_;
  runtime::Router router_;
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_ = boost::asio::make_work_guard(io_);
  std::thread thread_;
};

TEST_F(CatalogHandlersTest, SpecNamesTheModuleAndItsPrefixes) {
  auto spec = Spec(nullptr, nullptr);
  EXPECT_EQ(spec.name, "matching-service");
  EXPECT_EQ(spec.path_prefixes,
            (std::vector<std::string>{"/api/v1/hotels", "/api/v1/mapping-reviews", "/api/v1/content-imports"}));
  runtime::Settings bad;
  bad.matching_algorithm = "magic";
  runtime::ModuleContext ctx{bad, log_, metrics_, readiness_, pool_, *db_, clock_, {}};
  EXPECT_THROW(spec.build(ctx), std::runtime_error);
}

TEST_F(CatalogHandlersTest, AnonymousIs401AndNonStaffIs403OnEveryRoute) {
  const std::string rev = NewId("mrv"), htl = NewId("htl"), imp = NewId("imp");
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"POST", "/api/v1/suppliers/HBX/content-imports"},
      {"GET", "/api/v1/suppliers/HBX/content-imports"},
      {"GET", "/api/v1/content-imports/" + imp},
      {"GET", "/api/v1/mapping-reviews"},
      {"GET", "/api/v1/mapping-reviews/" + rev},
      {"POST", "/api/v1/mapping-reviews/" + rev + "/approve"},
      {"POST", "/api/v1/mapping-reviews/" + rev + "/reject"},
      {"POST", "/api/v1/mapping-reviews/" + rev + "/remap"},
      {"GET", "/api/v1/hotels"},
      {"GET", "/api/v1/hotels/" + htl}};
  for (const auto& [method, target] : routes) {
    auto anon = Send(method, target, "{}", nullptr);
    EXPECT_EQ(anon.status, 401) << method << " " << target;
    EXPECT_EQ(anon.raw.content_type, "application/problem+json");
    EXPECT_EQ(anon.Code(), "unauthenticated");
    for (Role role : {Role::distributor_admin, Role::agent, Role::finance}) {
      auto r = Send(method, target, "{}", As(role));
      EXPECT_EQ(r.status, 403) << method << " " << target << " as " << RoleName(role);
      EXPECT_EQ(r.Code(), "forbidden");
    }
  }
  EXPECT_EQ(Send("GET", "/api/v1/hotels", "", As(Role::platform_admin)).status, 200);
  EXPECT_EQ(directory_->Get("HBX")->calls.load(), 0);  // nothing refused reached a supplier
}

TEST_F(CatalogHandlersTest, ImportRunsInTheBackgroundWithProgressAndOnePerSupplier) {
  auto content = directory_->Get("HBX");
  content->hold = true;
  content->hold_after_pages = 1;
  auto started = Send("POST", "/api/v1/suppliers/HBX/content-imports", R"({"pageSize":100})");
  ASSERT_EQ(started.status, 202) << started.raw.body;
  const std::string id = started.Str("id");
  EXPECT_TRUE(IsId(id, "imp"));
  EXPECT_EQ(started.raw.Header("Location"), "/api/v1/content-imports/" + id);
  EXPECT_EQ(started.Str("supplierCode"), "HBX");
  EXPECT_EQ(started.Str("createdBy"), "usr_platform_ops");
  EXPECT_EQ(started.body.at("pageSize"), 100);

  Reply job;
  ASSERT_TRUE(WaitUntil([&] {
    job = Send("GET", "/api/v1/content-imports/" + id);
    return job.body.at("hotelsFetched") == 100;
  })) << job.raw.body;
  EXPECT_EQ(job.Str("status"), "running");
  EXPECT_EQ(job.body.at("pages"), 1);
  EXPECT_EQ(job.body.at("total"), static_cast<std::int64_t>(views_[0].hotels.size()));
  EXPECT_FALSE(job.body.at("startedAt").is_null());

  auto second = Send("POST", "/api/v1/suppliers/HBX/content-imports");
  EXPECT_EQ(second.status, 409);
  EXPECT_EQ(second.Code(), "conflict");
  EXPECT_NE(second.Str("detail").find(id), std::string::npos);
  // Other suppliers have imports of their own meanwhile (held here until HBX is done, so that
  // HBX seeds the catalog).
  auto ota = directory_->Get("OTA");
  ota->hold = true;
  auto ota_job = Send("POST", "/api/v1/suppliers/OTA/content-imports");
  EXPECT_EQ(ota_job.status, 202);

  content->hold = false;
  ASSERT_TRUE(WaitUntil([&] { return Send("GET", "/api/v1/content-imports/" + id).Str("status") == "succeeded"; }));
  ota->hold = false;
  ASSERT_TRUE(WaitUntil(
      [&] { return Send("GET", "/api/v1/content-imports/" + ota_job.Str("id")).Str("status") == "succeeded"; }));
  job = Send("GET", "/api/v1/content-imports/" + id);
  EXPECT_EQ(job.body.at("hotelsFetched"), static_cast<std::int64_t>(views_[0].hotels.size()));
  const auto& counts = job.body.at("counts");
  EXPECT_EQ(counts.at("newMasters").as_int64() + counts.at("duplicates").as_int64(),
            static_cast<std::int64_t>(views_[0].hotels.size()));
  EXPECT_FALSE(job.body.at("finishedAt").is_null());
  EXPECT_TRUE(job.body.at("error").is_null());

  // A second import of unchanged content: every hotel unchanged. Latest first, with paging.
  auto again = ImportAndWait("HBX");
  EXPECT_EQ(again.body.at("counts").at("unchanged"), static_cast<std::int64_t>(views_[0].hotels.size()));
  EXPECT_EQ(again.body.at("counts").at("newMasters"), 0);
  auto list = Send("GET", "/api/v1/suppliers/HBX/content-imports?limit=1");
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.Items().size(), 1u);
  EXPECT_EQ(list.Items()[0].at("id"), again.body.at("id"));
  auto rest = Send("GET", "/api/v1/suppliers/HBX/content-imports?limit=5&cursor=" + list.Str("nextCursor"));
  ASSERT_EQ(rest.Items().size(), 1u);
  EXPECT_EQ(rest.Items()[0].at("id"), json::value(id));
  EXPECT_TRUE(rest.body.at("nextCursor").is_null());
}

TEST_F(CatalogHandlersTest, ImportRequestsAreValidatedAndSupplierFailuresFailTheJob) {
  auto bad_code = Send("POST", "/api/v1/suppliers/hbx/content-imports");
  EXPECT_EQ(bad_code.status, 400);
  EXPECT_EQ(bad_code.Fields(), std::set<std::string>{"code"});
  auto bad_body = Send("POST", "/api/v1/suppliers/HBX/content-imports", R"({"pageSize":0,"x":1})");
  EXPECT_EQ(bad_body.status, 400);
  EXPECT_EQ(bad_body.Fields(), (std::set<std::string>{"pageSize", "x"}));
  EXPECT_EQ(Send("POST", "/api/v1/suppliers/HBX/content-imports", "{oops").status, 400);
  auto unknown = Send("POST", "/api/v1/suppliers/NOPE/content-imports");
  EXPECT_EQ(unknown.status, 404);
  directory_->Get("RAPID")->enabled = false;
  EXPECT_EQ(Send("POST", "/api/v1/suppliers/RAPID/content-imports").status, 409);
  EXPECT_EQ(Send("GET", "/api/v1/content-imports/imp_nope").status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/content-imports/" + NewId("imp")).status, 404);
  auto bad_list = Send("GET", "/api/v1/suppliers/HBX/content-imports?limit=0&cursor=x");
  EXPECT_EQ(bad_list.status, 400);
  EXPECT_EQ(bad_list.Fields(), (std::set<std::string>{"limit", "cursor"}));

  directory_->Get("OTA")->fail = true;
  auto started = Send("POST", "/api/v1/suppliers/OTA/content-imports");
  ASSERT_EQ(started.status, 202);
  Reply job;
  ASSERT_TRUE(WaitUntil([&] {
    job = Send("GET", "/api/v1/content-imports/" + started.Str("id"));
    return job.Str("status") == "failed";
  }));
  EXPECT_NE(job.Str("error").find("upstream_unavailable"), std::string::npos) << job.raw.body;
  EXPECT_EQ(Count("supplier_hotels"), 0);
  // A failed import holds nothing: the next one may start.
  directory_->Get("OTA")->fail = false;
  ImportAndWait("OTA");

  // A supplier whose cursor never ends fails the job instead of paging forever.
  directory_->Get("HBX")->loop = true;
  auto looping = Send("POST", "/api/v1/suppliers/HBX/content-imports");
  ASSERT_EQ(looping.status, 202);
  ASSERT_TRUE(WaitUntil([&] {
    job = Send("GET", "/api/v1/content-imports/" + looping.Str("id"));
    return job.Str("status") == "failed";
  }));
  EXPECT_NE(job.Str("error").find("twice"), std::string::npos) << job.raw.body;
}

TEST_F(CatalogHandlersTest, ReviewQueueListsBothSidesAndRecordsEachDecision) {
  ImportAll();
  auto open = Send("GET", "/api/v1/mapping-reviews?limit=200");
  ASSERT_EQ(open.status, 200);
  ASSERT_GE(open.Items().size(), 3u);
  const auto& first = open.Items()[0];
  EXPECT_EQ(first.at("status"), "open");
  for (auto field : {"supplierCode", "hotelCode", "name", "city", "lat", "stars"}) {
    EXPECT_TRUE(first.at("supplierHotel").as_object().contains(field)) << field;
  }
  EXPECT_TRUE(IsId(json::value_to<std::string>(first.at("candidate").at("id")), "htl"));
  EXPECT_GE(first.at("score").to_number<double>(), 0.6);
  for (auto part : {"name", "distanceM", "coordinatesSwapped", "address", "phone", "stars", "chain"}) {
    EXPECT_TRUE(first.at("scoreParts").as_object().contains(part)) << part;
  }
  auto ota = Send("GET", "/api/v1/mapping-reviews?supplier=OTA&status=open");
  for (const auto& item : ota.Items()) EXPECT_EQ(item.at("supplierHotel").at("supplierCode"), "OTA");
  auto bad = Send("GET", "/api/v1/mapping-reviews?status=pending&supplier=x&limit=500");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Fields(), (std::set<std::string>{"status", "supplier", "limit"}));

  const std::string a = json::value_to<std::string>(open.Items()[0].at("id"));
  const std::string r = json::value_to<std::string>(open.Items()[1].at("id"));
  const std::string m = json::value_to<std::string>(open.Items()[2].at("id"));
  const std::string candidate = json::value_to<std::string>(open.Items()[0].at("candidate").at("id"));

  auto approved = Send("POST", "/api/v1/mapping-reviews/" + a + "/approve", "", As(Role::platform_admin));
  ASSERT_EQ(approved.status, 200) << approved.raw.body;
  EXPECT_EQ(approved.Str("status"), "approved");
  EXPECT_EQ(approved.Str("decidedBy"), "usr_platform_admin");
  EXPECT_EQ(approved.Str("decidedMasterId"), candidate);
  EXPECT_EQ(Send("POST", "/api/v1/mapping-reviews/" + a + "/approve", "{}").status, 200);  // idempotent
  auto conflict = Send("POST", "/api/v1/mapping-reviews/" + a + "/reject");
  EXPECT_EQ(conflict.status, 409);
  EXPECT_EQ(conflict.Code(), "conflict");
  EXPECT_EQ(Send("POST", "/api/v1/mapping-reviews/" + a + "/approve", R"({"note":"x"})").status, 400);

  auto rejected = Send("POST", "/api/v1/mapping-reviews/" + r + "/reject");
  ASSERT_EQ(rejected.status, 200);
  EXPECT_EQ(rejected.Str("status"), "rejected");
  const std::string own = rejected.Str("decidedMasterId");
  EXPECT_NE(own, json::value_to<std::string>(open.Items()[1].at("candidate").at("id")));
  auto own_master = Send("GET", "/api/v1/hotels/" + own);
  ASSERT_EQ(own_master.status, 200);
  ASSERT_EQ(own_master.body.at("mappings").as_array().size(), 1u);
  EXPECT_EQ(own_master.body.at("mappings").at(0).at("kind"), "new_master");
  EXPECT_EQ(own_master.body.at("mappings").at(0).at("decidedBy"), "usr_platform_ops");

  auto no_body = Send("POST", "/api/v1/mapping-reviews/" + m + "/remap", "{}");
  EXPECT_EQ(no_body.status, 400);
  EXPECT_EQ(no_body.Fields(), std::set<std::string>{"masterId"});
  auto bad_id = Send("POST", "/api/v1/mapping-reviews/" + m + "/remap", R"({"masterId":"mh_1"})");
  EXPECT_EQ(bad_id.Fields(), std::set<std::string>{"masterId"});
  auto unknown_master = Send("POST", "/api/v1/mapping-reviews/" + m + "/remap", R"({"masterId":")" + NewId("htl") + "\"}");
  EXPECT_EQ(unknown_master.status, 400);
  auto remapped = Send("POST", "/api/v1/mapping-reviews/" + m + "/remap", R"({"masterId":")" + own + "\"}");
  ASSERT_EQ(remapped.status, 200) << remapped.raw.body;
  EXPECT_EQ(remapped.Str("status"), "remapped");
  EXPECT_EQ(remapped.Str("decidedMasterId"), own);
  EXPECT_EQ(Send("GET", "/api/v1/hotels/" + own).body.at("mappings").as_array().size(), 2u);
  EXPECT_EQ(Send("POST", "/api/v1/mapping-reviews/" + m + "/remap", R"({"masterId":")" + candidate + "\"}").status, 409);

  EXPECT_EQ(Send("POST", "/api/v1/mapping-reviews/" + NewId("mrv") + "/approve").status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/mapping-reviews/mrv_x").status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/mapping-reviews/" + a).Str("status"), "approved");
  EXPECT_EQ(Send("GET", "/api/v1/mapping-reviews?status=rejected").Items().size(), 1u);
  EXPECT_EQ(Send("GET", "/api/v1/mapping-reviews?limit=200").Items().size(), open.Items().size() - 3);

  // Re-importing every supplier leaves the three decisions where the reviewers put them.
  ImportAll();
  EXPECT_EQ(Send("GET", "/api/v1/mapping-reviews?limit=200").Items().size(), open.Items().size() - 3);
  EXPECT_EQ(Send("GET", "/api/v1/hotels/" + own).body.at("mappings").as_array().size(), 2u);
}

TEST_F(CatalogHandlersTest, HotelsAreSearchedByNameAndCityAndShowTheirMappings) {
  ImportAll();
  const auto& h = views_[0].hotels[3];
  auto found = Send("GET", "/api/v1/hotels?q=" + QueryTokens(h.name)[0] + "&city=" + CityKey(h.city) +
                               "&country=" + h.country + "&limit=200");
  ASSERT_EQ(found.status, 200) << found.raw.body;
  ASSERT_FALSE(found.Items().empty());
  std::string id;
  for (const auto& m : found.Items()) {
    EXPECT_EQ(CityKey(json::value_to<std::string>(m.at("city"))), CityKey(h.city));
    if (m.at("name") == json::value(h.name)) id = json::value_to<std::string>(m.at("id"));
  }
  ASSERT_FALSE(id.empty()) << h.name;
  auto page = Send("GET", "/api/v1/hotels?limit=2");
  EXPECT_EQ(page.Items().size(), 2u);
  EXPECT_FALSE(page.body.at("nextCursor").is_null());
  auto next = Send("GET", "/api/v1/hotels?limit=2&cursor=" + page.Str("nextCursor"));
  EXPECT_NE(next.Items()[0].at("id"), page.Items()[0].at("id"));
  auto bad = Send("GET", "/api/v1/hotels?country=FRA&cursor=mrv_x&q=" + std::string(201, 'a'));
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Fields(), (std::set<std::string>{"country", "cursor", "q"}));

  auto detail = Send("GET", "/api/v1/hotels/" + id);
  ASSERT_EQ(detail.status, 200);
  EXPECT_EQ(detail.Str("name"), h.name);
  const auto& mappings = detail.body.at("mappings").as_array();
  ASSERT_FALSE(mappings.empty());
  EXPECT_TRUE(std::any_of(mappings.begin(), mappings.end(), [&](const json::value& m) {
    return m.at("supplierCode") == "HBX" && m.at("hotelCode") == json::value(h.code) && m.at("kind") == "new_master";
  }));
  EXPECT_EQ(detail.body.at("ranking").at("items").as_array().size(), mappings.size());
  EXPECT_EQ(detail.body.at("ranking").at("weights").at("price"), 0.4);
  EXPECT_EQ(Send("GET", "/api/v1/hotels/" + NewId("htl")).status, 404);
  EXPECT_EQ(Send("GET", "/api/v1/hotels/mh_1").status, 404);
}

TEST_F(CatalogHandlersTest, RankingFollowsAWeightChangeWithoutRestart) {
  ImportAll();
  const std::string id = MasterOfEverySupplier();
  ASSERT_FALSE(id.empty());
  {
    std::lock_guard lock(signals_mutex_);
    signals_["HBX"] = {Money{10000, "EUR"}, 0.5, 0.0};   // cheapest, unreliable
    signals_["OTA"] = {Money{30000, "EUR"}, 0.5, 1.0};   // dearest, reliable
    signals_["RAPID"] = {Money{20000, "EUR"}, 0.5, 0.5};
  }
  auto order = [&] {
    auto d = Send("GET", "/api/v1/hotels/" + id);
    std::vector<std::string> out;
    for (const auto& i : d.body.at("ranking").at("items").as_array()) {
      out.push_back(json::value_to<std::string>(i.at("supplierCode")));
    }
    return std::make_pair(out, d);
  };
  PutWeights(0.7, 0.1, 0.1, 0.1);
  auto [by_price, d1] = order();
  ASSERT_GE(by_price.size(), 3u);
  EXPECT_EQ(by_price.front(), "HBX");
  EXPECT_EQ(d1.body.at("ranking").at("weights").at("price"), 0.7);
  const auto& top = d1.body.at("ranking").at("items").at(0);
  EXPECT_EQ(top.at("signals").at("price"), 1.0);
  EXPECT_EQ(top.at("cheapestNet").at("amount"), 10000);
  EXPECT_EQ(top.at("cheapestNet").at("currency"), "EUR");

  PutWeights(0.1, 0.1, 0.1, 0.7);
  auto [by_reliability, d2] = order();
  EXPECT_EQ(by_reliability.front(), "OTA");
  EXPECT_EQ(by_reliability.back(), "HBX");
  EXPECT_EQ(d2.body.at("ranking").at("weights").at("supplierReliability"), 0.7);
}

}  // namespace
}  // namespace hotel::matching::testing
