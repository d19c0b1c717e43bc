// POST /api/v1/search with scripted suppliers: validation names fields; calls grouped per
// supplier in chunks of 250 under the concurrency bound; a hanging supplier cut at the deadline
// (partial answer), a failing one reported; duplicates merged to the cheapest; sorting; what
// each role sees; sealed offer ids; the result cache per tenant; city spellings; radius.
#include "modules/matching-service/catalog_model.hpp"
#include "modules/query-engine/query_test_support.hpp"

#include <gtest/gtest.h>

namespace hotel::query::testing {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;
using hotel::testing::AsRole;
using hotel::testing::CallRoute;
using hotel::testing::HandlerReply;

std::string HotelId(int i) {
  std::string n = std::to_string(i);
  return "htl_01jd" + std::string(22 - n.size(), '0') + n;
}

class SearchTest : public ::testing::Test {
 protected:
  void Build(QueryOptions options = {}) {
    if (options.timeout.count() == 0) options.timeout = 2000ms;
    if (options.concurrency == 0) options.concurrency = 4;
    catalog_->Replace(std::make_shared<CatalogSnapshot>(1, hotels_));
    SearchDeps deps{directory_, std::make_shared<FakePricing>(), cache_, nullptr, catalog_, codec_, &clock_, &metrics_,
                    &log_};
    engine_ = std::make_shared<SearchEngine>(std::move(deps), options);
    router_ = std::make_unique<runtime::Router>();
    RegisterSearchRoutes(*router_, engine_, clock_);
  }

  // A master in `city` mapped to (supplier, code) pairs.
  void AddHotel(int i, std::string city, std::string country, double lat, double lon, int stars,
                std::vector<std::pair<std::string, std::string>> mappings) {
    CatalogHotel h;
    h.id = HotelId(i);
    h.name = "Hotel " + std::to_string(i);
    h.city = city;
    h.city_key = matching::CityKey(city);
    h.country = std::move(country);
    h.lat = lat;
    h.lon = lon;
    h.stars = stars;
    h.mappings = std::move(mappings);
    hotels_.push_back(std::move(h));
  }

  std::shared_ptr<ScriptedSearch> AddSupplier(const std::string& code) {
    auto s = std::make_shared<ScriptedSearch>();
    directory_->connectors[code] = std::make_shared<ScriptedConnector>(s);
    return s;
  }

  static std::string Body(std::string destination, std::string extra = "") {
    return R"({"destination":)" + destination + R"(,"checkIn":"2026-12-01","checkOut":"2026-12-03","rooms":[{"adults":2}])" +
           extra + "}";
  }

  HandlerReply Search(const std::string& body, std::shared_ptr<const Principal> who = AsRole(Role::agent)) {
    return CallRoute(*router_, "POST", "/api/v1/search", body, std::move(who));
  }

  static const json::object& SupplierEntry(const HandlerReply& r, std::string_view name) {
    for (const auto& s : r.body.at("suppliers").as_array()) {
      if (s.at("supplier").as_string() == name) return s.as_object();
    }
    static const json::object kNone;
    ADD_FAILURE() << "no supplier " << name;
    return kNone;
  }

  std::vector<CatalogHotel> hotels_;
  std::shared_ptr<CatalogIndex> catalog_ = std::make_shared<CatalogIndex>();
  std::shared_ptr<FakeDirectory> directory_ = std::make_shared<FakeDirectory>();
  std::shared_ptr<memory::LruCache> cache_ = std::make_shared<memory::LruCache>();
  std::shared_ptr<const OfferCodec> codec_ = std::make_shared<const OfferCodec>(kTestSecret);
  ManualClock clock_{kNow};
  runtime::MetricsRegistry metrics_;
  runtime::Logger log_{"test", runtime::LogLevel::error, runtime::MakeCallbackSink([](std::string_view) {})};
  std::shared_ptr<SearchEngine> engine_;
  std::unique_ptr<runtime::Router> router_;
};

TEST_F(SearchTest, InvalidRequestNamesEachField) {
  Build();
  struct Case {
    std::string body, field;
  };
  const std::string city = R"({"city":"Munich"})";
  const std::vector<Case> cases = {
      {R"({"destination":{"city":"Munich"},"checkIn":"2026-12-1","checkOut":"2026-12-03","rooms":[{"adults":2}]})", "checkIn"},
      {R"({"destination":{"city":"Munich"},"checkIn":"2026-11-23","checkOut":"2026-12-03","rooms":[{"adults":2}]})", "checkIn"},
      {R"({"destination":{"city":"Munich"},"checkIn":"2026-12-03","checkOut":"2026-12-03","rooms":[{"adults":2}]})", "checkOut"},
      {R"({"destination":{"city":"Munich"},"checkIn":"2026-12-01","checkOut":"2027-01-01","rooms":[{"adults":2}]})", "checkOut"},
      {R"({"destination":{"city":"Munich"},"checkIn":"2026-12-01","checkOut":"2026-12-03","rooms":[]})", "rooms"},
      {Body(city, R"(,"extra":1)").replace(Body(city).find("\"rooms\""), 0, ""), "extra"},
      {R"({"destination":{"city":"Munich"},"checkIn":"2026-12-01","checkOut":"2026-12-03","rooms":[{"adults":0}]})", "rooms[0].adults"},
      {R"({"destination":{"city":"Munich"},"checkIn":"2026-12-01","checkOut":"2026-12-03","rooms":[{"adults":2,"childrenAges":[5,18]}]})", "rooms[0].childrenAges[1]"},
      {Body(city, R"(,"currency":"XYZ")"), "currency"},
      {Body(R"({"lat":48.1,"lon":11.5,"radiusKm":0})"), "destination.radiusKm"},
      {Body(R"({"lat":48.1,"lon":11.5,"radiusKm":101})"), "destination.radiusKm"},
      {Body(R"({"hotelIds":["nope"]})"), "destination.hotelIds[0]"},
      {Body(R"({"city":"Munich","lat":1})"), "destination"},
      {Body(city, R"(,"sort":"cheapest")"), "sort"},
      {Body(city, R"(,"maxHotels":201)"), "maxHotels"},
      // Issue 14: every list and count bounded before any work (10,000 ages were sent to every
      // supplier), stays at most two years ahead, rooms that are not objects named.
      {R"({"destination":{"city":"Munich"},"checkIn":"2026-12-01","checkOut":"2026-12-03","rooms":[{"adults":2,"childrenAges":[)" +
           [] { std::string a = "1"; for (int i = 1; i < 10000; ++i) a += ",1"; return a; }() + "]}]}",
       "rooms[0].childrenAges"},
      {R"({"destination":{"city":"Munich"},"checkIn":"2026-12-01","checkOut":"2026-12-03","rooms":[{"adults":2,"childrenAges":[1,2,3,4,5,6,7]}]})",
       "rooms[0].childrenAges"},
      {R"({"destination":{"city":"Munich"},"checkIn":"2026-12-01","checkOut":"2026-12-03","rooms":[)" +
           [] { std::string a = R"({"adults":1})"; for (int i = 1; i < 10000; ++i) a += R"(,{"adults":1})"; return a; }() + "]}",
       "rooms"},
      {R"({"destination":{"city":"Munich"},"checkIn":"2026-12-01","checkOut":"2026-12-03","rooms":[5]})", "rooms[0]"},
      {R"({"destination":{"city":"Munich"},"checkIn":"2029-01-01","checkOut":"2029-01-03","rooms":[{"adults":2}]})", "checkIn"},
      {R"({"destination":{"city":"Munich"},"checkIn":"2999-01-01","checkOut":"2999-01-03","rooms":[{"adults":2}]})", "checkIn"},
  };
  for (const auto& c : cases) {
    auto r = Search(c.body);
    EXPECT_EQ(r.status, 400) << c.body;
    EXPECT_EQ(r.Code(), "validation_failed") << c.body;
    EXPECT_TRUE(r.Fields().contains(c.field)) << c.body << " → " << r.raw.body;
  }
  std::string ids;
  for (int i = 0; i < 251; ++i) ids += (i ? "," : "") + ("\"" + HotelId(i) + "\"");
  EXPECT_TRUE(Search(Body(R"({"hotelIds":[)" + ids + "]}")).Fields().contains("destination.hotelIds"));
  std::string rooms;
  for (int i = 0; i < 10; ++i) rooms += std::string(i ? "," : "") + R"({"adults":1})";
  EXPECT_TRUE(Search(R"({"destination":{"city":"Munich"},"checkIn":"2026-12-01","checkOut":"2026-12-03","rooms":[)" + rooms + "]}")
                  .Fields()
                  .contains("rooms"));
}

TEST_F(SearchTest, CheckInTodayInTheLastTimeZoneIsAccepted) {
  clock_.Set(kNow + 6h);  // 06:00 UTC on the 25th: still the 24th in UTC−12
  Build();
  auto r = Search(R"({"destination":{"city":"Munich"},"checkIn":"2026-11-24","checkOut":"2026-11-26","rooms":[{"adults":2}]})");
  EXPECT_EQ(r.status, 200) << r.raw.body;
}

TEST_F(SearchTest, AnonymousCallerIsUnauthenticated) {
  Build();
  EXPECT_EQ(Search(Body(R"({"city":"Munich"})"), nullptr).status, 401);
}

TEST_F(SearchTest, CallsAreGroupedPerSupplierInChunksUnderTheConcurrencyBound) {
  auto a = AddSupplier("AAA");
  auto b = AddSupplier("BBB");
  for (int i = 0; i < 600; ++i) {
    std::vector<std::pair<std::string, std::string>> m = {{"AAA", "A" + std::to_string(i)}};
    if (i < 10) m.emplace_back("BBB", "B" + std::to_string(i));
    AddHotel(i, "Munich", "DE", 48.1, 11.5, 4, m);
    a->rates["A" + std::to_string(i)] = {MakeRate("a" + std::to_string(i), "Double", 10000 + i)};
  }
  QueryOptions o;
  o.concurrency = 2;
  Build(o);
  auto r = Search(Body(R"({"city":"Munich"})", R"(,"maxHotels":200)"));
  ASSERT_EQ(r.status, 200) << r.raw.body;
  ASSERT_EQ(a->calls.size(), 2u) << "400 candidates (2 × maxHotels) in chunks of 250";
  EXPECT_EQ(a->calls[0].size() + a->calls[1].size(), 400u);
  EXPECT_EQ(std::max(a->calls[0].size(), a->calls[1].size()), 250u);
  ASSERT_EQ(b->calls.size(), 1u);
  EXPECT_EQ(b->calls[0].size(), 10u);
  EXPECT_LE(a->max_in_flight + b->max_in_flight, 3);
  EXPECT_EQ(r.body.at("hotels").as_array().size(), 200u);
  EXPECT_TRUE(r.body.at("complete").as_bool());
}

TEST_F(SearchTest, ConcurrencyBoundHoldsAcrossOneSupplierManyChunks) {
  auto a = AddSupplier("AAA");
  std::vector<std::string> ids;
  for (int i = 0; i < 1500; ++i) AddHotel(i, "Munich", "DE", 48.1, 11.5, 4, {{"AAA", "A" + std::to_string(i)}});
  QueryOptions o;
  o.concurrency = 2;
  Build(o);
  auto r = Search(Body(R"({"city":"Munich"})", R"(,"maxHotels":200)"));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(a->calls.size(), 2u);
  EXPECT_LE(a->max_in_flight.load(), 2);
  EXPECT_GE(a->max_in_flight.load(), 2) << "chunks are called in parallel";
}

TEST_F(SearchTest, HangingSupplierGivesAPartialAnswerAtTheDeadline) {
  auto fast = AddSupplier("FAST");
  auto slow = AddSupplier("SLOW");
  slow->delay = 5000ms;
  AddHotel(1, "Munich", "DE", 48.1, 11.5, 4, {{"FAST", "F1"}, {"SLOW", "S1"}});
  fast->rates["F1"] = {MakeRate("f1", "Double", 10000)};
  slow->rates["S1"] = {MakeRate("s1", "Double", 9000)};
  QueryOptions o;
  o.timeout = 300ms;
  Build(o);
  const auto started = std::chrono::steady_clock::now();
  auto r = Search(Body(R"({"city":"Munich"})"), AsRole(Role::platform_admin));
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_EQ(r.status, 200) << r.raw.body;
  EXPECT_LT(elapsed, 400ms);
  EXPECT_FALSE(r.body.at("complete").as_bool());
  EXPECT_EQ(SupplierEntry(r, "SLOW").at("outcome").as_string(), "timeout");
  EXPECT_EQ(SupplierEntry(r, "FAST").at("outcome").as_string(), "ok");
  const auto& offers = r.body.at("hotels").at(0).at("offers").as_array();
  ASSERT_EQ(offers.size(), 1u);
  EXPECT_EQ(offers[0].at("supplier").as_string(), "FAST");
}

TEST_F(SearchTest, FailingSupplierIsReportedAsErrorAndOthersStillAnswer) {
  auto good = AddSupplier("GOOD");
  auto bad = AddSupplier("BAD");
  bad->error = Error::Unavailable("HTTP 500");
  auto limited = AddSupplier("LIM");
  limited->error = Error{Errc::rate_limited, "429", {}};
  auto open = AddSupplier("OPEN");
  open->error = Error::Unavailable("circuit open for supplier OPEN: calls fail fast for 900 ms more");
  AddHotel(1, "Munich", "DE", 48.1, 11.5, 4, {{"GOOD", "G"}, {"BAD", "B"}, {"LIM", "L"}, {"OPEN", "O"}});
  good->rates["G"] = {MakeRate("g", "Double", 10000)};
  Build();
  auto r = Search(Body(R"({"city":"Munich"})"), AsRole(Role::platform_ops));
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(SupplierEntry(r, "BAD").at("outcome").as_string(), "error");
  EXPECT_EQ(SupplierEntry(r, "LIM").at("outcome").as_string(), "rate_limited");
  EXPECT_EQ(SupplierEntry(r, "OPEN").at("outcome").as_string(), "breaker_open");
  EXPECT_EQ(SupplierEntry(r, "GOOD").at("offers").as_int64(), 1);
  EXPECT_FALSE(r.body.at("complete").as_bool());
  EXPECT_EQ(r.body.at("hotels").as_array().size(), 1u);
}

TEST_F(SearchTest, DuplicateRoomsFromSeveralSuppliersKeepTheCheapest) {
  auto a = AddSupplier("AAA");
  auto b = AddSupplier("BBB");
  AddHotel(1, "Munich", "DE", 48.1, 11.5, 4, {{"AAA", "A1"}, {"BBB", "B1"}});
  a->rates["A1"] = {MakeRate("a-dbl", "Double Room", 10000), MakeRate("a-ro", "Double Room", 9000, "EUR", supplier::Board::kRoomOnly)};
  // The same room spelled differently, cheaper once converted (USD 10.45 → EUR 9.50).
  b->rates["B1"] = {MakeRate("b-dbl", "DOUBLE  room", 1045, "USD")};
  b->rates["B1"][0].net.minor = 10450;
  Build();
  auto r = Search(Body(R"({"city":"Munich"})"), AsRole(Role::platform_admin));
  ASSERT_EQ(r.status, 200) << r.raw.body;
  const auto& offers = r.body.at("hotels").at(0).at("offers").as_array();
  ASSERT_EQ(offers.size(), 2u) << r.raw.body;  // BB merged, RO apart
  EXPECT_EQ(offers[0].at("board").as_string(), "RO");
  EXPECT_EQ(offers[0].at("price").at("amount").as_int64(), 9900);
  EXPECT_EQ(offers[1].at("board").as_string(), "BB");
  EXPECT_EQ(offers[1].at("supplier").as_string(), "BBB");
  EXPECT_EQ(offers[1].at("price").at("amount").as_int64(), 10450);  // 9500 + 10 %
  EXPECT_EQ(r.body.at("hotels").at(0).at("cheapest").at("amount").as_int64(), 9900);
}

TEST_F(SearchTest, HotelsSortByCheapestOfferOrByRecommendation) {
  auto a = AddSupplier("AAA");
  AddHotel(1, "Munich", "DE", 48.1, 11.5, 2, {{"AAA", "H1"}});
  AddHotel(2, "Munich", "DE", 48.1, 11.5, 5, {{"AAA", "H2"}});
  AddHotel(3, "Munich", "DE", 48.1, 11.5, 3, {{"AAA", "H3"}});
  a->rates["H1"] = {MakeRate("1", "Double", 10000)};
  a->rates["H2"] = {MakeRate("2", "Double", 10500), MakeRate("2b", "Suite", 30000)};
  a->rates["H3"] = {MakeRate("3", "Double", 8000)};
  Build();
  auto by_price = Search(Body(R"({"city":"Munich"})"));
  ASSERT_EQ(by_price.status, 200);
  const auto& h = by_price.body.at("hotels").as_array();
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[0].at("hotelId").as_string(), HotelId(3));
  EXPECT_EQ(h[1].at("hotelId").as_string(), HotelId(1));
  EXPECT_EQ(h[2].at("hotelId").as_string(), HotelId(2));
  const auto& offers = h[2].at("offers").as_array();
  EXPECT_LT(offers[0].at("price").at("amount").as_int64(), offers[1].at("price").at("amount").as_int64());
  // Recommended: the five-star hotel 5 % dearer than the two-star one ranks above it.
  auto recommended = Search(Body(R"({"city":"Munich"})", R"(,"sort":"recommended")"));
  const auto& rh = recommended.body.at("hotels").as_array();
  EXPECT_EQ(rh[0].at("hotelId").as_string(), HotelId(3));
  EXPECT_EQ(rh[1].at("hotelId").as_string(), HotelId(2));
  EXPECT_EQ(rh[2].at("hotelId").as_string(), HotelId(1));
}

TEST_F(SearchTest, EachRoleSeesWhatItMay) {
  auto a = AddSupplier("HBX");
  AddHotel(1, "Munich", "DE", 48.1, 11.5, 4, {{"HBX", "H-77"}});
  a->rates["H-77"] = {MakeRate("tok", "Double", 10000)};
  a->rates["H-77"][0].selling_floor = Money{12000, "EUR"};
  Build();
  for (Role role : {Role::agent, Role::finance}) {
    auto r = Search(Body(R"({"city":"Munich"})"), AsRole(role));
    ASSERT_EQ(r.status, 200);
    const auto& offer = r.body.at("hotels").at(0).at("offers").at(0).as_object();
    EXPECT_FALSE(offer.contains("supplier"));
    EXPECT_FALSE(offer.contains("net"));
    EXPECT_FALSE(offer.contains("breakdown"));
    EXPECT_EQ(r.raw.body.find("HBX"), std::string::npos);
    EXPECT_EQ(r.raw.body.find("H-77"), std::string::npos);
    EXPECT_EQ(r.body.at("suppliers").at(0).at("supplier").as_string(), "supplier-1");
  }
  auto dist = Search(Body(R"({"city":"Munich"})"), AsRole(Role::distributor_admin));
  const auto& doffer = dist.body.at("hotels").at(0).at("offers").at(0).as_object();
  EXPECT_FALSE(doffer.contains("net"));
  ASSERT_EQ(doffer.at("breakdown").as_array().size(), 1u) << "its own tier's line, not the platform's";
  EXPECT_EQ(doffer.at("breakdown").at(0).at("tier").as_string(), "distributor");
  auto staff = Search(Body(R"({"city":"Munich"})"), AsRole(Role::platform_admin));
  const auto& soffer = staff.body.at("hotels").at(0).at("offers").at(0).as_object();
  EXPECT_EQ(soffer.at("supplier").as_string(), "HBX");
  EXPECT_EQ(soffer.at("supplierHotelCode").as_string(), "H-77");
  EXPECT_EQ(soffer.at("net").at("amount").as_int64(), 10000);
  EXPECT_EQ(soffer.at("breakdown").as_array().size(), 2u);
  EXPECT_EQ(soffer.at("price").at("amount").as_int64(), 12000);
  EXPECT_EQ(staff.body.at("suppliers").at(0).at("supplier").as_string(), "HBX");
}

TEST_F(SearchTest, OfferIdOpensToTheSupplierRateForTheCallerOnly) {
  auto a = AddSupplier("HBX");
  AddHotel(1, "Munich", "DE", 48.1, 11.5, 4, {{"HBX", "H-77"}});
  a->rates["H-77"] = {MakeRate("the-token", "Double", 10000)};
  a->rates["H-77"][0].cancellation = {{kNow + 24h * 5, Money{5000, "EUR"}}};
  Build();
  auto r = Search(Body(R"({"city":"Munich"})", R"(,"currency":"USD")"));
  ASSERT_EQ(r.status, 200) << r.raw.body;
  const auto& offer = r.body.at("hotels").at(0).at("offers").at(0);
  EXPECT_EQ(offer.at("price").at("currency").as_string(), "USD");
  EXPECT_EQ(offer.at("price").at("amount").as_int64(), 12100);  // 110.00 USD + 10 %
  EXPECT_EQ(offer.at("cancellationPolicy").at(0).at("penalty").at("amount").as_int64(), 6050);
  EXPECT_EQ(offer.at("cancellationPolicy").at(0).at("penalty").at("currency").as_string(), "USD");
  auto opened = codec_->Open(std::string(offer.at("offerId").as_string()), "tnt_dist", kNow);
  ASSERT_TRUE(opened) << opened.error().detail;
  EXPECT_EQ(opened->supplier, "HBX");
  EXPECT_EQ(opened->hotel_code, "H-77");
  EXPECT_EQ(opened->rate.rate_token, "the-token");
  EXPECT_EQ(opened->rate.net, (Money{10000, "EUR"}));
  EXPECT_EQ(opened->price, (Money{12100, "USD"}));
  EXPECT_EQ(opened->master_hotel_id, HotelId(1));
  EXPECT_EQ(opened->expires_at, kNow + kOfferLifetime);
  EXPECT_EQ(codec_->Open(std::string(offer.at("offerId").as_string()), "tnt_other", kNow).error().code, Errc::not_found);
}

TEST_F(SearchTest, RepeatedSearchIsServedFromTheCachePerTenant) {
  auto a = AddSupplier("AAA");
  AddHotel(1, "Munich", "DE", 48.1, 11.5, 4, {{"AAA", "H1"}});
  a->rates["H1"] = {MakeRate("1", "Double", 10000)};
  Build();
  auto first = Search(Body(R"({"city":"Munich"})"));
  auto second = Search(Body(R"({"city":"München"})"));  // the same search, spelled otherwise
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(second.status, 200) << second.raw.body;
  EXPECT_FALSE(first.body.at("cached").as_bool());
  EXPECT_TRUE(second.body.at("cached").as_bool());
  EXPECT_EQ(first.body.at("hotels"), second.body.at("hotels"));
  EXPECT_EQ(a->calls.size(), 1u);
  EXPECT_EQ(cache_->GetStats().hits, 1u);
  EXPECT_NE(metrics_.Render().find("search_requests_total{outcome=\"cached\",cache=\"hit\"} 1"), std::string::npos)
      << metrics_.Render();
  // Another tenant (same role) never sees the first tenant's answer.
  auto other = std::make_shared<Principal>(*AsRole(Role::agent));
  other->tenant_id = "tnt_other";
  other->tenant_path = "/tnt_other/";
  auto third = Search(Body(R"({"city":"Munich"})"), other);
  EXPECT_FALSE(third.body.at("cached").as_bool());
  EXPECT_EQ(a->calls.size(), 2u);
}

TEST_F(SearchTest, CityIsFoundInAnySpellingAndCountryFilters) {
  auto a = AddSupplier("AAA");
  AddHotel(1, "München", "DE", 48.1, 11.5, 4, {{"AAA", "H1"}});
  AddHotel(2, "Paris", "FR", 48.85, 2.35, 4, {{"AAA", "H2"}});
  a->rates["H1"] = {MakeRate("1", "Double", 10000)};
  a->rates["H2"] = {MakeRate("2", "Double", 10000)};
  cache_.reset();
  Build();
  for (std::string city : {"Munich", "MUENCHEN", "münchen"}) {
    auto r = Search(Body(R"({"city":")" + city + R"("})"));
    ASSERT_EQ(r.status, 200);
    ASSERT_EQ(r.body.at("hotels").as_array().size(), 1u) << city;
    EXPECT_EQ(r.body.at("hotels").at(0).at("hotelId").as_string(), HotelId(1));
  }
  EXPECT_TRUE(Search(Body(R"({"city":"Munich","country":"FR"})")).body.at("hotels").as_array().empty());
}

TEST_F(SearchTest, RadiusAndHotelIdSearchFindTheirHotels) {
  auto a = AddSupplier("AAA");
  AddHotel(1, "Munich", "DE", 48.137, 11.575, 4, {{"AAA", "H1"}});
  AddHotel(2, "Garching", "DE", 48.249, 11.651, 3, {{"AAA", "H2"}});  // ~13.6 km away
  AddHotel(3, "Paris", "FR", 48.85, 2.35, 4, {{"AAA", "H3"}});
  for (std::string code : {"H1", "H2", "H3"}) a->rates[code] = {MakeRate(code, "Double", 10000)};
  cache_.reset();
  Build();
  auto near = Search(Body(R"({"lat":48.137,"lon":11.575,"radiusKm":5})"));
  ASSERT_EQ(near.status, 200) << near.raw.body;
  ASSERT_EQ(near.body.at("hotels").as_array().size(), 1u);
  auto wider = Search(Body(R"({"lat":48.137,"lon":11.575,"radiusKm":20})"));
  EXPECT_EQ(wider.body.at("hotels").as_array().size(), 2u);
  auto by_id = Search(Body(R"({"hotelIds":[")" + HotelId(3) + R"(",")" + HotelId(99) + R"("]})"));
  ASSERT_EQ(by_id.body.at("hotels").as_array().size(), 1u);
  EXPECT_EQ(by_id.body.at("hotels").at(0).at("hotelId").as_string(), HotelId(3));
}

}  // namespace
}  // namespace hotel::query::testing
