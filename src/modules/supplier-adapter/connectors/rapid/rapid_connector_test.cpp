// The rapid connector against an in-process rapid-json simulator: every operation of the port
// (search, price check, book, hold/commit, retrieve, cancel quote, cancel, content) and the
// business scenarios (price change, sold out, duplicate reference, expired token, bookings that
// time out or fail but are made, on request / unknown). Transport faults: rapid_faults_test.cpp.
#include "modules/supplier-adapter/connectors/rapid/rapid_connector_fixture.hpp"

#include <set>

namespace hotel::supplier::rapid_test {
namespace {

using namespace std::chrono_literals;

TEST_F(RapidConnectorTest, SearchPricesEveryRateAsTheSimulatorDoes) {
  Start();
  const std::vector<RoomOccupancy> rooms{{2, {}}, {1, {7}}};
  const HotelOffers offers = FirstOffers(rooms);
  ASSERT_FALSE(offers.rates.empty());
  auto expected = server_->core().Availability(offers.hotel_code, Stay({}).check_in, Stay({}).check_out,
                                               {{2, {}}, {1, {7}}});
  ASSERT_TRUE(expected);
  ASSERT_EQ(offers.rates.size(), expected->size());
  for (std::size_t i = 0; i < expected->size(); ++i) {
    const auto& want = (*expected)[i];
    const auto& got = offers.rates[i];
    SCOPED_TRACE(got.rate_token);
    EXPECT_EQ(got.room_code, want.key.room_code);
    EXPECT_EQ(got.room_name, want.room_name);
    EXPECT_EQ(BoardCode(got.board), want.key.board);
    EXPECT_EQ(got.net, (Money{want.net, "USD"}));
    EXPECT_EQ(got.refundable, want.key.rate_class == sim::RateClass::kRefundable);
    EXPECT_EQ(got.rooms_left, want.rooms_left);
    EXPECT_TRUE(got.recheck_required);
    EXPECT_EQ(got.selling_floor.has_value(), want.selling_mandatory);
    EXPECT_EQ(got.rate_token.rfind("/v3/properties/" + offers.hotel_code + "/rooms/", 0), 0u);
    // The same penalty at each of the simulator's points, and nothing before the first.
    for (const auto& p : want.cancellation) {
      EXPECT_EQ(rapid::PenaltyAt(got.cancellation, p.from + 1s, "USD").minor, p.amount);
    }
    if (got.refundable) {
      EXPECT_EQ(rapid::PenaltyAt(got.cancellation, want.cancellation.front().from - 1s, "USD").minor, 0);
    }
  }
}

TEST_F(RapidConnectorTest, LongSearchOfEveryHotelIsBatchedAndComplete) {
  Start();
  std::vector<std::string> codes;
  for (const auto& h : server_->core().Hotels()) codes.push_back(h.code);
  const std::vector<RoomOccupancy> rooms{{2, {}}, {2, {4}}};
  auto req = Stay(codes, rooms);
  req.check_out = req.check_in + 7;
  ASSERT_LT(rapid::PropertiesPerRequest(req), codes.size());  // more than one request
  std::size_t expected = 0;
  for (const auto& code : codes) {
    auto rates = server_->core().Availability(code, req.check_in, req.check_out, {{2, {}}, {2, {4}}});
    if (rates && !rates->empty()) ++expected;
  }
  ASSERT_GT(expected, 10u);
  auto call = Call();
  auto result = Run(connector_->Search(req, call));
  ASSERT_TRUE(result) << result.error().detail;
  EXPECT_EQ(result->hotels.size(), expected);
}

TEST_F(RapidConnectorTest, SearchLimitsAreRapidsAndUnknownHotelsAreEmpty) {
  Start();
  auto call = Call();
  auto none = Stay({"RPD-NOPE"});
  auto empty = Run(connector_->Search(none, call));
  ASSERT_TRUE(empty) << empty.error().detail;
  EXPECT_TRUE(empty->hotels.empty());

  auto nine_rooms = Stay({"RPD1"}, std::vector<RoomOccupancy>(9, RoomOccupancy{1, {}}));
  EXPECT_EQ(Run(connector_->Search(nine_rooms, call)).error().code, Errc::validation_failed);
  auto long_stay = Stay({"RPD1"});
  long_stay.check_out = long_stay.check_in + 29;
  auto r = Run(connector_->Search(long_stay, call));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::validation_failed);
  ASSERT_FALSE(r.error().fields.empty());
  EXPECT_EQ(r.error().fields[0].field, "checkout");
  auto far = Stay({"RPD1"});
  far.check_in = far.check_in + 400;
  far.check_out = far.check_in + 2;
  EXPECT_EQ(Run(connector_->Search(far, call)).error().code, Errc::validation_failed);
}

TEST_F(RapidConnectorTest, BookRetrieveQuoteCancelAndCancelARefundableRate) {
  Start();
  const HotelOffers offers = FirstOffers();
  const Quote quote = Checked(offers);
  ASSERT_EQ(quote.status, QuoteStatus::kAvailable);
  ASSERT_TRUE(quote.rate.refundable);
  EXPECT_EQ(quote.rate.rate_token.rfind("/v3/itineraries?token=", 0), 0u);

  auto booked = Book(Order(offers.hotel_code, quote, "ord_happy_1"), Call());
  ASSERT_TRUE(booked) << booked.error().detail;
  EXPECT_EQ(booked->status, BookingStatus::kConfirmed);
  EXPECT_EQ(booked->client_reference, "ord_happy_1");
  EXPECT_EQ(booked->hotel_code, offers.hotel_code);
  EXPECT_EQ(booked->net, quote.rate.net);
  EXPECT_EQ(booked->check_in, Stay({}).check_in);
  EXPECT_FALSE(booked->supplier_reference.empty());
  EXPECT_FALSE(booked->cancellation.empty());

  auto by_client = Retrieve("ord_happy_1");
  ASSERT_TRUE(by_client) << by_client.error().detail;
  EXPECT_EQ(by_client->supplier_reference, booked->supplier_reference);
  EXPECT_EQ(by_client->status, BookingStatus::kConfirmed);
  EXPECT_EQ(Retrieve("ord_happy_1", booked->supplier_reference)->net, booked->net);
  EXPECT_EQ(Retrieve("ord_happy_1", "RPD-999999").error().code, Errc::not_found);
  EXPECT_EQ(Retrieve("ord_never").error().code, Errc::not_found);

  const CancelRequest cancel{booked->supplier_reference, "ord_happy_1"};
  auto call = Call();
  auto penalty = Run(connector_->QuoteCancel(cancel, call));
  ASSERT_TRUE(penalty) << penalty.error().detail;
  EXPECT_EQ(penalty->minor, *server_->core().CancelQuote(booked->supplier_reference));
  auto cancelled = Run(connector_->Cancel(cancel, call));
  ASSERT_TRUE(cancelled) << cancelled.error().detail;
  EXPECT_EQ(cancelled->status, BookingStatus::kCancelled);
  ASSERT_TRUE(cancelled->cancellation_penalty);
  EXPECT_EQ(*cancelled->cancellation_penalty, *penalty);
  EXPECT_EQ(Retrieve("ord_happy_1")->status, BookingStatus::kCancelled);
  // Cancelling again (a retry after a lost answer) reports the cancelled booking.
  auto again = Run(connector_->Cancel(cancel, call));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, BookingStatus::kCancelled);
  EXPECT_EQ(Run(connector_->QuoteCancel(cancel, call)).error().code, Errc::conflict);
}

TEST_F(RapidConnectorTest, MultiRoomNonRefundableBookingChargesEverythingOnCancel) {
  Start();
  const std::vector<RoomOccupancy> rooms{{2, {}}, {1, {}}};
  const HotelOffers offers = FirstOffers(rooms);
  const Quote quote = Checked(offers, rooms, false);
  ASSERT_FALSE(quote.rate.rate_token.empty());
  ASSERT_FALSE(quote.rate.refundable);  // every room type is also sold room-only non-refundable
  EXPECT_EQ(rapid::PenaltyAt(quote.rate.cancellation, std::chrono::system_clock::now(), "USD"), quote.rate.net);
  auto booking = Order(offers.hotel_code, quote, "ord_nrf_2", rooms);
  auto booked = Book(booking, Call());
  ASSERT_TRUE(booked) << booked.error().detail;
  EXPECT_EQ(booked->net, quote.rate.net);
  const CancelRequest cancel{booked->supplier_reference, "ord_nrf_2"};
  auto call = Call();
  EXPECT_EQ(*Run(connector_->QuoteCancel(cancel, call)), booked->net);
  auto cancelled = Run(connector_->Cancel(cancel, call));
  ASSERT_TRUE(cancelled) << cancelled.error().detail;
  EXPECT_EQ(cancelled->status, BookingStatus::kCancelled);
  EXPECT_EQ(*cancelled->cancellation_penalty, booked->net);
  EXPECT_EQ(server_->core().Retrieve(booked->supplier_reference)->cancellation_penalty, booked->net.minor);
}

TEST_F(RapidConnectorTest, PriceChangeAtRecheckByHeaderAndByRate) {
  Start();
  const HotelOffers offers = FirstOffers();
  const Rate& rate = offers.rates.front();
  QuoteRequest q{offers.hotel_code, rate.rate_token, Stay({}).check_in, Stay({}).check_out, {{2, {}}}, rate.net};
  auto call = Call("price_changed");
  auto changed = Run(connector_->Recheck(q, call));
  ASSERT_TRUE(changed) << changed.error().detail;
  EXPECT_EQ(changed->status, QuoteStatus::kPriceChanged);
  EXPECT_GT(changed->rate.net.minor, rate.net.minor);
  EXPECT_FALSE(changed->rate.rate_token.empty());
  auto mismatch = Call("price_mismatch");  // Rapid's own name
  EXPECT_EQ(Run(connector_->Recheck(q, mismatch))->status, QuoteStatus::kPriceChanged);

  auto o = Options();
  o.price_change_rate = 1;
  Start(o);
  const HotelOffers again = FirstOffers();
  QuoteRequest q2{again.hotel_code, again.rates.front().rate_token, Stay({}).check_in, Stay({}).check_out, {{2, {}}},
                  again.rates.front().net};
  auto plain = Call();
  EXPECT_EQ(Run(connector_->Recheck(q2, plain))->status, QuoteStatus::kPriceChanged);
}

TEST_F(RapidConnectorTest, SoldOutAtRecheckAndAtBooking) {
  Start();
  const HotelOffers offers = FirstOffers();
  const Rate& rate = offers.rates.front();
  QuoteRequest q{offers.hotel_code, rate.rate_token, Stay({}).check_in, Stay({}).check_out, {{2, {}}}, rate.net};
  auto sold = Call("sold_out");
  auto quote = Run(connector_->Recheck(q, sold));
  ASSERT_TRUE(quote) << quote.error().detail;
  EXPECT_EQ(quote->status, QuoteStatus::kSoldOut);
  EXPECT_TRUE(quote->rate.rate_token.empty());

  const Quote ok = Checked(offers);
  EXPECT_EQ(Book(Order(offers.hotel_code, ok, "ord_sold_1"), Call("rooms_unavailable")).error().code, Errc::sold_out);
  EXPECT_EQ(Retrieve("ord_sold_1").error().code, Errc::not_found);
  EXPECT_EQ(Book(Order(offers.hotel_code, ok, "ord_moved_1"), Call("price_mismatch")).error().code,
            Errc::price_changed);

  auto o = Options();
  o.sold_out_rate = 1;
  Start(o);
  const HotelOffers again = FirstOffers();
  const Quote q2 = Checked(again);
  EXPECT_EQ(Book(Order(again.hotel_code, q2, "ord_sold_2"), Call()).error().code, Errc::sold_out);
}

TEST_F(RapidConnectorTest, DuplicateReferenceIsAConflict) {
  Start();
  const HotelOffers offers = FirstOffers();
  const Quote quote = Checked(offers);
  ASSERT_TRUE(Book(Order(offers.hotel_code, quote, "ord_dup_1"), Call()));
  const Quote second = Checked(offers);
  auto dup = Book(Order(offers.hotel_code, second, "ord_dup_1"), Call());
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().code, Errc::conflict);
  // The platform's own checks come first: Rapid refuses such references anyway.
  EXPECT_EQ(Book(Order(offers.hotel_code, second, "x"), Call()).error().code, Errc::validation_failed);
  auto search_link = Order(offers.hotel_code, second, "ord_dup_2");
  search_link.rate_token = offers.rates.front().rate_token;
  EXPECT_EQ(Book(search_link, Call()).error().code, Errc::validation_failed);
}

TEST_F(RapidConnectorTest, ExpiredRateTokenIsValidationFailed) {
  Start(Options(), &clock_);
  const HotelOffers offers = FirstOffers();
  const Quote quote = Checked(offers);
  clock_.Advance(31min);
  const Rate& rate = offers.rates.front();
  QuoteRequest q{offers.hotel_code, rate.rate_token, Stay({}).check_in, Stay({}).check_out, {{2, {}}}, rate.net};
  auto call = Call();
  auto expired = Run(connector_->Recheck(q, call));
  ASSERT_FALSE(expired);
  EXPECT_EQ(expired.error().code, Errc::validation_failed);
  EXPECT_NE(expired.error().detail.find("expired"), std::string::npos) << expired.error().detail;
  EXPECT_EQ(Book(Order(offers.hotel_code, quote, "ord_late_1"), Call()).error().code, Errc::validation_failed);
}

TEST_F(RapidConnectorTest, BookingThatTimesOutIsFoundByReferenceOnceConfirmed) {
  Start(Options(), &clock_);
  const HotelOffers offers = FirstOffers();
  const Quote quote = Checked(offers);
  auto lost = Book(Order(offers.hotel_code, quote, "ord_slow_1"), Call("booking_timeout_confirmed", kShort));
  ASSERT_FALSE(lost);
  EXPECT_EQ(lost.error().code, Errc::upstream_timeout);
  EXPECT_EQ(Retrieve("ord_slow_1").error().code, Errc::not_found);  // not visible yet
  clock_.Advance(2100ms);
  auto found = Retrieve("ord_slow_1");
  ASSERT_TRUE(found) << found.error().detail;
  EXPECT_EQ(found->status, BookingStatus::kConfirmed);
  EXPECT_EQ(found->net, quote.rate.net);
}

TEST_F(RapidConnectorTest, BookingAnswered500IsMadeAnyway) {
  Start();
  const HotelOffers offers = FirstOffers();
  const Quote quote = Checked(offers);
  auto failed = Book(Order(offers.hotel_code, quote, "ord_err_1"), Call("booking_error_confirmed"));
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, Errc::upstream_unavailable);
  auto found = Retrieve("ord_err_1");
  ASSERT_TRUE(found) << found.error().detail;
  EXPECT_EQ(found->status, BookingStatus::kConfirmed);
}

TEST_F(RapidConnectorTest, OnRequestAndUnknownBookingsConfirmLater) {
  Start(Options(), &clock_);
  const HotelOffers offers = FirstOffers();
  auto pending = Book(Order(offers.hotel_code, Checked(offers), "ord_req_1"), Call("on_request"));
  ASSERT_TRUE(pending) << pending.error().detail;
  EXPECT_EQ(pending->status, BookingStatus::kOnRequest);
  auto unknown = Book(Order(offers.hotel_code, Checked(offers), "ord_unk_1"), Call("unknown"));
  ASSERT_TRUE(unknown) << unknown.error().detail;
  EXPECT_EQ(unknown->status, BookingStatus::kUnknown);
  EXPECT_FALSE(unknown->supplier_reference.empty());
  EXPECT_EQ(Retrieve("ord_req_1")->status, BookingStatus::kOnRequest);
  clock_.Advance(3100ms);
  EXPECT_EQ(Retrieve("ord_req_1")->status, BookingStatus::kConfirmed);
  EXPECT_EQ(Retrieve("ord_unk_1")->status, BookingStatus::kConfirmed);
}

TEST_F(RapidConnectorTest, HoldThenResumeOrReleaseOrLapse) {
  Start(Options(), &clock_);
  const HotelOffers offers = FirstOffers();
  auto hold = Order(offers.hotel_code, Checked(offers), "ord_hold_1");
  hold.hold_only = true;
  auto held = Book(hold, Call());
  ASSERT_TRUE(held) << held.error().detail;
  EXPECT_EQ(held->status, BookingStatus::kHeld);
  auto call = Call();
  auto committed = Run(connector_->Commit(*held, call));
  ASSERT_TRUE(committed) << committed.error().detail;
  EXPECT_EQ(committed->status, BookingStatus::kConfirmed);
  EXPECT_EQ(Retrieve("ord_hold_1")->status, BookingStatus::kConfirmed);
  EXPECT_EQ(Run(connector_->Commit(*held, call))->status, BookingStatus::kConfirmed);  // harmless twice

  auto release = Order(offers.hotel_code, Checked(offers), "ord_hold_2");
  release.hold_only = true;
  auto held2 = Book(release, Call());
  ASSERT_TRUE(held2);
  const CancelRequest cancel{held2->supplier_reference, "ord_hold_2"};
  EXPECT_EQ(Run(connector_->QuoteCancel(cancel, call))->minor, 0);
  auto released = Run(connector_->Cancel(cancel, call));
  ASSERT_TRUE(released) << released.error().detail;
  EXPECT_EQ(released->status, BookingStatus::kCancelled);
  EXPECT_EQ(released->cancellation_penalty->minor, 0);
  EXPECT_EQ(Run(connector_->Commit(*held2, call)).error().code, Errc::conflict);

  auto lapse = Order(offers.hotel_code, Checked(offers), "ord_hold_3");
  lapse.hold_only = true;
  auto held3 = Book(lapse, Call());
  ASSERT_TRUE(held3);
  clock_.Advance(std::chrono::seconds(Options().hold_ttl_s + 1));
  EXPECT_EQ(Retrieve("ord_hold_3")->status, BookingStatus::kCancelled);  // rolled back
  EXPECT_EQ(Run(connector_->Commit(*held3, call)).error().code, Errc::conflict);
}

TEST_F(RapidConnectorTest, ContentPagesListEveryHotelOnce) {
  Start();
  const auto& hotels = server_->core().Hotels();
  std::set<std::string> seen;
  ContentRequest req;
  req.page_size = 64;
  auto call = Call();
  int pages = 0;
  do {
    auto page = Run(connector_->Content(req, call));
    ASSERT_TRUE(page) << page.error().detail;
    EXPECT_EQ(page->total, static_cast<std::int64_t>(hotels.size()));
    EXPECT_LE(page->hotels.size(), 64u);
    for (const auto& h : page->hotels) {
      EXPECT_TRUE(seen.insert(h.code).second) << "twice: " << h.code;
      const auto* want = server_->core().FindHotel(h.code);
      ASSERT_NE(want, nullptr) << h.code;
      EXPECT_EQ(h.name, want->name);
      EXPECT_EQ(h.city, want->city);
      EXPECT_EQ(h.country, want->country);
      EXPECT_EQ(h.address, want->address);
      EXPECT_EQ(h.stars, want->stars);
      EXPECT_DOUBLE_EQ(h.lat, want->lat);
      EXPECT_DOUBLE_EQ(h.lon, want->lon);
    }
    req.cursor = page->next_cursor;
    ASSERT_LT(++pages, 100);
  } while (!req.cursor.empty());
  EXPECT_EQ(seen.size(), hotels.size());
  EXPECT_GT(pages, 1);
  req.cursor = "forged";
  EXPECT_EQ(Run(connector_->Content(req, call)).error().code, Errc::validation_failed);
}

}  // namespace
}  // namespace hotel::supplier::rapid_test
