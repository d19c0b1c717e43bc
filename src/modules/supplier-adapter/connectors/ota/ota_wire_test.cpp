// ota-xml builders and parsers on canned bodies: the happy paths, OTA's variants (implied
// decimals, percent and nights penalties, relative deadlines), the error mapping, and bad input
// (garbage, HTML, truncated, wrong types, huge numbers, deep nesting, 10 MB).
#include "modules/supplier-adapter/connectors/ota/ota_wire.hpp"

#include <gtest/gtest.h>
#include <pugixml.hpp>

#include <string>

namespace hotel::supplier::ota {
namespace {

using namespace std::chrono_literals;

constexpr std::string_view kNs = R"(xmlns="http://www.opentravel.org/OTA/2003/05")";

Date D(std::string_view s) { return *ParseDate(s); }
Instant T(std::string_view s) { return *ParseIso8601(s); }

ParseContext Ctx() { return {D("2026-12-01"), D("2026-12-03"), T("2026-11-01T10:00:00Z")}; }

std::string AvailRS(std::string_view room_stays) {
  return std::string("<?xml version=\"1.0\"?><OTA_HotelAvailRS ") + std::string(kNs) +
         " Version=\"1.0\"><Success/><RoomStays>" + std::string(room_stays) + "</RoomStays></OTA_HotelAvailRS>";
}

// A RoomStay as our simulator writes it: one room type, one rate plan, one room rate.
std::string Stay(std::string_view hotel, std::string_view plan_extra = R"(<MealsIncluded MealPlanCodes="3"/>)",
                 std::string_view rate_extra = R"(<Total AmountAfterTax="205.40" CurrencyCode="USD"/>)",
                 std::string_view penalties = R"(<CancelPenalty NonRefundable="false"><Deadline AbsoluteDeadline="2026-11-29T23:59:00"/><AmountPercent Amount="102.70" CurrencyCode="USD"/></CancelPenalty>)") {
  return std::string("<RoomStay><RoomTypes><RoomType RoomTypeCode=\"DBL.ST\"><RoomDescription Name=\"Double Standard\"/>"
                     "</RoomType></RoomTypes><RatePlans><RatePlan RatePlanCode=\"BB-FLX\" RatePlanName=\"x\">") +
         std::string(plan_extra) + "<CancelPenalties>" + std::string(penalties) +
         "</CancelPenalties></RatePlan></RatePlans><RoomRates><RoomRate RoomTypeCode=\"DBL.ST\" RatePlanCode=\"BB-FLX\" "
         "BookingCode=\"tok-1\" NumberOfUnits=\"4\"><Rates>"
         "<Rate EffectiveDate=\"2026-12-01\" ExpireDate=\"2026-12-02\"><Base AmountAfterTax=\"102.70\" CurrencyCode=\"USD\"/></Rate>"
         "<Rate EffectiveDate=\"2026-12-02\" ExpireDate=\"2026-12-03\"><Base AmountAfterTax=\"102.70\" CurrencyCode=\"USD\"/></Rate>"
         "</Rates>" +
         std::string(rate_extra) + "</RoomRate></RoomRates><BasicPropertyInfo HotelCode=\"" + std::string(hotel) +
         "\" HotelName=\"Hotel\"/></RoomStay>";
}

void ExpectUnavailable(const Error& e) {
  EXPECT_EQ(e.code, Errc::upstream_unavailable) << e.detail;
  EXPECT_LT(e.detail.size(), kMaxExcerpt + 400) << "an error quotes at most a bounded excerpt";
}

// ---- builders ------------------------------------------------------------------------------

TEST(OtaWireBuild, AvailRequestCarriesStayRoomsHotelsAndCredentials) {
  SearchRequest r;
  r.hotel_codes = {"OTA1", "OTA2"};
  r.check_in = D("2026-12-01");
  r.check_out = D("2026-12-03");
  r.rooms = {{2, {}}, {2, {8, 4}}, {2, {}}};
  r.currency = "USD";
  r.nationality = "DE";
  const std::string body = BuildAvailRQ(r, {"key-1", "s3cret"});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(body.c_str()));
  pugi::xml_node root = doc.child("OTA_HotelAvailRQ");
  ASSERT_TRUE(root);
  EXPECT_STREQ(root.attribute("xmlns").value(), "http://www.opentravel.org/OTA/2003/05");
  pugi::xml_node req = root.child("POS").child("Source").child("RequestorID");
  EXPECT_STREQ(req.attribute("ID").value(), "key-1");
  EXPECT_STREQ(req.attribute("MessagePassword").value(), "s3cret");
  EXPECT_STREQ(root.child("POS").child("Source").attribute("ISOCountry").value(), "DE");
  pugi::xml_node seg = root.child("AvailRequestSegments").child("AvailRequestSegment");
  EXPECT_STREQ(seg.child("StayDateRange").attribute("Start").value(), "2026-12-01");
  EXPECT_STREQ(seg.child("StayDateRange").attribute("End").value(), "2026-12-03");
  // The two identical rooms are one candidate of quantity 2.
  pugi::xml_node c1 = seg.child("RoomStayCandidates").first_child();
  pugi::xml_node c2 = c1.next_sibling();
  EXPECT_STREQ(c1.attribute("Quantity").value(), "2");
  EXPECT_STREQ(c2.attribute("Quantity").value(), "1");
  EXPECT_FALSE(c2.next_sibling());
  pugi::xml_node adults = c2.child("GuestCounts").first_child();
  EXPECT_STREQ(adults.attribute("AgeQualifyingCode").value(), "10");
  EXPECT_STREQ(adults.attribute("Count").value(), "2");
  pugi::xml_node child = adults.next_sibling();
  EXPECT_STREQ(child.attribute("AgeQualifyingCode").value(), "8");
  EXPECT_STREQ(child.attribute("Age").value(), "8");
  EXPECT_STREQ(child.next_sibling().attribute("Age").value(), "4");
  int hotels = 0;
  for (pugi::xml_node c : seg.child("HotelSearchCriteria").children("Criterion")) {
    EXPECT_STREQ(c.child("HotelRef").attribute("HotelCode").value(), hotels == 0 ? "OTA1" : "OTA2");
    ++hotels;
  }
  EXPECT_EQ(hotels, 2);
}

TEST(OtaWireBuild, InitiateRequestHoldsTheRateForOurReferenceAndPrice) {
  BookRequest r;
  r.hotel_code = "OTA7";
  r.client_reference = "ord_123";
  r.check_in = D("2026-12-01");
  r.check_out = D("2026-12-03");
  r.rooms = {{2, {}}};
  r.guests = {{{"Ann", "Lee <&>", false, 0}, {"Bo", "Lee", false, 0}}};
  r.expected_net = Money{20540, "USD"};
  r.remark = "late arrival";
  const std::string body = BuildInitiateRQ(r, {"DBL.ST", "BB-FLX", "tok-1"}, {"k", ""});
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_string(body.c_str()));
  pugi::xml_node root = doc.child("OTA_HotelResRQ");
  EXPECT_STREQ(root.attribute("ResStatus").value(), "Initiate");
  EXPECT_FALSE(root.child("POS").child("Source").child("RequestorID").attribute("MessagePassword"));
  pugi::xml_node res = root.child("HotelReservations").child("HotelReservation");
  pugi::xml_node stay = res.child("RoomStays").child("RoomStay");
  pugi::xml_node rate = stay.child("RoomRates").child("RoomRate");
  EXPECT_STREQ(rate.attribute("BookingCode").value(), "tok-1");
  EXPECT_STREQ(rate.attribute("RoomTypeCode").value(), "DBL.ST");
  EXPECT_STREQ(rate.attribute("RatePlanCode").value(), "BB-FLX");
  EXPECT_STREQ(stay.child("Total").attribute("AmountAfterTax").value(), "205.40");
  EXPECT_STREQ(stay.child("BasicPropertyInfo").attribute("HotelCode").value(), "OTA7");
  pugi::xml_node name = res.child("ResGuests").child("ResGuest").child("Profiles").child("ProfileInfo").child("Profile")
                            .child("Customer").child("PersonName");
  EXPECT_STREQ(name.child_value("GivenName"), "Ann");
  EXPECT_STREQ(name.child_value("Surname"), "Lee <&>");  // escaped on the wire, intact after parsing
  pugi::xml_node id = res.child("ResGlobalInfo").child("HotelReservationIDs").child("HotelReservationID");
  EXPECT_STREQ(id.attribute("ResID_Type").value(), "16");
  EXPECT_STREQ(id.attribute("ResID_Value").value(), "ord_123");
}

TEST(OtaWireBuild, CommitReadCancelAndContentRequests) {
  pugi::xml_document doc;
  std::string body = BuildCommitRQ("OTA-1-000001", "ord_1", {"k", ""});
  ASSERT_TRUE(doc.load_string(body.c_str()));
  EXPECT_STREQ(doc.child("OTA_HotelResRQ").attribute("ResStatus").value(), "Commit");
  auto ids = doc.child("OTA_HotelResRQ").child("HotelReservations").child("HotelReservation").child("ResGlobalInfo")
                 .child("HotelReservationIDs");
  EXPECT_STREQ(ids.first_child().attribute("ResID_Type").value(), "14");
  EXPECT_STREQ(ids.first_child().attribute("ResID_Value").value(), "OTA-1-000001");

  body = BuildReadRQ({"ord_1", "", {}, {}}, {"k", ""});
  ASSERT_TRUE(doc.load_string(body.c_str()));
  auto unique = doc.child("OTA_ReadRQ").child("ReadRequests").child("ReadRequest").child("UniqueID");
  EXPECT_STREQ(unique.attribute("Type").value(), "16");
  EXPECT_STREQ(unique.attribute("ID").value(), "ord_1");

  body = BuildCancelRQ({"OTA-1-000001", "ord_1"}, true, {"k", ""});
  ASSERT_TRUE(doc.load_string(body.c_str()));
  EXPECT_STREQ(doc.child("OTA_CancelRQ").attribute("CancelType").value(), "Commit");
  EXPECT_STREQ(doc.child("OTA_CancelRQ").child("UniqueID").attribute("Type").value(), "14");
  body = BuildCancelRQ({"OTA-1-000001", "ord_1"}, false, {"k", ""});
  ASSERT_TRUE(doc.load_string(body.c_str()));
  EXPECT_STREQ(doc.child("OTA_CancelRQ").attribute("CancelType").value(), "Quote");

  body = BuildDescriptiveInfoRQ(200, 100, {"k", ""});
  ASSERT_TRUE(doc.load_string(body.c_str()));
  auto infos = doc.child("OTA_HotelDescriptiveInfoRQ").child("HotelDescriptiveInfos");
  EXPECT_STREQ(infos.attribute("Start").value(), "200");
  EXPECT_STREQ(infos.attribute("Max").value(), "100");
}

TEST(OtaWireBuild, RateTokensRoundTripAndRejectForeignOnes) {
  RateRef ref{"DBL;ST%", "BB-FLX", "abc;def%ghi"};
  auto back = ParseRateToken(MakeRateToken(ref));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->room_code, ref.room_code);
  EXPECT_EQ(back->plan_code, ref.plan_code);
  EXPECT_EQ(back->booking_code, ref.booking_code);
  for (std::string_view bad : {"", "tok-1", "ota1;", "ota1;a;b", "ota1;a;b;", "ota1;;b;c", "ota1;a%zz;b;c", "OTA1;a;b;c"}) {
    EXPECT_FALSE(ParseRateToken(bad)) << bad;
  }
}

TEST(OtaWireBuild, MealPlanCodesMapToBoards) {
  EXPECT_EQ(BoardFromMealPlanCodes("14"), Board::kRoomOnly);
  EXPECT_EQ(BoardFromMealPlanCodes("3"), Board::kBedAndBreakfast);
  EXPECT_EQ(BoardFromMealPlanCodes("19"), Board::kBedAndBreakfast);
  EXPECT_EQ(BoardFromMealPlanCodes("12"), Board::kHalfBoard);
  EXPECT_EQ(BoardFromMealPlanCodes("10"), Board::kFullBoard);
  EXPECT_EQ(BoardFromMealPlanCodes("1"), Board::kAllInclusive);
  EXPECT_EQ(BoardFromMealPlanCodes("99 12 3"), Board::kHalfBoard);
  EXPECT_FALSE(BoardFromMealPlanCodes("99"));
  EXPECT_FALSE(BoardFromMealPlanCodes(""));
  for (Board b : {Board::kRoomOnly, Board::kBedAndBreakfast, Board::kHalfBoard, Board::kFullBoard, Board::kAllInclusive}) {
    EXPECT_EQ(BoardFromMealPlanCodes(MealPlanCode(b)), b);
  }
}

// ---- availability --------------------------------------------------------------------------

TEST(OtaWireAvail, ParsesRatesIntoTheCanonicalModel) {
  auto r = ParseAvailRS(AvailRS(Stay("OTA1") + Stay("OTA2")), Ctx());
  ASSERT_TRUE(r) << r.error().detail;
  ASSERT_EQ(r->hotels.size(), 2u);
  EXPECT_EQ(r->hotels[0].hotel_code, "OTA1");
  ASSERT_EQ(r->hotels[0].rates.size(), 1u);
  const Rate& rate = r->hotels[0].rates[0];
  EXPECT_EQ(rate.net, (Money{20540, "USD"}));
  EXPECT_EQ(rate.board, Board::kBedAndBreakfast);
  EXPECT_EQ(rate.room_code, "DBL.ST");
  EXPECT_EQ(rate.room_name, "Double Standard");
  EXPECT_EQ(rate.rooms_left, 4);
  EXPECT_TRUE(rate.refundable);
  auto ref = ParseRateToken(rate.rate_token);
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->booking_code, "tok-1");
  EXPECT_EQ(ref->plan_code, "BB-FLX");
  ASSERT_EQ(rate.cancellation.size(), 1u);
  // Hotel-local without an offset: read in UTC+14, the safe side.
  EXPECT_EQ(rate.cancellation[0].from, T("2026-11-29T09:59:00Z"));
  EXPECT_EQ(rate.cancellation[0].penalty, (Money{10270, "USD"}));
}

TEST(OtaWireAvail, RoomStaysOfOneHotelAreMergedAndEmptyHotelsDropped) {
  auto r = ParseAvailRS(AvailRS(Stay("OTA1") + Stay("OTA1") +
                                Stay("OTA3", R"(<MealsIncluded MealPlanCodes="77"/>)")),
                        Ctx());
  ASSERT_TRUE(r) << r.error().detail;
  ASSERT_EQ(r->hotels.size(), 1u) << "OTA3's only rate has an unknown meal plan";
  EXPECT_EQ(r->hotels[0].rates.size(), 2u);
  auto empty = ParseAvailRS(AvailRS(""), Ctx());
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->hotels.empty());
}

TEST(OtaWireAvail, ImpliedDecimalsPercentNightsAndRelativeDeadlines) {
  const std::string penalties =
      R"(<CancelPenalty><Deadline OffsetUnitMultiplier="3" OffsetTimeUnit="Day" OffsetDropTime="BeforeArrival"/><AmountPercent NmbrOfNights="1"/></CancelPenalty>)"
      R"(<CancelPenalty><Deadline OffsetUnitMultiplier="24" OffsetTimeUnit="Hour" OffsetDropTime="BeforeArrival"/><AmountPercent Percent="50"/></CancelPenalty>)";
  auto r = ParseAvailRS(AvailRS(Stay("OTA1", R"(<MealsIncluded Breakfast="true" Dinner="true"/>)",
                                     R"(<Total AmountAfterTax="20540" DecimalPlaces="2" CurrencyCode="USD"/>)", penalties)),
                        Ctx());
  ASSERT_TRUE(r) << r.error().detail;
  const Rate& rate = r->hotels.at(0).rates.at(0);
  EXPECT_EQ(rate.net, (Money{20540, "USD"}));
  EXPECT_EQ(rate.board, Board::kHalfBoard);
  ASSERT_EQ(rate.cancellation.size(), 2u);
  // Arrival 2026-12-01 00:00 local, read in UTC+14 = 2026-11-30T10:00Z.
  EXPECT_EQ(rate.cancellation[0].from, T("2026-11-27T10:00:00Z"));
  EXPECT_EQ(rate.cancellation[0].penalty.minor, 10270);  // one night
  EXPECT_EQ(rate.cancellation[1].from, T("2026-11-29T10:00:00Z"));
  EXPECT_EQ(rate.cancellation[1].penalty.minor, 10270);  // 50 %
}

TEST(OtaWireAvail, NonRefundableWithoutAmountChargesTheWholeStayFromNow) {
  auto r = ParseAvailRS(AvailRS(Stay("OTA1", "", "", R"(<CancelPenalty NonRefundable="true"/>)")), Ctx());
  ASSERT_TRUE(r) << r.error().detail;
  const Rate& rate = r->hotels.at(0).rates.at(0);
  EXPECT_EQ(rate.board, Board::kRoomOnly);
  EXPECT_EQ(rate.net, (Money{20540, "USD"})) << "no Total: the sum of the nights";
  EXPECT_FALSE(rate.refundable);
  ASSERT_EQ(rate.cancellation.size(), 1u);
  EXPECT_EQ(rate.cancellation[0].from, Ctx().now);
  EXPECT_EQ(rate.cancellation[0].penalty, rate.net);
}

TEST(OtaWireAvail, WrongTypesAndHugeNumbersAreUnparseable) {
  const std::string cases[] = {
      Stay("OTA1", R"(<MealsIncluded MealPlanCodes="3"/>)", R"(<Total AmountAfterTax="abc" CurrencyCode="USD"/>)"),
      Stay("OTA1", R"(<MealsIncluded MealPlanCodes="3"/>)", R"(<Total AmountAfterTax="1e3" CurrencyCode="USD"/>)"),
      Stay("OTA1", R"(<MealsIncluded MealPlanCodes="3"/>)", R"(<Total AmountAfterTax="-5.00" CurrencyCode="USD"/>)"),
      Stay("OTA1", R"(<MealsIncluded MealPlanCodes="3"/>)",
           R"(<Total AmountAfterTax="99999999999999999999999.00" CurrencyCode="USD"/>)"),
      // More digits than an __int128 holds (found by the fuzzer in core ParseDecimalMinor).
      Stay("OTA1", R"(<MealsIncluded MealPlanCodes="3"/>)",
           R"(<Total AmountAfterTax=")" + std::string(60, '7') + R"(" CurrencyCode="USD"/>)"),
      Stay("OTA1", R"(<MealsIncluded MealPlanCodes="3"/>)", R"(<Total AmountAfterTax="205.40" CurrencyCode="dollars"/>)"),
      Stay("OTA1", R"(<MealsIncluded MealPlanCodes="3"/>)",
           R"(<Total AmountAfterTax="20540" DecimalPlaces="two" CurrencyCode="USD"/>)"),
      Stay("OTA1", R"(<MealsIncluded MealPlanCodes="3"/>)",
           R"(<Total AmountAfterTax="20540" DecimalPlaces="99" CurrencyCode="USD"/>)"),
      Stay("OTA1", R"(<MealsIncluded MealPlanCodes="3"/>)", R"(<Total AmountAfterTax="205.40" CurrencyCode="USD"/>)",
           R"(<CancelPenalty><Deadline AbsoluteDeadline="soon"/><AmountPercent Amount="1.00"/></CancelPenalty>)"),
      Stay("OTA1", R"(<MealsIncluded MealPlanCodes="3"/>)", R"(<Total AmountAfterTax="205.40" CurrencyCode="USD"/>)",
           R"(<CancelPenalty><AmountPercent Amount="1.00" CurrencyCode="EUR"/></CancelPenalty>)"),
      Stay("OTA1", R"(<MealsIncluded MealPlanCodes="3"/>)", R"(<Total AmountAfterTax="205.40" CurrencyCode="USD"/>)",
           R"(<CancelPenalty><AmountPercent Percent="150"/></CancelPenalty>)"),
      Stay("OTA1", R"(<MealsIncluded MealPlanCodes="3"/>)", R"(<Total AmountAfterTax="205.40" CurrencyCode="USD"/>)",
           R"(<CancelPenalty><Deadline OffsetUnitMultiplier="9999999999" OffsetTimeUnit="Day"/></CancelPenalty>)"),
      "<RoomStay><RoomRates><RoomRate RoomTypeCode=\"A\" RatePlanCode=\"P\"/></RoomRates>"
      "<BasicPropertyInfo HotelCode=\"OTA1\"/></RoomStay>",
      "<RoomStay><RoomRates><RoomRate RoomTypeCode=\"A\" RatePlanCode=\"P\" BookingCode=\"x\"/></RoomRates>"
      "<BasicPropertyInfo HotelCode=\"OTA1\"/></RoomStay>",
      "<RoomStay><RoomRates/></RoomStay>",
  };
  for (const std::string& stay : cases) {
    auto r = ParseAvailRS(AvailRS(stay), Ctx());
    ASSERT_FALSE(r) << stay;
    ExpectUnavailable(r.error());
  }
  std::string long_stay = Stay("OTA1");
  long_stay.replace(long_stay.find("ExpireDate=\"2026-12-02\""), 23, "ExpireDate=\"2028-12-02\"");
  auto year = ParseAvailRS(AvailRS(long_stay), Ctx());
  ASSERT_FALSE(year) << "two years of nights";
  ExpectUnavailable(year.error());
  std::string units = Stay("OTA1");
  units.replace(units.find("NumberOfUnits=\"4\""), 17, "NumberOfUnits=\"many\"");
  auto r = ParseAvailRS(AvailRS(units), Ctx());
  ASSERT_FALSE(r);
  ExpectUnavailable(r.error());
}

TEST(OtaWireAvail, GarbageHtmlTruncatedAndForeignBodiesAreUnparseable) {
  const std::string good = AvailRS(Stay("OTA1"));
  const std::string bodies[] = {
      "",
      "garbage",
      "<html><body><h1>502 Bad Gateway</h1></body></html>",
      good.substr(0, good.size() / 2),
      R"({"hotels": {"hotels": []}})",
      "<OTA_HotelAvailRS xmlns=\"http://example.com/not-ota\"><Success/></OTA_HotelAvailRS>",
      "<OTA_HotelResRS " + std::string(kNs) + "><Success/></OTA_HotelResRS>",
      "<OTA_HotelAvailRS " + std::string(kNs) + "><RoomStays/></OTA_HotelAvailRS>",
      "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><OTA_HotelAvailRS>&e;</OTA_HotelAvailRS>",
      std::string("\0\0\0\0", 4),
  };
  for (const std::string& body : bodies) {
    auto r = ParseAvailRS(body, Ctx());
    ASSERT_FALSE(r) << body;
    ExpectUnavailable(r.error());
  }
}

TEST(OtaWireAvail, ExternalEntitiesAreNeverExpanded) {
  const std::string body = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" +
                           AvailRS(Stay("&e;")).substr(std::string("<?xml version=\"1.0\"?>").size());
  auto r = ParseAvailRS(body, Ctx());
  ASSERT_TRUE(r) << r.error().detail;
  ASSERT_EQ(r->hotels.size(), 1u);
  EXPECT_EQ(r->hotels[0].hotel_code, "&e;") << "the reference stays literal text";
}

TEST(OtaWireAvail, TenMegabytesAreRefusedUnreadAndDeepNestingDoesNotCrash) {
  std::string huge = AvailRS("");
  huge.insert(huge.find("<RoomStays>"), std::string(10 * 1024 * 1024, ' '));
  auto r = ParseAvailRS(huge, Ctx());
  ASSERT_FALSE(r);
  ExpectUnavailable(r.error());
  EXPECT_NE(r.error().detail.find("limit"), std::string::npos);

  std::string deep = "<OTA_HotelAvailRS " + std::string(kNs) + "><Success/><RoomStays>";
  for (int i = 0; i < 500000; ++i) deep += "<a>";
  auto d = ParseAvailRS(deep, Ctx());
  ASSERT_FALSE(d);
  ExpectUnavailable(d.error());
  deep = "<OTA_HotelAvailRS " + std::string(kNs) + "><Success/><RoomStays><RoomStay>";
  for (int i = 0; i < 200000; ++i) deep += "<a>";
  for (int i = 0; i < 200000; ++i) deep += "</a>";
  deep += "<BasicPropertyInfo HotelCode=\"OTA1\"/></RoomStay></RoomStays></OTA_HotelAvailRS>";
  auto ok = ParseAvailRS(deep, Ctx());
  ASSERT_TRUE(ok) << ok.error().detail;
  EXPECT_TRUE(ok->hotels.empty());
}

TEST(OtaWireAvail, PrefixedOtaNamespaceIsAccepted) {
  const std::string body =
      R"(<ota:OTA_HotelAvailRS xmlns:ota="http://www.opentravel.org/OTA/2003/05"><ota:Success/><ota:RoomStays>)"
      R"(<ota:RoomStay><ota:RatePlans><ota:RatePlan RatePlanCode="RO-FLX"/></ota:RatePlans><ota:RoomRates>)"
      R"(<ota:RoomRate RoomTypeCode="SGL" RatePlanCode="RO-FLX" BookingCode="b"><ota:Total AmountAfterTax="1500" CurrencyCode="JPY"/>)"
      R"(</ota:RoomRate></ota:RoomRates><ota:BasicPropertyInfo HotelCode="OTA9"/></ota:RoomStay></ota:RoomStays></ota:OTA_HotelAvailRS>)";
  auto r = ParseAvailRS(body, Ctx());
  ASSERT_TRUE(r) << r.error().detail;
  ASSERT_EQ(r->hotels.size(), 1u);
  EXPECT_EQ(r->hotels[0].rates.at(0).net, (Money{1500, "JPY"}));
  EXPECT_EQ(r->hotels[0].rates.at(0).room_name, "SGL");
  EXPECT_EQ(r->hotels[0].rates.at(0).rooms_left, -1);
}

// ---- errors --------------------------------------------------------------------------------

TEST(OtaWireErrors, OtaErrorCodesMapToThePortsCodes) {
  const std::pair<std::string_view, Errc> cases[] = {
      {R"(Type="4" Code="497")", Errc::upstream_unavailable}, {R"(Type="3" Code="322")", Errc::sold_out},
      {R"(Type="3" Code="189")", Errc::price_changed},   {R"(Type="3" Code="95")", Errc::conflict},
      {R"(Type="3" Code="16")", Errc::conflict},         {R"(Type="3" Code="245")", Errc::not_found},
      {R"(Type="3" Code="450")", Errc::gone},            {R"(Type="1" Code="448")", Errc::upstream_unavailable},
      {R"(Type="3" Code="249")", Errc::validation_failed}, {R"(Type="10" Code="321")", Errc::validation_failed},
      {R"(Type="6" Code="1")", Errc::upstream_unavailable},   {R"(Type="x" Code="y")", Errc::validation_failed},
  };
  for (const auto& [attrs, code] : cases) {
    const std::string body = "<OTA_HotelResRS " + std::string(kNs) + "><Errors><Error " + std::string(attrs) +
                             " ShortText=\"because\"/></Errors></OTA_HotelResRS>";
    auto r = ParseReservationRS(body, Ctx());
    ASSERT_FALSE(r) << attrs;
    EXPECT_EQ(r.error().code, code) << attrs;
    EXPECT_NE(r.error().detail.find("because"), std::string::npos);
  }
  const std::string long_text(100000, 'x');
  auto r = ParseCancelRS("<OTA_CancelRS " + std::string(kNs) + "><Errors><Error Type=\"3\" Code=\"245\">" + long_text +
                         "</Error></Errors></OTA_CancelRS>");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::not_found);
  EXPECT_LT(r.error().detail.size(), kMaxExcerpt + 200);
}

TEST(OtaWireErrors, HttpStatusesMapToThePortsCodes) {
  EXPECT_FALSE(ErrorForHttpStatus(200, "", ""));
  auto e = ErrorForHttpStatus(429, "", "3");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->code, Errc::rate_limited);
  EXPECT_NE(e->detail.find("3000 ms"), std::string::npos);
  EXPECT_EQ(ErrorForHttpStatus(403, "<error>Over QPS</error>", "")->code, Errc::rate_limited);
  EXPECT_EQ(ErrorForHttpStatus(403, "forbidden", "")->code, Errc::upstream_unavailable);
  EXPECT_EQ(ErrorForHttpStatus(401, "", "")->code, Errc::upstream_unavailable);
  EXPECT_EQ(ErrorForHttpStatus(500, "", "")->code, Errc::upstream_unavailable);
  EXPECT_EQ(ErrorForHttpStatus(502, "", "")->code, Errc::upstream_unavailable);
  EXPECT_EQ(ErrorForHttpStatus(400, "bad", "")->code, Errc::validation_failed);
  EXPECT_EQ(ErrorForHttpStatus(404, "", "")->code, Errc::upstream_unavailable);
  auto html = ErrorForHttpStatus(503, std::string(1 << 20, '<'), "");
  ASSERT_TRUE(html);
  ExpectUnavailable(*html);
}

// ---- reservations, cancellations, content --------------------------------------------------

std::string ResRS(std::string_view root_attrs, std::string_view reservation) {
  return "<OTA_HotelResRS " + std::string(kNs) + " " + std::string(root_attrs) +
         "><Success/><HotelReservations>" + std::string(reservation) + "</HotelReservations></OTA_HotelResRS>";
}

constexpr std::string_view kReservation =
    R"(<HotelReservation ResStatus="%s"><RoomStays><RoomStay><RatePlans><RatePlan RatePlanCode="BB-FLX"><CancelPenalties>)"
    R"(<CancelPenalty><Deadline AbsoluteDeadline="2026-11-29T23:59:00"/><AmountPercent Amount="102.70"/></CancelPenalty>)"
    R"(</CancelPenalties></RatePlan></RatePlans><TimeSpan Start="2026-12-01" End="2026-12-03"/>)"
    R"(<Total AmountAfterTax="205.40" CurrencyCode="USD"/><BasicPropertyInfo HotelCode="OTA1"/></RoomStay></RoomStays>)"
    R"(<ResGlobalInfo><HotelReservationIDs><HotelReservationID ResID_Type="14" ResID_Value="OTA-1-000001"/>)"
    R"(<HotelReservationID ResID_Type="16" ResID_Value="ord_1"/></HotelReservationIDs></ResGlobalInfo>%x</HotelReservation>)";

std::string Reservation(std::string_view status, std::string_view extra = "") {
  std::string r(kReservation);
  r.replace(r.find("%s"), 2, status);
  r.replace(r.find("%x"), 2, extra);
  return r;
}

TEST(OtaWireReservation, StatusesReferencesAndPolicy) {
  const std::pair<std::string_view, BookingStatus> cases[] = {
      {"Pending", BookingStatus::kHeld},         {"Committed", BookingStatus::kConfirmed},
      {"OnRequest", BookingStatus::kOnRequest},  {"Unknown", BookingStatus::kUnknown},
      {"Cancelled", BookingStatus::kCancelled},  {"Ignored", BookingStatus::kFailed},
      {"Whatever", BookingStatus::kUnknown},
  };
  for (const auto& [status, expected] : cases) {
    auto b = ParseReservationRS(ResRS("", Reservation(status)), Ctx());
    ASSERT_TRUE(b) << b.error().detail;
    EXPECT_EQ(b->status, expected) << status;
    EXPECT_EQ(b->supplier_reference, "OTA-1-000001");
    EXPECT_EQ(b->client_reference, "ord_1");
    EXPECT_EQ(b->hotel_code, "OTA1");
    EXPECT_EQ(b->check_in, D("2026-12-01"));
    EXPECT_EQ(b->check_out, D("2026-12-03"));
    EXPECT_EQ(b->net, (Money{20540, "USD"}));
    ASSERT_EQ(b->cancellation.size(), 1u);
    EXPECT_EQ(b->cancellation[0].penalty, (Money{10270, "USD"}));
  }
  // The root's ResResStatus when the reservation has none.
  std::string no_status = Reservation("");
  no_status.replace(no_status.find(" ResStatus=\"\""), 13, "");
  auto b = ParseReservationRS(ResRS(R"(ResResStatus="Committed")", no_status), Ctx());
  ASSERT_TRUE(b) << b.error().detail;
  EXPECT_EQ(b->status, BookingStatus::kConfirmed);
}

TEST(OtaWireReservation, RetrieveAnswerAndCancellationCharge) {
  const std::string body = "<OTA_ResRetrieveRS " + std::string(kNs) + "><Success/><ReservationsList>" +
                           Reservation("Cancelled", R"(<TPA_Extensions><CancellationCharge Amount="102.70" CurrencyCode="USD"/></TPA_Extensions>)") +
                           "</ReservationsList></OTA_ResRetrieveRS>";
  auto b = ParseReservationRS(body, Ctx());
  ASSERT_TRUE(b) << b.error().detail;
  EXPECT_EQ(b->status, BookingStatus::kCancelled);
  ASSERT_TRUE(b->cancellation_penalty);
  EXPECT_EQ(*b->cancellation_penalty, (Money{10270, "USD"}));
}

TEST(OtaWireReservation, MissingReferenceOrBrokenAmountsAreUnparseable) {
  std::string no_ref = Reservation("Committed");
  no_ref.replace(no_ref.find("ResID_Type=\"14\""), 15, "ResID_Type=\"99\"");
  const std::string bodies[] = {
      ResRS("", no_ref),
      ResRS("", ""),
      ResRS("", Reservation("Committed", R"(<TPA_Extensions><CancellationCharge Amount="lots"/></TPA_Extensions>)")),
      "<OTA_HotelResRS " + std::string(kNs) + "/>",
  };
  for (const std::string& body : bodies) {
    auto b = ParseReservationRS(body, Ctx());
    ASSERT_FALSE(b) << body;
    ExpectUnavailable(b.error());
  }
  std::string bad_total = Reservation("Committed");
  bad_total.replace(bad_total.find("205.40"), 6, "205,40");
  auto b = ParseReservationRS(ResRS("", bad_total), Ctx());
  ASSERT_FALSE(b);
  ExpectUnavailable(b.error());
}

TEST(OtaWireCancel, QuoteAndCommitAnswers) {
  const std::string quote = "<OTA_CancelRS " + std::string(kNs) +
                            R"( Status="Pending"><Success/><UniqueID Type="14" ID="OTA-1-000001"/><CancelInfoRS><CancelRules>)"
                            R"(<CancelRule Amount="102.70" CurrencyCode="USD"/></CancelRules></CancelInfoRS></OTA_CancelRS>)";
  auto q = ParseCancelRS(quote);
  ASSERT_TRUE(q) << q.error().detail;
  EXPECT_EQ(q->supplier_reference, "OTA-1-000001");
  ASSERT_TRUE(q->penalty);
  EXPECT_EQ(*q->penalty, (Money{10270, "USD"}));
  const std::string done = "<OTA_CancelRS " + std::string(kNs) +
                           R"( Status="Cancelled"><Success/><CancelInfoRS><UniqueID Type="14" ID="R2"/><CancelRules>)"
                           R"(<CancelRule Amount="0" DecimalPlaces="2" CurrencyCode="USD"/></CancelRules></CancelInfoRS></OTA_CancelRS>)";
  auto c = ParseCancelRS(done);
  ASSERT_TRUE(c) << c.error().detail;
  EXPECT_EQ(c->status, BookingStatus::kCancelled);
  EXPECT_EQ(c->supplier_reference, "R2");
  EXPECT_EQ(c->penalty, (Money{0, "USD"}));
  auto bad = ParseCancelRS("<OTA_CancelRS " + std::string(kNs) +
                           R"(><Success/><CancelInfoRS><CancelRules><CancelRule Amount="NaN" CurrencyCode="USD"/></CancelRules></CancelInfoRS></OTA_CancelRS>)");
  ASSERT_FALSE(bad);
  ExpectUnavailable(bad.error());
}

TEST(OtaWireContent, HotelsWithTheirFieldsAndTheNextCursor) {
  const std::string body = "<OTA_HotelDescriptiveInfoRS " + std::string(kNs) +
                           R"(><Success/><HotelDescriptiveContents Start="0" Total="3">)"
                           R"(<HotelDescriptiveContent HotelCode="OTA1" HotelName="Grand &amp; Co" ChainCode="Hilton"><HotelInfo>)"
                           R"(<CategoryCodes><HotelCategory Code="4"/></CategoryCodes><Position Latitude="48.137" Longitude="11.575"/>)"
                           R"(</HotelInfo><ContactInfos><ContactInfo><Addresses><Address><AddressLine>Marienplatz 1</AddressLine>)"
                           R"(<AddressLine>Altstadt</AddressLine><CityName>München</CityName><PostalCode>80331</PostalCode>)"
                           R"(<CountryName Code="de">Germany</CountryName></Address></Addresses><Phones><Phone PhoneNumber="+49 89 1"/>)"
                           R"(</Phones></ContactInfo></ContactInfos></HotelDescriptiveContent>)"
                           R"(<HotelDescriptiveContent HotelCode="OTA2" HotelName="Bare"><HotelInfo><CategoryCodes>)"
                           R"(<HotelCategory Code="five"/></CategoryCodes><Position Latitude="nan" Longitude="1e999"/></HotelInfo>)"
                           R"(</HotelDescriptiveContent><HotelDescriptiveContent HotelName="no code"/>)"
                           R"(</HotelDescriptiveContents></OTA_HotelDescriptiveInfoRS>)";
  auto page = ParseDescriptiveInfoRS(body, 0, 3);
  ASSERT_TRUE(page) << page.error().detail;
  ASSERT_EQ(page->hotels.size(), 2u);
  const ContentHotel& h = page->hotels[0];
  EXPECT_EQ(h.code, "OTA1");
  EXPECT_EQ(h.name, "Grand & Co");
  EXPECT_EQ(h.chain, "Hilton");
  EXPECT_EQ(h.stars, 4);
  EXPECT_DOUBLE_EQ(h.lat, 48.137);
  EXPECT_DOUBLE_EQ(h.lon, 11.575);
  EXPECT_EQ(h.address, "Marienplatz 1, Altstadt");
  EXPECT_EQ(h.city, "München");
  EXPECT_EQ(h.postcode, "80331");
  EXPECT_EQ(h.country, "DE");
  EXPECT_EQ(h.phone, "+49 89 1");
  EXPECT_EQ(page->hotels[1].stars, 0);
  EXPECT_EQ(page->hotels[1].lat, 0);
  EXPECT_EQ(page->hotels[1].lon, 0);
  EXPECT_EQ(page->total, 3);
  EXPECT_EQ(page->next_cursor, "") << "3 entries from 0 of a total of 3";

  std::string more = body;
  more.replace(more.find("Total=\"3\""), 9, "Total=\"10\"");
  auto next = ParseDescriptiveInfoRS(more, 6, 3);
  ASSERT_TRUE(next);
  EXPECT_EQ(next->next_cursor, "9");
  auto bad_total = ParseDescriptiveInfoRS(
      "<OTA_HotelDescriptiveInfoRS " + std::string(kNs) +
          R"(><Success/><HotelDescriptiveContents Total="-1"/></OTA_HotelDescriptiveInfoRS>)",
      0, 10);
  ASSERT_FALSE(bad_total);
  ExpectUnavailable(bad_total.error());
}

}  // namespace
}  // namespace hotel::supplier::ota
