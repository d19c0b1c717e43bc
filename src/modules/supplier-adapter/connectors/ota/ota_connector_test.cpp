// The ota-xml connector against the in-process ota-xml simulator: every operation of the port
// (search, re-check, book with hold and commit, retrieve, cancellation quote and cancel,
// content paging) and every business scenario (price change, sold out, late and 5xx-but-made
// bookings, on-request/unknown, duplicate reference, expired token).
#include "modules/supplier-adapter/connectors/ota/ota_connector_fixture.hpp"

namespace hotel::supplier::ota_test {
namespace {

// ---- search and re-check -------------------------------------------------------------------

TEST_F(OtaConnectorTest, SearchReturnsTheSuppliersRatesInTheCanonicalModel) {
  Start();
  EXPECT_EQ(connector_->Protocol(), "ota-xml");
  auto r = Run(connector_->Search(Search(Codes(0, 60)), Call()));
  ASSERT_TRUE(r) << r.error().detail;
  ASSERT_GE(r->hotels.size(), 10u);
  for (const auto& h : r->hotels) {
    auto direct = sim_->core().Availability(h.hotel_code, *ParseDate("2026-12-01"), *ParseDate("2026-12-03"), {{2, {}}});
    ASSERT_TRUE(direct);
    ASSERT_EQ(h.rates.size(), direct->size()) << h.hotel_code;
    for (std::size_t i = 0; i < h.rates.size(); ++i) {
      const Rate& rate = h.rates[i];
      const sim::SimRate& truth = (*direct)[i];
      EXPECT_EQ(rate.net, (Money{truth.net, "USD"}));
      EXPECT_EQ(rate.room_code, truth.key.room_code);
      EXPECT_EQ(rate.room_name, truth.room_name);
      EXPECT_EQ(BoardCode(rate.board), truth.key.board);
      EXPECT_EQ(rate.refundable, truth.key.rate_class == sim::RateClass::kRefundable);
      EXPECT_EQ(rate.rooms_left, truth.rooms_left);
      auto ref = ota::ParseRateToken(rate.rate_token);
      ASSERT_TRUE(ref);
      EXPECT_EQ(ref->booking_code, truth.token);
      ASSERT_EQ(rate.cancellation.size(), truth.cancellation.size());
      for (std::size_t p = 0; p < truth.cancellation.size(); ++p) {
        EXPECT_EQ(rate.cancellation[p].penalty.minor, truth.cancellation[p].amount);
        // Hotel-local without an offset, read in UTC+14: never later than the real deadline.
        EXPECT_LE(rate.cancellation[p].from, truth.cancellation[p].from);
        EXPECT_GE(rate.cancellation[p].from, truth.cancellation[p].from - std::chrono::hours(26));
      }
    }
  }
}

TEST_F(OtaConnectorTest, SearchOfUnknownHotelsIsEmptyAndBadStaysAreRejected) {
  Start();
  auto none = Run(connector_->Search(Search({"OTA-NOPE", "XYZ"}), Call()));
  ASSERT_TRUE(none) << none.error().detail;
  EXPECT_TRUE(none->hotels.empty());
  auto past = Search(Codes(0, 3));
  past.check_in = *ParseDate("2026-01-01");
  past.check_out = *ParseDate("2026-01-03");
  ExpectCode(Run(connector_->Search(past, Call())), Errc::validation_failed);
  auto children = Search(Codes(0, 3));
  children.rooms = {{2, {40}}};
  ExpectCode(Run(connector_->Search(children, Call())), Errc::validation_failed);
}

TEST_F(OtaConnectorTest, RecheckOfAnUnchangedRateIsAvailableWithAFreshToken) {
  Start();
  const Offer o = Offers().at(0);
  clock_.Advance(std::chrono::seconds(1));  // tokens carry their issue time
  auto q = Run(connector_->Recheck(QuoteOf(o), Call()));
  ASSERT_TRUE(q) << q.error().detail;
  EXPECT_EQ(q->status, QuoteStatus::kAvailable);
  EXPECT_EQ(q->rate.net, o.rate.net);
  EXPECT_EQ(q->rate.room_code, o.rate.room_code);
  EXPECT_NE(q->rate.rate_token, o.rate.rate_token);
}

TEST_F(OtaConnectorTest, PriceChangeAtRecheckByHeaderThenBookingAtTheNewPrice) {
  Start();
  const Offer o = Offers().at(0);
  auto q = Run(connector_->Recheck(QuoteOf(o), Call("price_changed")));
  ASSERT_TRUE(q) << q.error().detail;
  EXPECT_EQ(q->status, QuoteStatus::kPriceChanged);
  EXPECT_GT(q->rate.net.minor, o.rate.net.minor);
  auto b = Run(connector_->Book(BookOf({o.hotel, q->rate}, "ord_newprice"), Call()));
  ASSERT_TRUE(b) << b.error().detail;
  EXPECT_EQ(b->status, BookingStatus::kConfirmed);
  EXPECT_EQ(b->net, q->rate.net);
}

TEST_F(OtaConnectorTest, PriceChangeAtRecheckByProcessRate) {
  Start(Options({.price_change_rate = 1}));
  const Offer o = Offers().at(0);
  auto q = Run(connector_->Recheck(QuoteOf(o), Call()));
  ASSERT_TRUE(q) << q.error().detail;
  EXPECT_EQ(q->status, QuoteStatus::kPriceChanged);
  EXPECT_NE(q->rate.net, o.rate.net);
}

TEST_F(OtaConnectorTest, SoldOutAtRecheck) {
  Start();
  const Offer o = Offers().at(0);
  auto q = Run(connector_->Recheck(QuoteOf(o), Call("sold_out")));
  ASSERT_TRUE(q) << q.error().detail;
  EXPECT_EQ(q->status, QuoteStatus::kSoldOut);
  EXPECT_TRUE(q->rate.rate_token.empty());
  QuoteRequest foreign = QuoteOf(o);
  foreign.rate_token = "not-ours";
  auto bad = Run(connector_->Recheck(foreign, Call()));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Errc::validation_failed);
}

// ---- booking -------------------------------------------------------------------------------

TEST_F(OtaConnectorTest, BookHoldsThenCommitsAndRetrievesByEitherReference) {
  Start();
  const Offer o = Offers().at(0);
  auto b = Run(connector_->Book(BookOf(o, "ord_1001"), Call()));
  ASSERT_TRUE(b) << b.error().detail;
  EXPECT_EQ(b->status, BookingStatus::kConfirmed);
  EXPECT_EQ(b->client_reference, "ord_1001");
  EXPECT_EQ(b->hotel_code, o.hotel);
  EXPECT_EQ(b->net, o.rate.net);
  EXPECT_EQ(b->check_in, *ParseDate("2026-12-01"));
  EXPECT_FALSE(b->cancellation.empty());
  auto in_sim = sim_->core().Retrieve(b->supplier_reference);
  ASSERT_TRUE(in_sim);
  EXPECT_EQ(in_sim->state, sim::BookingState::kConfirmed);
  EXPECT_EQ(in_sim->holder_last, "Lee");

  RetrieveRequest by_ref;
  by_ref.supplier_reference = b->supplier_reference;
  auto r1 = Run(connector_->Retrieve(by_ref, Call()));
  ASSERT_TRUE(r1) << r1.error().detail;
  EXPECT_EQ(r1->status, BookingStatus::kConfirmed);
  EXPECT_EQ(r1->client_reference, "ord_1001");
  auto r2 = RetrieveByClient("ord_1001");
  ASSERT_TRUE(r2) << r2.error().detail;
  EXPECT_EQ(r2->supplier_reference, b->supplier_reference);
  EXPECT_EQ(r2->net, o.rate.net);
}

TEST_F(OtaConnectorTest, HoldOnlyThenCommitAndAnAbandonedHoldLapses) {
  Start();
  const auto offers = Offers();
  BookRequest hold = BookOf(offers.at(0), "ord_hold1");
  hold.hold_only = true;
  auto held = Run(connector_->Book(hold, Call()));
  ASSERT_TRUE(held) << held.error().detail;
  EXPECT_EQ(held->status, BookingStatus::kHeld);
  EXPECT_EQ(RetrieveByClient("ord_hold1")->status, BookingStatus::kHeld);
  auto committed = Run(connector_->Commit(*held, Call()));
  ASSERT_TRUE(committed) << committed.error().detail;
  EXPECT_EQ(committed->status, BookingStatus::kConfirmed);
  EXPECT_EQ(committed->supplier_reference, held->supplier_reference);

  BookRequest lapse = BookOf(offers.at(1), "ord_hold2");
  lapse.hold_only = true;
  auto abandoned = Run(connector_->Book(lapse, Call()));
  ASSERT_TRUE(abandoned) << abandoned.error().detail;
  clock_.Advance(std::chrono::seconds(sim_->core().options().hold_ttl_s + 1));
  auto late = Run(connector_->Commit(*abandoned, Call()));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, Errc::gone) << late.error().detail;
  EXPECT_EQ(RetrieveByClient("ord_hold2")->status, BookingStatus::kFailed);
}

TEST_F(OtaConnectorTest, SoldOutAtBookingByHeaderAndByProcessRate) {
  Start();
  const Offer o = Offers().at(0);
  auto b = Run(connector_->Book(BookOf(o, "ord_sold1"), Call("sold_out")));
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, Errc::sold_out) << b.error().detail;

  Start(Options({.sold_out_rate = 1}));
  const Offer p = Offers().at(0);
  auto c = Run(connector_->Book(BookOf(p, "ord_sold2"), Call()));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, Errc::sold_out) << c.error().detail;
}

TEST_F(OtaConnectorTest, AnotherPriceThanAgreedIsRefused) {
  Start();
  const Offer o = Offers().at(0);
  BookRequest b = BookOf(o, "ord_price");
  b.expected_net.minor -= 100;
  auto r = Run(connector_->Book(b, Call()));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::price_changed) << r.error().detail;
}

TEST_F(OtaConnectorTest, DuplicateClientReferenceIsAConflict) {
  Start();
  const auto offers = Offers();
  ASSERT_TRUE(Run(connector_->Book(BookOf(offers.at(0), "ord_dup"), Call())));
  auto again = Run(connector_->Book(BookOf(offers.at(1), "ord_dup"), Call()));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, Errc::conflict) << again.error().detail;
  auto bad = Run(connector_->Book(BookOf(offers.at(1), "x"), Call()));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, Errc::validation_failed);
}

TEST_F(OtaConnectorTest, ExpiredRateTokenIsValidationFailed) {
  Start();
  const Offer o = Offers().at(0);
  clock_.Advance(std::chrono::seconds(sim_->core().options().rate_token_ttl_s + 1));
  auto r = Run(connector_->Book(BookOf(o, "ord_expired"), Call()));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::validation_failed) << r.error().detail;
  EXPECT_NE(r.error().detail.find("expired"), std::string::npos);
  Offer forged = o;
  forged.rate.rate_token = ota::MakeRateToken({o.rate.room_code, "BB-FLX", "forged.token"});
  auto f = Run(connector_->Book(BookOf(forged, "ord_forged"), Call()));
  ASSERT_FALSE(f);
  EXPECT_EQ(f.error().code, Errc::validation_failed) << f.error().detail;
}

TEST_F(OtaConnectorTest, BookingThatTimesOutIsConfirmedLater) {
  Start();
  const Offer o = Offers().at(0);
  auto b = Run(connector_->Book(BookOf(o, "ord_late"), Call("booking_timeout_confirmed", kShortCall)));
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, Errc::upstream_timeout) << b.error().detail;
  auto early = RetrieveByClient("ord_late");
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, Errc::not_found);
  clock_.Advance(std::chrono::milliseconds(sim_->core().options().late_confirm_ms));
  auto later = RetrieveByClient("ord_late");
  ASSERT_TRUE(later) << later.error().detail;
  EXPECT_EQ(later->status, BookingStatus::kConfirmed);
  EXPECT_EQ(later->net, o.rate.net);
}

TEST_F(OtaConnectorTest, BookingThatFailsWith500IsConfirmed) {
  Start();
  const Offer o = Offers().at(0);
  auto b = Run(connector_->Book(BookOf(o, "ord_500"), Call("booking_error_confirmed")));
  ASSERT_FALSE(b);
  EXPECT_EQ(b.error().code, Errc::upstream_unavailable) << b.error().detail;
  auto found = RetrieveByClient("ord_500");
  ASSERT_TRUE(found) << found.error().detail;
  EXPECT_EQ(found->status, BookingStatus::kConfirmed);
}

TEST_F(OtaConnectorTest, OnRequestAndUnknownBookingsAreConfirmedOnRetrieveLater) {
  Start();
  const auto offers = Offers();
  auto on_request = Run(connector_->Book(BookOf(offers.at(0), "ord_onreq"), Call("on_request")));
  ASSERT_TRUE(on_request) << on_request.error().detail;
  EXPECT_EQ(on_request->status, BookingStatus::kOnRequest);
  auto unknown = Run(connector_->Book(BookOf(offers.at(1), "ord_unknown"), Call("unknown")));
  ASSERT_TRUE(unknown) << unknown.error().detail;
  EXPECT_EQ(unknown->status, BookingStatus::kUnknown);
  EXPECT_EQ(RetrieveByClient("ord_onreq")->status, BookingStatus::kOnRequest);
  clock_.Advance(std::chrono::milliseconds(sim_->core().options().on_request_ms));
  EXPECT_EQ(RetrieveByClient("ord_onreq")->status, BookingStatus::kConfirmed);
  EXPECT_EQ(RetrieveByClient("ord_unknown")->status, BookingStatus::kConfirmed);
}

TEST_F(OtaConnectorTest, RetrieveOfAnUnknownBookingIsNotFound) {
  Start();
  auto r = RetrieveByClient("ord_never");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::not_found);
  auto c = Run(connector_->Cancel({"OTA-999999", ""}, Call()));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code, Errc::not_found);
}

// ---- cancellation --------------------------------------------------------------------------

TEST_F(OtaConnectorTest, CancellationQuoteThenCancelFollowTheBookedPolicy) {
  Start();
  const Offer flexible = Offers(true).at(0);
  auto b = Run(connector_->Book(BookOf(flexible, "ord_cxl1"), Call()));
  ASSERT_TRUE(b) << b.error().detail;
  auto free_now = Run(connector_->QuoteCancel({b->supplier_reference, ""}, Call()));
  ASSERT_TRUE(free_now) << free_now.error().detail;
  EXPECT_EQ(*free_now, (Money{0, "USD"})) << "ten days before arrival";
  clock_.Set(At("2026-12-02", 0));
  auto whole = Run(connector_->QuoteCancel({"", "ord_cxl1"}, Call()));
  ASSERT_TRUE(whole) << whole.error().detail;
  EXPECT_EQ(*whole, b->net) << "after arrival the whole stay";
  clock_.Set(At("2026-11-20"));
  auto cancelled = Run(connector_->Cancel({"", "ord_cxl1"}, Call()));
  ASSERT_TRUE(cancelled) << cancelled.error().detail;
  EXPECT_EQ(cancelled->status, BookingStatus::kCancelled);
  EXPECT_EQ(cancelled->supplier_reference, b->supplier_reference);
  EXPECT_EQ(cancelled->cancellation_penalty, (Money{0, "USD"}));
  auto after = RetrieveByClient("ord_cxl1");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, BookingStatus::kCancelled);
  EXPECT_EQ(after->cancellation_penalty, (Money{0, "USD"}));
  auto twice = Run(connector_->Cancel({b->supplier_reference, ""}, Call()));
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, Errc::conflict);

  const Offer nrf = Offers(false).at(0);
  auto n = Run(connector_->Book(BookOf(nrf, "ord_cxl2"), Call()));
  ASSERT_TRUE(n) << n.error().detail;
  EXPECT_EQ(*Run(connector_->QuoteCancel({n->supplier_reference, ""}, Call())), nrf.rate.net);
}

// ---- content -------------------------------------------------------------------------------

TEST_F(OtaConnectorTest, ContentPagingReturnsEveryHotelOnce) {
  Start();
  const auto& truth = sim_->core().Hotels();
  std::map<std::string, ContentHotel> seen;
  ContentRequest page_request;
  page_request.page_size = 70;
  int pages = 0;
  do {
    auto page = Run(connector_->Content(page_request, Call()));
    ASSERT_TRUE(page) << page.error().detail;
    EXPECT_EQ(page->total, static_cast<std::int64_t>(truth.size()));
    for (const auto& h : page->hotels) EXPECT_TRUE(seen.emplace(h.code, h).second) << "twice: " << h.code;
    page_request.cursor = page->next_cursor;
    ASSERT_LT(++pages, 100);
  } while (!page_request.cursor.empty());
  EXPECT_EQ(pages, static_cast<int>((truth.size() + 69) / 70));
  ASSERT_EQ(seen.size(), truth.size());
  for (const auto& t : truth) {
    const auto it = seen.find(t.code);
    ASSERT_NE(it, seen.end()) << t.code;
    const ContentHotel& h = it->second;
    EXPECT_EQ(h.name, t.name);
    EXPECT_EQ(h.city, t.city);
    EXPECT_EQ(h.country, t.country);
    EXPECT_EQ(h.address, t.address);
    EXPECT_EQ(h.postcode, t.postcode);
    EXPECT_EQ(h.phone, t.phone);
    EXPECT_EQ(h.chain, t.chain);
    EXPECT_EQ(h.stars, t.stars);
    EXPECT_NEAR(h.lat, t.lat, 1e-6);
    EXPECT_NEAR(h.lon, t.lon, 1e-6);
  }
  ContentRequest bad;
  bad.cursor = "abc";
  EXPECT_EQ(Run(connector_->Content(bad, Call())).error().code, Errc::validation_failed);
}

}  // namespace
}  // namespace hotel::supplier::ota_test
