// rapid-json builders and parsers on canned bodies: the happy paths field by field, and every
// kind of bad body a supplier sends (garbage, HTML, truncated, wrong types, missing fields,
// huge numbers, deep nesting, 10 MB), which must become a bounded upstream_unavailable.
#include "modules/supplier-adapter/connectors/rapid/rapid_wire.hpp"

#include <gtest/gtest.h>

#include <string>

namespace hotel::supplier::rapid {
namespace {

using namespace std::chrono_literals;

Date D(const char* s) { return *ParseDate(s); }
Instant T(const char* s) { return *ParseIso8601(s); }
Money M(std::int64_t minor, const char* c = "USD") { return Money{minor, c}; }

SearchRequest TwoRooms() {
  SearchRequest r;
  r.hotel_codes = {"RPD1", "RPD2"};
  r.check_in = D("2026-12-01");
  r.check_out = D("2026-12-03");
  r.rooms = {RoomOccupancy{2, {}}, RoomOccupancy{1, {5}}};
  r.currency = "USD";
  return r;
}

// Two nights, rooms "2" and "1-5": 112.00 + 123.20 = 235.20 and 89.60 + 98.56 = 188.16.
constexpr const char* kPricing = R"(
  "occupancy_pricing": {
    "2": {"nightly": [[{"type":"base_rate","value":"100.00","currency":"USD"},{"type":"tax_and_service_fee","value":"12.00","currency":"USD"}],
                      [{"type":"base_rate","value":"110.00","currency":"USD"},{"type":"tax_and_service_fee","value":"13.20","currency":"USD"}]],
          "totals": {"inclusive": {"billable_currency": {"value":"235.20","currency":"USD"}},
                     "exclusive": {"billable_currency": {"value":"210.00","currency":"USD"}},
                     "minimum_selling_price": {"billable_currency": {"value":"282.24","currency":"USD"}}}},
    "1-5": {"nightly": [[{"type":"base_rate","value":"80.00","currency":"USD"},{"type":"tax_and_service_fee","value":"9.60","currency":"USD"}],
                        [{"type":"base_rate","value":"88.00","currency":"USD"},{"type":"tax_and_service_fee","value":"10.56","currency":"USD"}]],
            "totals": {"inclusive": {"billable_currency": {"value":"188.16","currency":"USD"}},
                       "minimum_selling_price": {"billable_currency": {"value":"225.79","currency":"USD"}}}}
  })";

std::string AvailabilityBody() {
  return std::string(R"([{"property_id":"RPD1","status":"available","rooms":[{"id":"DBL.ST","room_name":"Double Standard","rates":[
    {"id":"r1","status":"available","available_rooms":3,"refundable":true,"merchant_of_record":"expedia",
     "amenities":{"free_wifi":{"id":"free_wifi","name":"Free WiFi"},"free_breakfast":{"id":"free_breakfast","name":"Free breakfast"}},
     "cancel_penalties":[{"currency":"USD","start":"2026-11-24T23:59:00.000-05:00","end":"2026-11-30T23:59:00.000-05:00","nights":"1"},
                         {"currency":"USD","start":"2026-11-30T23:59:00.000-05:00","end":"2026-12-03T00:00:00.000-05:00","percent":"100%"}],
     "bed_groups":{"37321":{"links":{"price_check":{"method":"GET","href":"/v3/properties/RPD1/rooms/DBL.ST/rates/r1?token=abc.def"}},"configuration":[]}},)") +
         kPricing + R"(},
    {"id":"r2","status":"available","available_rooms":1,"refundable":false,"merchant_of_record":"property",
     "amenities":[{"id":"half_board","name":"Half board"}],
     "nonrefundable_date_ranges":[{"start":"2026-12-01","end":"2026-12-01"}],
     "bed_groups":{"1":{"links":{"price_check":{"href":"/v3/properties/RPD1/rooms/DBL.ST/rates/r2?token=x"}}}},)" +
         kPricing + R"(},
    {"id":"r3","status":"sold_out","refundable":true,"bed_groups":{},"occupancy_pricing":{}}]}]},
  {"property_id":"RPD9","status":"partially_unavailable","rooms":[]}])";
}

TEST(RapidWire, OccupancyIsAdultsThenChildAges) {
  EXPECT_EQ(OccupancyParam(RoomOccupancy{2, {9, 4}}), "2-9,4");
  EXPECT_EQ(OccupancyParam(RoomOccupancy{1, {}}), "1");
}

TEST(RapidWire, AvailabilityTargetRepeatsOccupancyAndPropertyPerItem) {
  auto t = AvailabilityTarget(TwoRooms(), "USD");
  EXPECT_EQ(t.rfind("/v3/properties/availability?checkin=2026-12-01&checkout=2026-12-03&currency=USD", 0), 0u) << t;
  EXPECT_NE(t.find("&occupancy=2&occupancy=1-5&property_id=RPD1&property_id=RPD2"), std::string::npos) << t;
  EXPECT_NE(t.find("country_code=GB"), std::string::npos);
}

TEST(RapidWire, BigSearchesAreBatchedSoAnswersStayUnderTheCap) {
  SearchRequest small = TwoRooms();
  small.rooms = {RoomOccupancy{2, {}}};
  EXPECT_GE(PropertiesPerRequest(small), 150u);
  SearchRequest same = small;
  same.rooms.assign(8, RoomOccupancy{2, {}});  // one occupancy key however many rooms
  EXPECT_EQ(PropertiesPerRequest(same), PropertiesPerRequest(small));
  SearchRequest huge = TwoRooms();
  huge.check_out = huge.check_in + 28;
  huge.rooms.clear();
  for (int a = 1; a <= 8; ++a) huge.rooms.push_back(RoomOccupancy{a, {}});
  EXPECT_GE(PropertiesPerRequest(huge), 1u);
  EXPECT_LT(PropertiesPerRequest(huge), 20u);
}

TEST(RapidWire, AuthorizationSignsKeySecretAndTimestampWithSha512) {
  EXPECT_EQ(AuthorizationHeader("key", "secret", 1700000000),
            "EAN APIKey=key,Signature=62e832680df40233f927f57fd973bd38e395f7e5ed3ca1fb7441fbb3b5c0973d808388fa8587ff2be50d"
            "243b21f102b0ca125cd2559fb52b64056c0ac53c09f7,timestamp=1700000000");
}

TEST(RapidWire, RapidPathsAreRelativeAndStayOnTheSupplier) {
  EXPECT_TRUE(IsRapidPath("/v3/itineraries?token=a"));
  EXPECT_FALSE(IsRapidPath("https://evil.example/v3/itineraries"));
  EXPECT_FALSE(IsRapidPath("//evil.example/v3/"));
  EXPECT_FALSE(IsRapidPath("/v3/../admin"));
  EXPECT_FALSE(IsRapidPath("/v3/a b"));
  EXPECT_FALSE(IsRapidPath("/v3/properties/x", "/v3/itineraries"));
}

TEST(RapidWire, ItineraryBodyNamesEveryRoomAndRefusesReferencesRapidWouldRefuse) {
  BookRequest b;
  b.client_reference = "ord_123";
  b.rooms = {RoomOccupancy{2, {}}, RoomOccupancy{1, {}}};
  b.guests = {{Guest{"Ada", "Lovelace"}}, {}};
  b.hold_only = true;
  b.remark = "late arrival";
  auto body = ItineraryBody(b, kBookingEmail);
  ASSERT_TRUE(body);
  EXPECT_NE(body->find(R"("affiliate_reference_id":"ord_123")"), std::string::npos);
  EXPECT_NE(body->find(R"("hold":true)"), std::string::npos);
  EXPECT_NE(body->find(R"("special_request":"late arrival")"), std::string::npos);
  // The second room has no guest of its own: the lead guest's name.
  EXPECT_NE(body->find(R"({"given_name":"Ada","family_name":"Lovelace","smoking":false}])"), std::string::npos) << *body;

  b.client_reference = "ab";
  EXPECT_EQ(ItineraryBody(b, kBookingEmail).error().code, Errc::validation_failed);
  b.client_reference = "this-reference-is-far-too-long-for-rapid";
  EXPECT_EQ(ItineraryBody(b, kBookingEmail).error().code, Errc::validation_failed);
  b.client_reference = "has space";
  EXPECT_EQ(ItineraryBody(b, kBookingEmail).error().code, Errc::validation_failed);
  b.client_reference = "ord_1";
  b.guests.clear();
  EXPECT_EQ(ItineraryBody(b, kBookingEmail).error().code, Errc::validation_failed);
}

TEST(RapidWire, AvailabilitySumsEveryRoomsOccupancyPricing) {
  auto r = ParseAvailability(AvailabilityBody(), TwoRooms());
  ASSERT_TRUE(r) << r.error().detail;
  ASSERT_EQ(r->hotels.size(), 1u);  // RPD9 is not available
  const auto& offers = r->hotels[0];
  EXPECT_EQ(offers.hotel_code, "RPD1");
  ASSERT_EQ(offers.rates.size(), 2u);  // r3 is sold out
  const Rate& a = offers.rates[0];
  EXPECT_EQ(a.rate_token, "/v3/properties/RPD1/rooms/DBL.ST/rates/r1?token=abc.def");
  EXPECT_EQ(a.room_code, "DBL.ST");
  EXPECT_EQ(a.room_name, "Double Standard");
  EXPECT_EQ(a.board, Board::kBedAndBreakfast);
  EXPECT_EQ(a.net, M(42336));
  ASSERT_TRUE(a.selling_floor);
  EXPECT_EQ(*a.selling_floor, M(50803));
  EXPECT_TRUE(a.refundable);
  EXPECT_EQ(a.rooms_left, 3);
  EXPECT_TRUE(a.recheck_required);
  EXPECT_EQ(a.payment, PaymentType::kAtWeb);
  // nights "1": the first night of both rooms; then 100 %.
  ASSERT_EQ(a.cancellation.size(), 2u);
  EXPECT_EQ(a.cancellation[0].from, T("2026-11-25T04:59:00Z"));
  EXPECT_EQ(a.cancellation[0].penalty, M(20160));
  EXPECT_EQ(a.cancellation[1].from, T("2026-12-01T04:59:00Z"));
  EXPECT_EQ(a.cancellation[1].penalty, M(42336));

  const Rate& b = offers.rates[1];
  EXPECT_EQ(b.board, Board::kHalfBoard);
  EXPECT_FALSE(b.refundable);
  EXPECT_EQ(b.payment, PaymentType::kAtHotel);
  // The non-refundable first night is charged from the start.
  ASSERT_EQ(b.cancellation.size(), 1u);
  EXPECT_EQ(b.cancellation[0].from, Instant{});
  EXPECT_EQ(b.cancellation[0].penalty, M(20160));
}

TEST(RapidWire, AvailabilityAmountPenaltyAndNoAvailability) {
  SearchRequest one = TwoRooms();
  one.rooms = {RoomOccupancy{2, {}}};
  std::string body = R"([{"property_id":"RPD1","rooms":[{"id":"R","rates":[{"refundable":true,
    "cancel_penalties":[{"currency":"USD","start":"2026-11-29T23:59:00","amount":"102.70"}],
    "bed_groups":{"1":{"links":{"price_check":{"href":"/v3/properties/RPD1/rooms/R/rates/1?token=t"}}}},
    "occupancy_pricing":{"2":{"totals":{"inclusive":{"billable_currency":{"value":"235.20","currency":"USD"}}}}}}]}]}])";
  auto r = ParseAvailability(body, one);
  ASSERT_TRUE(r) << r.error().detail;
  const Rate& rate = r->hotels.at(0).rates.at(0);
  EXPECT_EQ(rate.board, Board::kRoomOnly);
  EXPECT_EQ(rate.rooms_left, -1);
  EXPECT_FALSE(rate.selling_floor);
  // No offset: read as the earliest instant the local time can be (UTC+14).
  ASSERT_EQ(rate.cancellation.size(), 1u);
  EXPECT_EQ(rate.cancellation[0].from, T("2026-11-29T09:59:00Z"));
  EXPECT_EQ(rate.cancellation[0].penalty, M(10270));

  auto empty = ParseAvailability("[]", one);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->hotels.empty());
}

// Every bad body gives upstream_unavailable, names the problem and quotes a bounded excerpt.
void ExpectBad(const Result<SearchResult>& r, std::string_view needle = {}) {
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::upstream_unavailable);
  EXPECT_LE(r.error().detail.size(), kMaxExcerpt + 200) << r.error().detail.substr(0, 400);
  if (!needle.empty()) EXPECT_NE(r.error().detail.find(needle), std::string::npos) << r.error().detail;
}

TEST(RapidWire, BadAvailabilityBodiesAreTypedErrors) {
  const auto req = TwoRooms();
  ExpectBad(ParseAvailability("", req), "unparseable");
  ExpectBad(ParseAvailability("garbage \x01\x02 not json", req), "unparseable");
  ExpectBad(ParseAvailability("<html><body>502 Bad Gateway</body></html>", req), "502 Bad Gateway");
  const auto good = AvailabilityBody();
  ExpectBad(ParseAvailability(good.substr(0, good.size() / 2), req), "unparseable");
  ExpectBad(ParseAvailability(R"({"hotels":"none","booking":42})", req), "expected an array");
  ExpectBad(ParseAvailability(R"([42])", req), "[0]: expected an object");
  ExpectBad(ParseAvailability(R"([{"property_id":7,"rooms":[]}])", req), "property_id: expected a string");
  ExpectBad(ParseAvailability(R"([{"property_id":"A"}])", req), "rooms: missing");
  // A rate missing one room's occupancy cannot be priced.
  std::string missing = good;
  missing.replace(missing.find(R"("1-5": {)"), 8, R"("1-6": {)");
  ExpectBad(ParseAvailability(missing, req), "occupancy_pricing.1-5: missing");
  // Money as a number, not a decimal string.
  std::string number = good;
  number.replace(number.find(R"("value":"235.20")"), 16, R"("value":235.20)");
  ExpectBad(ParseAvailability(number, req), "decimal string");
  std::string huge = good;
  huge.replace(huge.find(R"("value":"235.20")"), 16, R"("value":"99999999999999999999999.99")");
  ExpectBad(ParseAvailability(huge, req), "not an amount");
  std::string rooms_left = good;
  rooms_left.replace(rooms_left.find(R"("available_rooms":3)"), 19, R"("available_rooms":1e300)");
  ExpectBad(ParseAvailability(rooms_left, req), "available_rooms");
  std::string big_int = good;
  big_int.replace(big_int.find(R"("available_rooms":3)"), 19, R"("available_rooms":18446744073709551615)");
  ExpectBad(ParseAvailability(big_int, req), "available_rooms");
  std::string bad_href = good;
  bad_href.replace(bad_href.find(R"("/v3/properties/RPD1/rooms/DBL.ST/rates/r1)"), 12, R"("https://x/v3)");
  ExpectBad(ParseAvailability(bad_href, req), "price_check");
  std::string two_forms = good;
  two_forms.replace(two_forms.find(R"("nights":"1")"), 12, R"("nights":"1","amount":"1.00")");
  ExpectBad(ParseAvailability(two_forms, req), "exactly one");
  std::string too_many_nights = good;
  too_many_nights.replace(too_many_nights.find(R"("nights":"1")"), 12, R"("nights":"5")");
  ExpectBad(ParseAvailability(too_many_nights, req), "more nights");
  std::string percent = good;
  percent.replace(percent.find(R"("percent":"100%")"), 16, R"("percent":"250%")");
  ExpectBad(ParseAvailability(percent, req), "percentage");
  std::string deadline = good;
  deadline.replace(deadline.find("2026-11-24T23:59:00.000-05:00"), 29, "yesterday");
  ExpectBad(ParseAvailability(deadline, req), "not a date-time");
  ExpectBad(ParseAvailability(std::string(100000, '[') + std::string(100000, ']'), req), "unparseable");
  ExpectBad(ParseAvailability(R"([{"property_id":"A","rooms":[{"id":"R","rates":[1e999999]}]}])", req));
}

TEST(RapidWire, TenMegabyteBodyIsRefusedUnparsed) {
  std::string body = "[" + std::string(10 * 1024 * 1024, ' ') + "]";
  ExpectBad(ParseAvailability(body, TwoRooms()), "limit");
  auto content = ParseContent(body, "", "");
  ASSERT_FALSE(content);
  EXPECT_EQ(content.error().code, Errc::upstream_unavailable);
}

QuoteRequest QuoteOf(const SearchRequest& s) {
  QuoteRequest q;
  q.hotel_code = "RPD1";
  q.rate_token = "/v3/properties/RPD1/rooms/DBL.ST/rates/r1?token=abc.def";
  q.check_in = s.check_in;
  q.check_out = s.check_out;
  q.rooms = s.rooms;
  return q;
}

std::string PriceCheck(std::string_view status) {
  return std::string(R"({"status":")") + std::string(status) + R"(",)" + kPricing +
         R"(,"links":{"book":{"method":"POST","href":"/v3/itineraries?token=new.tok"}},"refundable":true,
            "amenities":{"all_inclusive":{"id":"all_inclusive"}},
            "cancel_penalties":[{"currency":"USD","start":"2026-11-30T23:59:00.000-05:00","amount":"50.00"}]})";
}

TEST(RapidWire, PriceCheckGivesTheBookLinkAndTheAuthoritativePrice) {
  auto q = ParsePriceCheck(PriceCheck("available"), QuoteOf(TwoRooms()));
  ASSERT_TRUE(q) << q.error().detail;
  EXPECT_EQ(q->status, QuoteStatus::kAvailable);
  EXPECT_EQ(q->rate.rate_token, "/v3/itineraries?token=new.tok");
  EXPECT_EQ(q->rate.room_code, "DBL.ST");
  EXPECT_EQ(q->rate.net, M(42336));
  EXPECT_EQ(q->rate.board, Board::kAllInclusive);
  EXPECT_FALSE(q->rate.recheck_required);
  ASSERT_EQ(q->rate.cancellation.size(), 1u);
  EXPECT_EQ(q->rate.cancellation[0].penalty, M(5000));

  auto changed = ParsePriceCheck(PriceCheck("price_changed"), QuoteOf(TwoRooms()));
  ASSERT_TRUE(changed);
  EXPECT_EQ(changed->status, QuoteStatus::kPriceChanged);

  // "available" at a price the caller did not see is still a change for the caller.
  auto req = QuoteOf(TwoRooms());
  req.expected_net = M(40000);
  EXPECT_EQ(ParsePriceCheck(PriceCheck("available"), req)->status, QuoteStatus::kPriceChanged);

  auto sold = ParsePriceCheck(R"({"status":"sold_out","links":{"shop":{"method":"GET","href":"/v3/properties/availability?x"}}})",
                              QuoteOf(TwoRooms()));
  ASSERT_TRUE(sold);
  EXPECT_EQ(sold->status, QuoteStatus::kSoldOut);
  EXPECT_TRUE(sold->rate.rate_token.empty());
}

TEST(RapidWire, BadPriceChecksAreTypedErrors) {
  const auto req = QuoteOf(TwoRooms());
  for (std::string body : {std::string("nope"), std::string("[]"), std::string(R"({"status":"maybe"})"),
                           std::string(R"({"status":"available"})"), std::string(R"({"status":1})"),
                           PriceCheck("available").substr(0, 300)}) {
    auto q = ParsePriceCheck(body, req);
    ASSERT_FALSE(q) << body;
    EXPECT_EQ(q.error().code, Errc::upstream_unavailable) << body;
  }
  std::string foreign = PriceCheck("available");
  foreign.replace(foreign.find("/v3/itineraries?token=new.tok"), 3, "http://x");
  EXPECT_FALSE(ParsePriceCheck(foreign, req));
}

TEST(RapidWire, ItineraryCreationAnswer) {
  auto c = ParseItineraryCreated(R"({"itinerary_id":"8955599932111","links":{
      "retrieve":{"method":"GET","href":"/v3/itineraries/8955599932111?token=T"},
      "resume":{"method":"PUT","href":"/v3/itineraries/8955599932111?token=T"},
      "cancel":{"method":"DELETE","href":"/v3/itineraries/8955599932111?token=T"}}})");
  ASSERT_TRUE(c) << c.error().detail;
  EXPECT_EQ(c->itinerary_id, "8955599932111");
  EXPECT_EQ(c->retrieve_href, "/v3/itineraries/8955599932111?token=T");
  EXPECT_EQ(c->resume_href, c->retrieve_href);
  EXPECT_FALSE(ParseItineraryCreated(R"({"itinerary_id":"1"})"));
  EXPECT_FALSE(ParseItineraryCreated(R"({"itinerary_id":"","links":{"retrieve":{"href":"/v3/itineraries/1"}}})"));
  EXPECT_FALSE(ParseItineraryCreated(R"({"itinerary_id":1,"links":{"retrieve":{"href":"/v3/itineraries/1"}}})"));
}

std::string Room(std::string_view id, std::string_view status, std::string_view total, std::string_view refund) {
  return std::string(R"({"id":")") + std::string(id) + R"(","confirmation_id":{"expedia":"E1","property":"P1"},"status":")" +
         std::string(status) + R"(","checkin":"2026-12-01","checkout":"2026-12-03","given_name":"Ada","family_name":"L",
         "rate":{"id":"r1","refundable":true,"cancel_refund":{"amount":")" + std::string(refund) + R"(","currency":"USD"},
           "cancel_penalties":[{"currency":"USD","start":"2026-11-30T23:59:00.000-05:00","amount":"10.01"}],
           "pricing":{"nightly":[[{"type":"base_rate","value":"50.00","currency":"USD"}],[{"type":"base_rate","value":"50.00","currency":"USD"}]],
                      "totals":{"inclusive":{"billable_currency":{"value":")" + std::string(total) + R"(","currency":"USD"}}}}},
         "links":{"cancel":{"method":"DELETE","href":"/v3/itineraries/I1/rooms/)" + std::string(id) + R"(?token=T"}}})";
}

std::string ItineraryJson(std::string_view s1, std::string_view s2, std::string_view refund = "100.00") {
  return R"({"itinerary_id":"I1","affiliate_reference_id":"ord_1","property_id":"RPD1","creation_date_time":"2026-11-01T10:00:00.000Z","rooms":[)" +
         Room("R1", s1, "100.00", refund) + "," + Room("R2", s2, "100.00", refund) + "]}";
}

TEST(RapidWire, ItinerarySumsRoomsAndMergesTheirPolicies) {
  auto it = ParseItinerary(ItineraryJson("booked", "booked"));
  ASSERT_TRUE(it) << it.error().detail;
  const Booking& b = it->booking;
  EXPECT_EQ(b.supplier_reference, "I1");
  EXPECT_EQ(b.client_reference, "ord_1");
  EXPECT_EQ(b.hotel_code, "RPD1");
  EXPECT_EQ(b.status, BookingStatus::kConfirmed);
  EXPECT_EQ(b.check_in, D("2026-12-01"));
  EXPECT_EQ(b.check_out, D("2026-12-03"));
  EXPECT_EQ(b.net, M(20000));
  ASSERT_EQ(b.cancellation.size(), 1u);
  EXPECT_EQ(b.cancellation[0].penalty, M(2002));
  ASSERT_EQ(it->rooms.size(), 2u);
  EXPECT_EQ(it->rooms[1].cancel_href, "/v3/itineraries/I1/rooms/R2?token=T");
  EXPECT_FALSE(b.cancellation_penalty);

  EXPECT_EQ(ParseItinerary(ItineraryJson("pending", "booked"))->booking.status, BookingStatus::kOnRequest);
  EXPECT_EQ(ParseItinerary(ItineraryJson("on_hold", "on_hold"))->booking.status, BookingStatus::kHeld);
  EXPECT_EQ(ParseItinerary(ItineraryJson("booked", "canceled"))->booking.status, BookingStatus::kConfirmed);
  EXPECT_EQ(ParseItinerary(ItineraryJson("weird", "weird"))->booking.status, BookingStatus::kUnknown);
  auto cancelled = ParseItinerary(ItineraryJson("canceled", "canceled", "90.00"));
  ASSERT_TRUE(cancelled);
  EXPECT_EQ(cancelled->booking.status, BookingStatus::kCancelled);
  ASSERT_TRUE(cancelled->booking.cancellation_penalty);
  EXPECT_EQ(*cancelled->booking.cancellation_penalty, M(2000));  // 200.00 − 2 × 90.00
}

TEST(RapidWire, ItineraryListIsAnArrayOrOneObject) {
  auto list = ParseItineraryList("[" + ItineraryJson("booked", "booked") + "]");
  ASSERT_TRUE(list) << list.error().detail;
  EXPECT_EQ(list->size(), 1u);
  EXPECT_EQ(ParseItineraryList(ItineraryJson("booked", "booked"))->size(), 1u);
  EXPECT_TRUE(ParseItineraryList("[]")->empty());
  EXPECT_FALSE(ParseItineraryList(R"([{"itinerary_id":"I1","rooms":[]}])"));
  EXPECT_FALSE(ParseItineraryList(R"("I1")"));
  std::string bad_date = ItineraryJson("booked", "booked");
  bad_date.replace(bad_date.find("2026-12-03"), 10, "2026-11-03");
  EXPECT_FALSE(ParseItinerary(bad_date));
}

TEST(RapidWire, ContentPageWithNextLinkAndTotal) {
  const char* body = R"({
    "RPD1":{"property_id":"RPD1","name":"Grand Hotel","address":{"line_1":"1 Main St","line_2":"Floor 2","city":"Paris","postal_code":"75001","country_code":"FR"},
            "location":{"coordinates":{"latitude":48.8566,"longitude":2.3522}},"phone":"+33 1 23","ratings":{"property":{"rating":"4.5","type":"Star"}},
            "chain":{"id":"1","name":"Accor"},"brand":{"id":"2","name":"Novotel"}},
    "RPD2":{"name":"Tiny Inn","location":{"coordinates":{"latitude":-33,"longitude":151}}}})";
  auto page = ParseContent(body, R"(<https://api.example/v3/properties/content?token=c%2B2&limit=2>; rel="next")", "1234");
  ASSERT_TRUE(page) << page.error().detail;
  ASSERT_EQ(page->hotels.size(), 2u);
  const auto& h = page->hotels[0];
  EXPECT_EQ(h.code, "RPD1");
  EXPECT_EQ(h.name, "Grand Hotel");
  EXPECT_EQ(h.address, "1 Main St, Floor 2");
  EXPECT_EQ(h.city, "Paris");
  EXPECT_EQ(h.postcode, "75001");
  EXPECT_EQ(h.country, "FR");
  EXPECT_DOUBLE_EQ(h.lat, 48.8566);
  EXPECT_DOUBLE_EQ(h.lon, 2.3522);
  EXPECT_EQ(h.stars, 4);
  EXPECT_EQ(h.chain, "Accor");
  EXPECT_EQ(page->hotels[1].code, "RPD2");
  EXPECT_EQ(page->hotels[1].lon, 151);
  EXPECT_EQ(page->next_cursor, "c+2");
  EXPECT_EQ(page->total, 1234);

  auto last = ParseContent("{}", R"(<https://x/v3/properties/content?token=p>; rel="prev")", "");
  ASSERT_TRUE(last);
  EXPECT_TRUE(last->next_cursor.empty());
  EXPECT_EQ(last->total, -1);
  EXPECT_FALSE(ParseContent(R"({"RPD1":{"name":5}})", "", ""));
  EXPECT_FALSE(ParseContent(R"({"RPD1":{"name":"A","location":{"coordinates":{"latitude":"north"}}}})", "", ""));
  EXPECT_FALSE(ParseContent(R"({"RPD1":{"name":"A","ratings":{"property":{"rating":"nine"}}}})", "", ""));
  EXPECT_FALSE(ParseContent("[]", "", ""));
}

TEST(RapidWire, ErrorStatusesMapToThePortsCodes) {
  EXPECT_EQ(ErrorFromResponse(429, "", "2", false).code, Errc::rate_limited);
  EXPECT_NE(ErrorFromResponse(429, "", "2", false).detail.find("retry after 2000 ms"), std::string::npos);
  EXPECT_EQ(ErrorFromResponse(403, "Over QPS", "", false).code, Errc::rate_limited);
  EXPECT_EQ(ErrorFromResponse(401, R"({"type":"request_unauthenticated","message":"bad key"})", "", false).code,
            Errc::upstream_unavailable);
  auto invalid = ErrorFromResponse(
      400, R"({"type":"invalid_input","message":"bad checkin","fields":[{"name":"checkin","type":"querystring","value":"x"}]})",
      "", false);
  EXPECT_EQ(invalid.code, Errc::validation_failed);
  ASSERT_EQ(invalid.fields.size(), 1u);
  EXPECT_EQ(invalid.fields[0].field, "checkin");
  EXPECT_EQ(ErrorFromResponse(404, R"({"type":"resource_not_found"})", "", true).code, Errc::not_found);
  EXPECT_EQ(ErrorFromResponse(404, R"({"type":"resource_not_found"})", "", false).code, Errc::validation_failed);
  EXPECT_EQ(ErrorFromResponse(409, R"({"type":"duplicate_itinerary"})", "", false).code, Errc::conflict);
  EXPECT_EQ(ErrorFromResponse(409, R"({"type":"rooms_unavailable"})", "", false).code, Errc::sold_out);
  EXPECT_EQ(ErrorFromResponse(409, R"({"type":"price_mismatch"})", "", false).code, Errc::price_changed);
  EXPECT_EQ(ErrorFromResponse(410, R"({"type":"hold_expired"})", "", true).code, Errc::gone);
  EXPECT_EQ(ErrorFromResponse(500, "", "", false).code, Errc::upstream_unavailable);
  auto html = ErrorFromResponse(503, "<html>" + std::string(5000, 'x') + "</html>", "", false);
  EXPECT_EQ(html.code, Errc::upstream_unavailable);
  EXPECT_LT(html.detail.size(), kMaxExcerpt + 100);
  auto long_message = ErrorFromResponse(400, R"({"type":"invalid_input","message":")" + std::string(100000, 'm') + "\"}", "", false);
  EXPECT_LT(long_message.detail.size(), kMaxExcerpt + 100);
}

// A problem names where it is, spelled out from the walk's path only when there is one.
TEST(RapidWire, ProblemsNameTheirWholePath) {
  auto r = ParseAvailability(R"([{"property_id":"P1","status":"available","rooms":[
    {"id":"R1","rates":[]},
    {"id":"R2","rates":[{"status":"available","refundable":"yes"}]}]}])",
                             TwoRooms());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().detail.find("[0].rooms[1].rates[0].refundable: expected a boolean"), std::string::npos)
      << r.error().detail;
  auto page = ParseContent(R"({"P9":{"name":"H","location":{"coordinates":{"latitude":"north"}}}})", "", "");
  ASSERT_FALSE(page);
  EXPECT_NE(page.error().detail.find("P9.location.coordinates.latitude: expected a number"), std::string::npos)
      << page.error().detail;
}

TEST(RapidWire, PenaltyAtIsThePointReachedLast) {
  std::vector<CancellationPenalty> a{{T("2026-11-01T00:00:00Z"), M(100)}, {T("2026-11-10T00:00:00Z"), M(1000)}};
  EXPECT_EQ(PenaltyAt(a, T("2026-10-01T00:00:00Z"), "USD"), M(0));
  EXPECT_EQ(PenaltyAt(a, T("2026-11-01T00:00:00Z"), "USD"), M(100));
  EXPECT_EQ(PenaltyAt(a, T("2026-12-01T00:00:00Z"), "USD"), M(1000));
}

}  // namespace
}  // namespace hotel::supplier::rapid
