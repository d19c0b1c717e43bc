// The ota-xml simulator over raw HTTP: what the connector never sends (foreign bodies, other
// roots, entities, single-phase Commit, Ignore, implied decimals, limits) and the live
// single-hotel availability that implements re-check scenarios.
#include "supplier-sim/core/sim_core.hpp"
#include "support/test_support.hpp"

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <string>

namespace hotel::sim {
namespace {

using testing::HttpCall;
using testing::HttpResult;

constexpr std::string_view kOpen = R"(<?xml version="1.0"?>)";
constexpr std::string_view kNs = R"(xmlns="http://www.opentravel.org/OTA/2003/05")";

Instant At(const char* date) {
  return Instant(std::chrono::duration_cast<Instant::duration>(std::chrono::days(ParseDate(date)->days))) +
         std::chrono::hours(10);
}

std::string Pos(std::string_view key = "k") {
  return "<POS><Source><RequestorID ID=\"" + std::string(key) + "\" MessagePassword=\"pw\"/></Source></POS>";
}

std::string AvailRQ(const std::vector<std::string>& hotels, std::string_view guests = R"(<GuestCount AgeQualifyingCode="10" Count="2"/>)") {
  std::string criteria;
  for (const auto& h : hotels) criteria += "<Criterion><HotelRef HotelCode=\"" + h + "\"/></Criterion>";
  return std::string(kOpen) + "<OTA_HotelAvailRQ " + std::string(kNs) + ">" + Pos() +
         "<AvailRequestSegments><AvailRequestSegment><StayDateRange Start=\"2026-12-01\" End=\"2026-12-03\"/>"
         "<RoomStayCandidates><RoomStayCandidate Quantity=\"1\"><GuestCounts>" +
         std::string(guests) + "</GuestCounts></RoomStayCandidate></RoomStayCandidates><HotelSearchCriteria>" + criteria +
         "</HotelSearchCriteria></AvailRequestSegment></AvailRequestSegments></OTA_HotelAvailRQ>";
}

std::string ResRQ(std::string_view status, std::string_view booking_code, std::string_view client_ref,
                  std::string_view total = "", std::string_view supplier_ref = "") {
  std::string ids;
  if (!supplier_ref.empty()) ids += "<HotelReservationID ResID_Type=\"14\" ResID_Value=\"" + std::string(supplier_ref) + "\"/>";
  if (!client_ref.empty()) ids += "<HotelReservationID ResID_Type=\"16\" ResID_Value=\"" + std::string(client_ref) + "\"/>";
  std::string stay;
  if (!booking_code.empty()) {
    stay = "<RoomStays><RoomStay><RoomRates><RoomRate BookingCode=\"" + std::string(booking_code) + "\"/></RoomRates>" +
           std::string(total) + "</RoomStay></RoomStays>";
  }
  return std::string(kOpen) + "<OTA_HotelResRQ " + std::string(kNs) + " ResStatus=\"" + std::string(status) + "\">" +
         Pos() + "<HotelReservations><HotelReservation>" + stay +
         "<ResGuests><ResGuest><Profiles><ProfileInfo><Profile><Customer><PersonName><GivenName>Ann</GivenName>"
         "<Surname>Lee</Surname></PersonName></Customer></Profile></ProfileInfo></Profiles></ResGuest></ResGuests>"
         "<ResGlobalInfo><HotelReservationIDs>" +
         ids + "</HotelReservationIDs></ResGlobalInfo></HotelReservation></HotelReservations></OTA_HotelResRQ>";
}

class OtaSimTest : public ::testing::Test {
 protected:
  OtaSimTest() : clock_(At("2026-11-20")) { Start({}); }
  void Start(SimOptions o) {
    o.protocol = "ota-xml";
    o.hotels = 200;
    server_.reset();
    server_ = std::make_unique<SimServer>(std::move(o), &clock_);
  }
  HttpResult Post(std::string_view message, const std::string& body, const std::string& scenario = {}) {
    std::vector<std::pair<std::string, std::string>> headers{{"Content-Type", "text/xml"}};
    if (!scenario.empty()) headers.emplace_back("X-Sim-Scenario", scenario);
    return HttpCall(server_->port(), "POST", "/ota/" + std::string(message), body, headers);
  }
  // Parses an answer; fails the test unless it is XML.
  pugi::xml_node Load(const HttpResult& r) {
    EXPECT_TRUE(doc_.load_string(r.body.c_str())) << r.body.substr(0, 300);
    return doc_.document_element();
  }
  std::string ErrorCode(const HttpResult& r) {
    EXPECT_EQ(r.status, 200) << "OTA errors come in a 200";
    return Load(r).child("Errors").child("Error").attribute("Code").value();
  }
  // A bookable rate: {hotel, BookingCode, Total text} from a multi-hotel search.
  std::tuple<std::string, std::string, std::string> Bookable() {
    std::vector<std::string> codes;
    for (std::size_t i = 0; i < 40; ++i) codes.push_back(server_->core().Hotels()[i].code);
    pugi::xml_node root = Load(Post("OTA_HotelAvailRQ", AvailRQ(codes)));
    for (pugi::xml_node stay : root.child("RoomStays").children("RoomStay")) {
      for (pugi::xml_node rr : stay.child("RoomRates").children("RoomRate")) {
        if (std::stoi(rr.attribute("NumberOfUnits").value()) >= 2) {
          return {stay.child("BasicPropertyInfo").attribute("HotelCode").value(), rr.attribute("BookingCode").value(),
                  rr.child("Total").attribute("AmountAfterTax").value()};
        }
      }
    }
    ADD_FAILURE() << "nothing bookable";
    return {};
  }

  ManualClock clock_;
  std::unique_ptr<SimServer> server_;
  pugi::xml_document doc_;
};

TEST_F(OtaSimTest, ForeignBodiesGetOtaErrorsAndUnknownMessagesA404) {
  EXPECT_EQ(ErrorCode(Post("OTA_HotelAvailRQ", "not xml at all")), "320");
  EXPECT_EQ(ErrorCode(Post("OTA_HotelAvailRQ", R"({"hotels":[]})")), "320");
  EXPECT_EQ(ErrorCode(Post("OTA_HotelAvailRQ", std::string(kOpen) + "<OTA_ReadRQ " + std::string(kNs) + "/>")), "320");
  EXPECT_EQ(ErrorCode(Post("OTA_HotelAvailRQ", R"(<OTA_HotelAvailRQ xmlns="urn:other"/>)")), "320");
  EXPECT_EQ(ErrorCode(Post("OTA_HotelAvailRQ", std::string(kOpen) + "<OTA_HotelAvailRQ " + std::string(kNs) + "/>")), "321");
  auto r = Post("OTA_Nonsense", AvailRQ({"OTA1"}));
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.Header("content-type").find("text/xml"), std::string::npos);
}

TEST_F(OtaSimTest, ExternalEntitiesAreNotExpanded) {
  std::string body = AvailRQ({"&xxe;", "OTA-none"});
  body.insert(kOpen.size(), R"(<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>)");
  auto r = Post("OTA_HotelAvailRQ", body);
  ASSERT_EQ(r.status, 200);
  pugi::xml_node root = Load(r);
  ASSERT_TRUE(root.child("Success"));
  EXPECT_STREQ(root.child("Warnings").child("Warning").attribute("ShortText").value(), "Invalid hotel code: &xxe;");
  EXPECT_EQ(r.body.find("root:"), std::string::npos);
}

TEST_F(OtaSimTest, RequestLimitsAndMissingFields) {
  std::vector<std::string> many(251, "OTA1");
  EXPECT_EQ(ErrorCode(Post("OTA_HotelAvailRQ", AvailRQ(many))), "320");
  EXPECT_EQ(ErrorCode(Post("OTA_HotelAvailRQ", AvailRQ({"OTA1"}, R"(<GuestCount AgeQualifyingCode="8" Count="1"/>)"))), "321");
  EXPECT_EQ(ErrorCode(Post("OTA_HotelAvailRQ", AvailRQ({"OTA1"}, R"(<GuestCount AgeQualifyingCode="10" Count="x"/>)"))), "320");
  EXPECT_EQ(ErrorCode(Post("OTA_HotelResRQ", ResRQ("Initiate", "", "ord_1"))), "321");
  EXPECT_EQ(ErrorCode(Post("OTA_HotelResRQ", ResRQ("Modify", "tok", "ord_1"))), "320");
}

TEST_F(OtaSimTest, WrongCredentialsAreError497InA200) {
  SimOptions o;
  o.api_key = "right";
  Start(o);
  std::string body = AvailRQ({server_->core().Hotels()[0].code});
  EXPECT_EQ(ErrorCode(Post("OTA_HotelAvailRQ", body)), "497");
  EXPECT_STREQ(doc_.document_element().child("Errors").child("Error").attribute("Type").value(), "4");
  body.replace(body.find("ID=\"k\""), 6, "ID=\"right\"");
  auto ok = Post("OTA_HotelAvailRQ", body);
  ASSERT_EQ(ok.status, 200);
  EXPECT_TRUE(Load(ok).child("Success"));
}

TEST_F(OtaSimTest, SingleHotelAvailabilityIsLiveAndHonoursRecheckScenarios) {
  const auto [hotel, code, total] = Bookable();
  // The cached multi-hotel answer ignores price_changed; the live single-hotel one applies it.
  auto cached = Load(Post("OTA_HotelAvailRQ", AvailRQ({hotel, "OTA-none"}), "price_changed"));
  std::string first_total = cached.child("RoomStays").child("RoomStay").child("RoomRates").child("RoomRate")
                                .child("Total").attribute("AmountAfterTax").value();
  auto plain = Load(Post("OTA_HotelAvailRQ", AvailRQ({hotel})));
  std::string live_total = plain.child("RoomStays").child("RoomStay").child("RoomRates").child("RoomRate")
                               .child("Total").attribute("AmountAfterTax").value();
  EXPECT_EQ(first_total, live_total);
  auto bumped = Load(Post("OTA_HotelAvailRQ", AvailRQ({hotel}), "price_changed"));
  std::string bumped_total = bumped.child("RoomStays").child("RoomStay").child("RoomRates").child("RoomRate")
                                 .child("Total").attribute("AmountAfterTax").value();
  EXPECT_GT(std::stod(bumped_total), std::stod(live_total));
  auto sold = Load(Post("OTA_HotelAvailRQ", AvailRQ({hotel}), "sold_out"));
  EXPECT_FALSE(sold.child("RoomStays").child("RoomStay"));
  EXPECT_STREQ(sold.child("Warnings").child("Warning").attribute("Code").value(), "322");
}

TEST_F(OtaSimTest, SinglePhaseCommitBooksAtOnceWithImpliedDecimals) {
  const auto [hotel, code, total] = Bookable();
  std::string implied = total;
  implied.erase(implied.find('.'), 1);
  auto r = Post("OTA_HotelResRQ",
                ResRQ("Commit", code, "ord_single",
                      R"(<Total AmountAfterTax=")" + implied + R"(" DecimalPlaces="2" CurrencyCode="USD"/>)"));
  pugi::xml_node root = Load(r);
  ASSERT_TRUE(root.child("Success")) << r.body;
  EXPECT_STREQ(root.attribute("ResResStatus").value(), "Committed");
  pugi::xml_node ids = root.child("HotelReservations").child("HotelReservation").child("ResGlobalInfo")
                           .child("HotelReservationIDs");
  const std::string reference = ids.first_child().attribute("ResID_Value").value();
  auto booking = server_->core().Retrieve(reference);
  ASSERT_TRUE(booking);
  EXPECT_EQ(booking->state, BookingState::kConfirmed);
  EXPECT_EQ(booking->holder_first, "Ann");
  EXPECT_EQ(FormatDecimal(booking->net, "USD"), total);
  // Another currency than the supplier's is not an agreed price.
  EXPECT_EQ(ErrorCode(Post("OTA_HotelResRQ", ResRQ("Commit", code, "ord_eur",
                                                   R"(<Total AmountAfterTax="1.00" CurrencyCode="EUR"/>)"))),
            "320");
}

TEST_F(OtaSimTest, IgnoreReleasesAHoldAndItsRoom) {
  const auto [hotel, code, total] = Bookable();
  auto held = Load(Post("OTA_HotelResRQ", ResRQ("Initiate", code, "ord_ignore")));
  ASSERT_STREQ(held.attribute("ResResStatus").value(), "Pending");
  const std::string reference = held.child("HotelReservations").child("HotelReservation").child("ResGlobalInfo")
                                    .child("HotelReservationIDs").first_child().attribute("ResID_Value").value();
  auto released = Load(Post("OTA_HotelResRQ", ResRQ("Ignore", "", "", "", reference)));
  EXPECT_STREQ(released.attribute("ResResStatus").value(), "Ignored");
  EXPECT_EQ(server_->core().Retrieve(reference)->state, BookingState::kReleased);
  EXPECT_EQ(ErrorCode(Post("OTA_HotelResRQ", ResRQ("Commit", "", "", "", reference))), "450");
  auto read = Post("OTA_ReadRQ", std::string(kOpen) + "<OTA_ReadRQ " + std::string(kNs) + ">" + Pos() +
                                     "<ReadRequests><ReadRequest><UniqueID Type=\"14\" ID=\"" + reference +
                                     "\"/></ReadRequest></ReadRequests></OTA_ReadRQ>");
  pugi::xml_node rs = Load(read);
  EXPECT_STREQ(rs.name(), "OTA_ResRetrieveRS");
  EXPECT_STREQ(rs.child("ReservationsList").child("HotelReservation").attribute("ResStatus").value(), "Ignored");
}

}  // namespace
}  // namespace hotel::sim
