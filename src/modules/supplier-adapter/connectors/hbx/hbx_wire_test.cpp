// hbx-json builders and parsers on canned bodies: the protocol's shapes, and every kind of bad
// body a supplier (or a proxy in front of it) sends.
#include "modules/supplier-adapter/connectors/hbx/hbx_wire.hpp"

#include <boost/json.hpp>
#include <gtest/gtest.h>

namespace hotel::supplier::hbx {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

Date D(std::string_view s) { return *ParseDate(s); }
Instant At(std::string_view s) { return *ParseIso8601(s); }
Money Eur(std::int64_t minor) { return Money{minor, "EUR"}; }

constexpr std::string_view kAvailability = R"({
  "auditData": {"processTime": "12", "timestamp": "2026-11-25 10:00:00.000"},
  "hotels": {"hotels": [
    {"code": "HBX104233", "name": "Hotel One", "categoryCode": "4EST", "destinationName": "Rome", "currency": "EUR",
     "minRate": "205.40", "maxRate": "480.00",
     "rooms": [
       {"code": "DBL.ST", "name": "Double Standard", "rates": [
         {"rateKey": "tok-1", "rateClass": "NOR", "rateType": "BOOKABLE", "net": "205.40", "sellingRate": "246.48",
          "hotelMandatory": true, "allotment": 3, "paymentType": "AT_WEB", "boardCode": "BB", "boardName": "BED AND BREAKFAST",
          "rooms": 1, "adults": 2, "children": 1, "childrenAges": "8",
          "cancellationPolicies": [{"amount": "205.40", "from": "2026-12-01T00:00:00+01:00"},
                                   {"amount": "102.70", "from": "2026-11-29T23:59:00+01:00"}]},
         {"rateKey": "tok-2", "rateClass": "NRF", "rateType": "RECHECK", "net": "184.86", "sellingRate": "221.83",
          "hotelMandatory": false, "allotment": 1, "paymentType": "AT_HOTEL", "boardCode": "SC",
          "cancellationPolicies": [{"amount": "184.86", "from": "2026-11-25T10:00:00+01:00"}]},
         {"rateKey": "tok-3", "rateClass": "NOR", "net": "300.00", "boardCode": "ZZ"}
       ]}
     ]},
    {"code": "HBX2", "currency": "EUR", "rooms": []}
  ], "checkIn": "2026-12-01", "checkOut": "2026-12-03", "total": 2}
})";

constexpr std::string_view kBooking = R"({"booking": {
  "reference": "1-3923", "clientReference": "ord_123", "creationDate": "2026-11-25", "status": "CONFIRMED",
  "holder": {"name": "Ada", "surname": "Lovelace"},
  "hotel": {"checkIn": "2026-12-01", "checkOut": "2026-12-03", "code": "HBX104233", "name": "Hotel One",
    "rooms": [{"code": "DBL.ST", "rates": [
      {"rateClass": "NOR", "net": "100.00", "boardCode": "BB",
       "cancellationPolicies": [{"amount": "50.00", "from": "2026-11-29T23:59:00+01:00"},
                                {"amount": "100.00", "from": "2026-12-01T00:00:00+01:00"}]}]},
      {"code": "TWN.ST", "rates": [
      {"rateClass": "NRF", "net": "80.00", "boardCode": "RO",
       "cancellationPolicies": [{"amount": "80.00", "from": "2026-11-25T09:00:00Z"}]}]}],
    "totalNet": "180.00", "currency": "EUR"},
  "totalNet": "180.00", "pendingAmount": "180.00", "currency": "EUR"}})";

TEST(HbxWire, AvailabilityBodyGroupsIdenticalRoomsAsOneOccupancy) {
  SearchRequest req;
  req.hotel_codes = {"HBX1", "HBX2"};
  req.check_in = D("2026-12-01");
  req.check_out = D("2026-12-03");
  req.rooms = {{2, {8}}, {1, {}}, {2, {8}}};
  auto body = AvailabilityBody(req);
  ASSERT_TRUE(body) << body.error().detail;
  auto v = json::parse(*body).as_object();
  EXPECT_EQ(v.at("stay").at("checkIn"), "2026-12-01");
  EXPECT_EQ(v.at("stay").at("checkOut"), "2026-12-03");
  EXPECT_EQ(v.at("hotels").at("hotel"), (json::array{"HBX1", "HBX2"}));
  const auto& occ = v.at("occupancies").as_array();
  ASSERT_EQ(occ.size(), 2u);
  EXPECT_EQ(occ[0].at("rooms"), 2);
  EXPECT_EQ(occ[0].at("adults"), 2);
  EXPECT_EQ(occ[0].at("children"), 1);
  const auto& paxes = occ[0].at("paxes").as_array();
  ASSERT_EQ(paxes.size(), 3u);
  EXPECT_EQ(paxes[2].at("type"), "CH");
  EXPECT_EQ(paxes[2].at("age"), 8);
  EXPECT_EQ(occ[1].at("rooms"), 1);
  EXPECT_EQ(occ[1].at("adults"), 1);
  EXPECT_EQ(occ[1].at("children"), 0);
}

TEST(HbxWire, AvailabilityBodyRefusesWhatTheProtocolCannotCarry) {
  SearchRequest ok;
  ok.hotel_codes = {"HBX1"};
  ok.check_in = D("2026-12-01");
  ok.check_out = D("2026-12-03");
  ok.rooms = {{2, {}}};
  auto bad = ok;
  bad.check_out = bad.check_in;
  EXPECT_EQ(AvailabilityBody(bad).error().code, Errc::validation_failed);
  bad = ok;
  bad.check_out = bad.check_in + 31;
  EXPECT_EQ(AvailabilityBody(bad).error().code, Errc::validation_failed);
  bad = ok;
  bad.hotel_codes.clear();
  EXPECT_EQ(AvailabilityBody(bad).error().code, Errc::validation_failed);
  bad = ok;
  bad.rooms = {{0, {}}};
  EXPECT_EQ(AvailabilityBody(bad).error().fields.at(0).field, "rooms[0].adults");
  bad = ok;
  bad.rooms = {{2, {18}}};
  EXPECT_EQ(AvailabilityBody(bad).error().code, Errc::validation_failed);
  EXPECT_TRUE(AvailabilityBody(ok));
}

TEST(HbxWire, BookingBodyCarriesHolderPaxesPerRoomAndClientReference) {
  BookRequest req;
  req.rate_token = "tok-1";
  req.client_reference = "ord_123";
  req.guests = {{{"Ada", "Lovelace"}, {"Tom", "Lovelace", true, 8}}, {{"Bob", "Smith"}}};
  req.remark = "late arrival";
  auto body = BookingBody(req);
  ASSERT_TRUE(body) << body.error().detail;
  auto v = json::parse(*body).as_object();
  EXPECT_EQ(v.at("holder"), (json::object{{"name", "Ada"}, {"surname", "Lovelace"}}));
  EXPECT_EQ(v.at("clientReference"), "ord_123");
  EXPECT_EQ(v.at("remark"), "late arrival");
  const auto& rooms = v.at("rooms").as_array();
  ASSERT_EQ(rooms.size(), 1u);
  EXPECT_EQ(rooms[0].at("rateKey"), "tok-1");
  const auto& paxes = rooms[0].at("paxes").as_array();
  ASSERT_EQ(paxes.size(), 3u);
  EXPECT_EQ(paxes[1], (json::object{{"roomId", 1}, {"type", "CH"}, {"name", "Tom"}, {"surname", "Lovelace"}, {"age", 8}}));
  EXPECT_EQ(paxes[2].at("roomId"), 2);

  auto bad = req;
  bad.client_reference = "a b";
  EXPECT_EQ(BookingBody(bad).error().code, Errc::validation_failed);
  bad = req;
  bad.guests.clear();
  EXPECT_EQ(BookingBody(bad).error().code, Errc::validation_failed);
  bad = req;
  bad.rate_token.clear();
  EXPECT_EQ(BookingBody(bad).error().code, Errc::validation_failed);
}

TEST(HbxWire, PathsArePercentEncodedAndContentCursorsAreTheNextFrom) {
  EXPECT_EQ(BookingPath("1-3923"), "/hotel-api/1.0/bookings/1-3923");
  EXPECT_EQ(BookingPath("a/b c"), "/hotel-api/1.0/bookings/a%2Fb%20c");
  EXPECT_EQ(BookingListPath("ord&1"), "/hotel-api/1.0/bookings?clientReference=ord%261&from=1&to=25");
  EXPECT_EQ(CancelPath("1-3923", true), "/hotel-api/1.0/bookings/1-3923?cancellationFlag=SIMULATION");
  EXPECT_EQ(CancelPath("1-3923", false), "/hotel-api/1.0/bookings/1-3923?cancellationFlag=CANCELLATION");
  EXPECT_EQ(*ContentPath("", 100), "/hotel-content-api/1.0/hotels?fields=all&language=ENG&from=1&to=100");
  EXPECT_EQ(*ContentPath("201", 5000), "/hotel-content-api/1.0/hotels?fields=all&language=ENG&from=201&to=1200");
  EXPECT_EQ(ContentPath("x", 10).error().code, Errc::validation_failed);
  EXPECT_EQ(ContentPath("0", 10).error().code, Errc::validation_failed);
  EXPECT_EQ(ContentPath("-5", 10).error().code, Errc::validation_failed);
}

TEST(HbxWire, SignatureIsSha256HexOfKeySecretAndSeconds) {
  EXPECT_EQ(Signature("key", "secret", 1700000000), "278d74471a3b5267e27221967122169ad26fac349e0fb6a94779cdf050a0d038");
}

TEST(HbxWire, ParsesAvailabilityIntoCanonicalRates) {
  auto result = ParseAvailability(kAvailability);
  ASSERT_TRUE(result) << result.error().detail;
  ASSERT_EQ(result->hotels.size(), 1u);  // HBX2 has no rate
  const auto& h = result->hotels[0];
  EXPECT_EQ(h.hotel_code, "HBX104233");
  ASSERT_EQ(h.rates.size(), 2u);  // the ZZ board has no canonical board
  const auto& bb = h.rates[0];
  EXPECT_EQ(bb.rate_token, "tok-1");
  EXPECT_EQ(bb.room_code, "DBL.ST");
  EXPECT_EQ(bb.room_name, "Double Standard");
  EXPECT_EQ(bb.board, Board::kBedAndBreakfast);
  EXPECT_EQ(bb.net, Eur(20540));
  EXPECT_EQ(bb.selling_floor, Eur(24648));
  EXPECT_TRUE(bb.refundable);
  EXPECT_FALSE(bb.recheck_required);
  EXPECT_EQ(bb.rooms_left, 3);
  EXPECT_EQ(bb.payment, PaymentType::kAtWeb);
  // Sorted by deadline, read in the hotel's local time with its offset.
  ASSERT_EQ(bb.cancellation.size(), 2u);
  EXPECT_EQ(bb.cancellation[0], (CancellationPenalty{At("2026-11-29T22:59:00Z"), Eur(10270)}));
  EXPECT_EQ(bb.cancellation[1], (CancellationPenalty{At("2026-11-30T23:00:00Z"), Eur(20540)}));
  const auto& nrf = h.rates[1];
  EXPECT_EQ(nrf.board, Board::kRoomOnly);
  EXPECT_FALSE(nrf.refundable);
  EXPECT_TRUE(nrf.recheck_required);
  EXPECT_FALSE(nrf.selling_floor);  // not mandatory
  EXPECT_EQ(nrf.payment, PaymentType::kAtHotel);
}

TEST(HbxWire, AnEmptyAvailabilityAnswerHasNoHotels) {
  auto result = ParseAvailability(R"({"auditData":{},"hotels":{"total":0}})");
  ASSERT_TRUE(result) << result.error().detail;
  EXPECT_TRUE(result->hotels.empty());
}

TEST(HbxWire, ParsesTheCheckedRate) {
  auto checked = ParseCheckRates(R"({"hotel":{"code":"HBX1","currency":"EUR","rooms":[{"code":"DBL.ST","name":"Double",
    "rates":[{"rateKey":"new-tok","rateType":"BOOKABLE","net":"215.67","boardCode":"RO","allotment":2}]}]}})");
  ASSERT_TRUE(checked) << checked.error().detail;
  EXPECT_EQ(checked->hotel_code, "HBX1");
  EXPECT_EQ(checked->rate.rate_token, "new-tok");
  EXPECT_EQ(checked->rate.net, Eur(21567));
  EXPECT_EQ(ParseCheckRates(R"({"hotel":{"code":"HBX1","currency":"EUR","rooms":[]}})").error().code,
            Errc::upstream_unavailable);
}

TEST(HbxWire, ParsesABookingWithItsPolicyMergedOverRooms) {
  auto b = ParseBooking(kBooking);
  ASSERT_TRUE(b) << b.error().detail;
  EXPECT_EQ(b->supplier_reference, "1-3923");
  EXPECT_EQ(b->client_reference, "ord_123");
  EXPECT_EQ(b->status, BookingStatus::kConfirmed);
  EXPECT_EQ(b->hotel_code, "HBX104233");
  EXPECT_EQ(b->check_in, D("2026-12-01"));
  EXPECT_EQ(b->check_out, D("2026-12-03"));
  EXPECT_EQ(b->net, Eur(18000));
  EXPECT_FALSE(b->cancellation_penalty);
  // Non-refundable room: 80 from booking; +50 from the first deadline; +100 from arrival.
  ASSERT_EQ(b->cancellation.size(), 3u);
  EXPECT_EQ(b->cancellation[0], (CancellationPenalty{At("2026-11-25T09:00:00Z"), Eur(8000)}));
  EXPECT_EQ(b->cancellation[1], (CancellationPenalty{At("2026-11-29T22:59:00Z"), Eur(13000)}));
  EXPECT_EQ(b->cancellation[2], (CancellationPenalty{At("2026-11-30T23:00:00Z"), Eur(18000)}));
}

TEST(HbxWire, BookingStatusesMapOntoTheCanonicalOnes) {
  auto with_status = [](std::string_view status) {
    std::string body(kBooking);
    body.replace(body.find("CONFIRMED"), 9, status);
    return ParseBooking(body);
  };
  EXPECT_EQ(with_status("PENDING")->status, BookingStatus::kOnRequest);
  EXPECT_EQ(with_status("UNKNOWN")->status, BookingStatus::kUnknown);
  EXPECT_EQ(with_status("SOMETHING_NEW")->status, BookingStatus::kUnknown);
  std::string cancelled(kBooking);
  cancelled.replace(cancelled.find("CONFIRMED"), 9, "CANCELLED");
  cancelled.replace(cancelled.find(R"("totalNet": "180.00", "currency")"), 20, R"("totalNet": "80.00")");
  auto b = ParseBooking(cancelled);
  ASSERT_TRUE(b) << b.error().detail;
  EXPECT_EQ(b->status, BookingStatus::kCancelled);
  EXPECT_EQ(b->cancellation_penalty, Eur(8000));
  EXPECT_EQ(b->net, Eur(18000));
}

TEST(HbxWire, BookingListFindsOnlyOurClientReference) {
  const std::string list = std::string(R"({"bookings":{"from":1,"to":25,"total":1,"bookings":[)") +
                           std::string(kBooking).substr(12, std::string(kBooking).size() - 13) + "]}}";
  auto found = ParseBookingList(list, "ord_123");
  ASSERT_TRUE(found) << found.error().detail;
  ASSERT_TRUE(*found);
  EXPECT_EQ((*found)->supplier_reference, "1-3923");
  auto other = ParseBookingList(list, "ord_999");
  ASSERT_TRUE(other);
  EXPECT_FALSE(*other);
  auto empty = ParseBookingList(R"({"bookings":{"from":1,"to":0,"total":0,"bookings":[]}})", "ord_123");
  ASSERT_TRUE(empty);
  EXPECT_FALSE(*empty);
}

TEST(HbxWire, CancellationSimulationCostIsTheHotelTotalNet) {
  auto cost = ParseCancellationCost(
      R"({"booking":{"reference":"1-3923","status":"CONFIRMED","currency":"EUR","hotel":{"code":"HBX1","totalNet":"102.70"}}})");
  ASSERT_TRUE(cost) << cost.error().detail;
  EXPECT_EQ(*cost, Eur(10270));
}

TEST(HbxWire, ParsesContentPagesWithTheNextCursor) {
  auto page = ParseContent(R"({"from":1,"to":2,"total":5,"hotels":[
    {"code":"HBX1","name":{"content":"Hotel One"},"countryCode":"IT","city":{"content":"ROME"},
     "address":{"content":"Via Roma 1"},"postalCode":"00100","coordinates":{"latitude":41.9,"longitude":12.5},
     "categoryCode":"4EST","chainCode":"HILTON",
     "phones":[{"phoneNumber":"+39 06 1","phoneType":"PHONEHOTEL"},{"phoneNumber":"+39 06 2","phoneType":"PHONEBOOKING"}]},
    {"code":12345,"name":{"content":"Hotel Two"},"coordinates":{"latitude":-33,"longitude":151}}]})");
  ASSERT_TRUE(page) << page.error().detail;
  EXPECT_EQ(page->total, 5);
  EXPECT_EQ(page->next_cursor, "3");
  ASSERT_EQ(page->hotels.size(), 2u);
  const auto& h = page->hotels[0];
  EXPECT_EQ(h.code, "HBX1");
  EXPECT_EQ(h.name, "Hotel One");
  EXPECT_EQ(h.country, "IT");
  EXPECT_EQ(h.city, "ROME");
  EXPECT_EQ(h.address, "Via Roma 1");
  EXPECT_EQ(h.postcode, "00100");
  EXPECT_DOUBLE_EQ(h.lat, 41.9);
  EXPECT_DOUBLE_EQ(h.lon, 12.5);
  EXPECT_EQ(h.stars, 4);
  EXPECT_EQ(h.chain, "HILTON");
  EXPECT_EQ(h.phone, "+39 06 2");
  EXPECT_EQ(page->hotels[1].code, "12345");
  EXPECT_EQ(page->hotels[1].stars, 0);
  EXPECT_EQ(page->hotels[1].address, "");

  auto last = ParseContent(R"({"from":3,"to":5,"total":5,"hotels":[{"code":"A"},{"code":"B"},{"code":"C"}]})");
  ASSERT_TRUE(last);
  EXPECT_EQ(last->next_cursor, "");
  // A supplier whose total never comes: an empty page ends the paging.
  auto empty = ParseContent(R"({"from":6,"to":10,"total":99,"hotels":[]})");
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->next_cursor, "");
}

TEST(HbxWire, CategoriesAndBoardsMapOntoStarsAndCanonicalBoards) {
  EXPECT_EQ(StarsFromCategory("4EST"), 4);
  EXPECT_EQ(StarsFromCategory("5LUX"), 5);
  EXPECT_EQ(StarsFromCategory("3LL"), 3);
  EXPECT_EQ(StarsFromCategory(""), 0);
  EXPECT_EQ(StarsFromCategory("9EST"), 0);
  EXPECT_EQ(StarsFromCategory("HS3"), 0);
  EXPECT_EQ(BoardFromCode("RO"), Board::kRoomOnly);
  EXPECT_EQ(BoardFromCode("CB"), Board::kBedAndBreakfast);
  EXPECT_EQ(BoardFromCode("HB"), Board::kHalfBoard);
  EXPECT_EQ(BoardFromCode("FB"), Board::kFullBoard);
  EXPECT_EQ(BoardFromCode("AI"), Board::kAllInclusive);
  EXPECT_FALSE(BoardFromCode("ZZ"));
}

TEST(HbxWire, ErrorsMapOntoThePortsCodes) {
  struct Case {
    int status;
    std::string body;
    Errc expected;
  };
  const std::vector<Case> cases{
      {400, R"({"error":{"code":"INVALID_DATA","message":"rate key expired"}})", Errc::validation_failed},
      {400, R"({"error":{"code":"INVALID_REQUEST","message":"bad"}})", Errc::validation_failed},
      {409, R"({"error":{"code":"PRODUCT_NOT_AVAILABLE","message":"no room"}})", Errc::sold_out},
      {409, R"({"error":{"code":"DUPLICATED_BOOKING","message":"dup"}})", Errc::conflict},
      {409, R"({"error":{"code":"PRICE_CHANGED","message":"now 12.00"}})", Errc::price_changed},
      {404, R"({"error":{"code":"BOOKING_NOT_FOUND","message":"no"}})", Errc::not_found},
      {404, "<html>Not Found</html>", Errc::upstream_unavailable},
      {410, R"({"error":{"code":"REPEATED_FAILED_REQUEST"}})", Errc::gone},
      {500, R"({"error":{"code":"SYSTEM_ERROR","message":"oops"}})", Errc::upstream_unavailable},
      {503, "<html><body>503 Service Unavailable</body></html>", Errc::upstream_unavailable},
      {504, "Gateway Timeout", Errc::upstream_unavailable},
      {403, "Over QPS", Errc::rate_limited},
      {403, R"({"error":"Access to this API has been disallowed"})", Errc::upstream_unavailable},
      {429, "Too Many Requests", Errc::rate_limited},
      {401, R"({"error":{"code":"INVALID_CREDENTIALS","message":"bad key"}})", Errc::upstream_unavailable},
      {418, "teapot", Errc::upstream_unavailable},
  };
  for (const auto& c : cases) {
    auto e = ErrorFromResponse(c.status, c.body);
    EXPECT_EQ(e.code, c.expected) << c.status << " " << c.body << " → " << e.detail;
    EXPECT_NE(e.detail.find(std::to_string(c.status)), std::string::npos) << e.detail;
  }
  EXPECT_NE(ErrorFromResponse(403, "Over QPS", "2").detail.find("retry after 2 s"), std::string::npos);
}

// Every parser, on every kind of bad body: a typed error, a bounded detail, no crash.
TEST(HbxWire, BadBodiesAreUpstreamUnavailableWithABoundedExcerpt) {
  std::string deep(100000, '[');
  std::string huge_body = R"({"hotels":{"hotels":[)";
  const std::string one = R"({"code":"H","currency":"EUR","rooms":[{"code":"R","rates":[{"rateKey":"k","net":"1.00","boardCode":"RO"}]}]},)";
  while (huge_body.size() < 10 * 1024 * 1024 + 100) huge_body += one;
  huge_body += R"({"code":"H","currency":"EUR"}]}})";
  const std::vector<std::string> bodies{
      "",
      "garbage",
      "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
      std::string(kAvailability.substr(0, kAvailability.size() / 2)),
      std::string(kBooking.substr(0, kBooking.size() / 3)),
      R"({"hotels":"none","booking":42,"auditData":[1,2,3],"total":"many","bookings":7,"hotel":[]})",
      R"({"hotels":{"hotels":[{"code":"H","currency":"EUR","rooms":[{"code":"R","rates":[{"rateKey":"k","net":205.4,"boardCode":"RO"}]}]}]}})",
      R"({"hotels":{"hotels":[{"code":"H","currency":"EUR","rooms":[{"code":"R","rates":[{"rateKey":"k","net":"99999999999999999999999","boardCode":"RO"}]}]}]}})",
      R"({"hotels":{"hotels":[{"code":"H","currency":"EUR","rooms":[{"code":"R","rates":[{"rateKey":"k","net":"1.00","boardCode":"RO","allotment":1e400}]}]}]}})",
      R"({"hotels":{"hotels":[{"code":"H","currency":"EURO","rooms":[{"code":"R","rates":[{"rateKey":"k","net":"1.00","boardCode":"RO"}]}]}]}})",
      R"({"hotels":{"hotels":[{"code":"H","currency":"EUR","rooms":[{"code":"R","rates":[{"rateKey":"k","net":"1.00","boardCode":"RO","cancellationPolicies":[{"amount":"1.00","from":"tomorrow"}]}]}]}]}})",
      R"({"booking":{"reference":"R","status":"CONFIRMED","currency":"EUR","totalNet":"1.00","hotel":{"code":"H","checkIn":"2026-02-30","checkOut":"2026-12-03"}}})",
      R"({"booking":{"reference":"","status":"CONFIRMED","currency":"EUR","totalNet":"-1.00","hotel":{}}})",
      R"({"from":1,"to":"x","total":18446744073709551616,"hotels":[{"code":"A","coordinates":{"latitude":"north"}}]})",
      R"({"from":1,"to":2,"total":2,"hotels":[{"name":{"content":"no code"}}]})",
      R"({"from":1,"to":2,"total":2,"hotels":[1,2,3]})",
      deep,
      std::string("{\"hotels\":\xff\xfe}"),
      huge_body,
  };
  for (const auto& body : bodies) {
    const std::string label = body.substr(0, 80);
    std::vector<Error> errors;
    auto collect = [&](const auto& result) {
      if (!result) errors.push_back(result.error());
    };
    collect(ParseAvailability(body));
    collect(ParseCheckRates(body));
    collect(ParseBooking(body));
    collect(ParseBookingList(body, "ord_1"));
    collect(ParseCancellationCost(body));
    collect(ParseContent(body));
    EXPECT_EQ(errors.size(), 6u) << label;
    for (const auto& e : errors) {
      EXPECT_EQ(e.code, Errc::upstream_unavailable) << label << " → " << e.detail;
      EXPECT_LT(e.detail.size(), kMaxExcerpt + 300) << label;
    }
    const auto err = ErrorFromResponse(502, body);
    EXPECT_EQ(err.code, Errc::upstream_unavailable);
    EXPECT_LT(err.detail.size(), kMaxExcerpt + 300) << label;
  }
}

// Found by hbx_wire_fuzz: a deadline past 2262 overflowed the nanosecond Instant (UB).
TEST(HbxWire, DeadlinesBeyondWhatAnInstantHoldsAreRefused) {
  auto result = ParseAvailability(R"({"hotels":{"hotels":[{"code":"H","currency":"EUR","rooms":[{"code":"R","rates":[
    {"rateKey":"k","net":"1.00","boardCode":"RO","cancellationPolicies":[{"amount":"1.00","from":"2316-12-26T00:00:00+03:00"}]}]}]}]}})");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::upstream_unavailable);
  EXPECT_NE(result.error().detail.find("cancellationPolicies[0].from"), std::string::npos) << result.error().detail;
}

// A problem names its whole path (spelled out only when there is one).
TEST(HbxWire, ProblemsNameTheirWholePath) {
  auto result = ParseAvailability(R"({"hotels":{"hotels":[
    {"code":"H1","currency":"EUR","rooms":[{"code":"R","rates":[{"rateKey":"k","net":"1.00","boardCode":"RO"}]}]},
    {"code":"H2","currency":"EUR","rooms":[{"code":"R","rates":[{"rateKey":"k","net":"1.00","boardCode":"RO"}]},
                                           {"code":"S","rates":[{"rateKey":"k","net":"1.00","boardCode":"RO"},
                                                                {"rateKey":"k","net":"x","boardCode":"RO"}]}]}]}})");
  ASSERT_FALSE(result);
  EXPECT_NE(result.error().detail.find("hotels.hotels[1].rooms[1].rates[1].net"), std::string::npos)
      << result.error().detail;
}

TEST(HbxWire, TheTenMegabyteBodyIsRefusedBeforeParsing) {
  const std::string body(10 * 1024 * 1024, ' ');
  auto result = ParseContent(body);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, Errc::upstream_unavailable);
  EXPECT_NE(result.error().detail.find("limit"), std::string::npos) << result.error().detail;
}

}  // namespace
}  // namespace hotel::supplier::hbx
