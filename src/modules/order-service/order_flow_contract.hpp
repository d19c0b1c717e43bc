// The order flows against a real database (tests only): quotes, bookings with every supplier
// fault behind a real ResilientConnector, credit per tier, risk review, concurrency, cancel,
// expiry. Instantiated on SQLite (order_flow_test.cpp) and PostgreSQL (order_flow_pgtest.cpp).
#pragma once

#include "modules/order-service/order_test_support.hpp"

#include <thread>

namespace hotel::orders::testing {

using S = OrderStatus;

TEST_P(OrderFlowTest, QuoteAvailableIsStoredWithItsExpiry) {
  auto q = Quote(*sub_);
  EXPECT_EQ(q.status, supplier::QuoteStatus::kAvailable);
  EXPECT_EQ(q.price, (Money{106480, "CNY"}));
  EXPECT_FALSE(q.previous_price);
  EXPECT_EQ(q.offer.rate.rate_token, "rate-1-checked");
  EXPECT_EQ(q.expires_at, FormatIso8601(clock_.Now() + std::chrono::minutes(15)));
  auto read = Await(service_->GetQuote(*sub_, q.id));
  ASSERT_TRUE(read);
  EXPECT_EQ(read->price, q.price);
  // Another tenant's quote does not exist for it.
  auto other = Await(service_->GetQuote(*Caller("tnt_sub2", "/tnt_platform/tnt_dist/tnt_sub2/"), q.id));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, Errc::not_found);
}

TEST_P(OrderFlowTest, QuotePriceChangedShowsBothPrices) {
  script_->recheck_net = Money{11000, "EUR"};
  auto q = Quote(*sub_);
  EXPECT_EQ(q.status, supplier::QuoteStatus::kPriceChanged);
  EXPECT_EQ(q.price, (Money{117128, "CNY"}));
  ASSERT_TRUE(q.previous_price);
  EXPECT_EQ(*q.previous_price, (Money{106480, "CNY"}));
  // Booking it without accepting the change is refused, naming the new price.
  auto refused = Place(*sub_, Order(q.id));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::price_changed);
  EXPECT_NE(refused.error().detail.find("1171.28"), std::string::npos) << refused.error().detail;
  auto in = Order(q.id);
  in.accept_price_change = true;
  auto placed = Place(*sub_, in);
  ASSERT_TRUE(placed) << placed.error().detail;
  EXPECT_EQ(placed->order.status, S::kConfirmed);
  EXPECT_EQ(placed->order.price.minor, 117128);
}

TEST_P(OrderFlowTest, QuoteSoldOutStoresNothing) {
  script_->recheck_status = supplier::QuoteStatus::kSoldOut;
  auto q = Await(service_->CreateQuote(*sub_, Offer(), nullptr));
  ASSERT_FALSE(q);
  EXPECT_EQ(q.error().code, Errc::sold_out);
  EXPECT_EQ(Count("quotes"), 0);
}

TEST_P(OrderFlowTest, QuoteOfAnotherTenantsOfferIsNotFoundAndExpiredOfferIsGone) {
  auto q = Await(service_->CreateQuote(*sub_, Offer("tnt_sub2"), nullptr));
  ASSERT_FALSE(q);
  EXPECT_EQ(q.error().code, Errc::not_found);
  const auto offer = Offer();
  clock_.Advance(std::chrono::minutes(31));
  auto late = Await(service_->CreateQuote(*sub_, offer, nullptr));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, Errc::gone);
}

TEST_P(OrderFlowTest, OrderHappyPathHoldsThenCapturesEachTier) {
  auto q = Quote(*sub_);
  auto placed = Place(*sub_, Order(q.id));
  ASSERT_TRUE(placed) << placed.error().detail;
  const auto& o = placed->order;
  EXPECT_TRUE(placed->created);
  EXPECT_EQ(o.status, S::kConfirmed);
  EXPECT_EQ(o.supplier_booking_reference, "SUP-1");
  EXPECT_EQ(Bookings(), 1);
  // The sub-agent owes the distributor's price, the distributor the platform's.
  auto holds = Holds(o.id);
  ASSERT_EQ(holds.size(), 2u);
  std::map<std::string, credit::Hold> by_tenant;
  for (const auto& h : holds) by_tenant[h.tenant_id] = h;
  EXPECT_EQ(by_tenant["tnt_sub"].amount, (Money{96800, "CNY"}));
  EXPECT_EQ(by_tenant["tnt_dist"].amount, (Money{88000, "CNY"}));
  EXPECT_EQ(by_tenant["tnt_sub"].state, credit::HoldState::kCaptured);
  EXPECT_EQ(by_tenant["tnt_dist"].state, credit::HoldState::kCaptured);
  EXPECT_EQ(Account("tnt_sub").balance_minor, -96800);
  EXPECT_EQ(Account("tnt_sub").held_minor, 0);
  EXPECT_EQ(Account("tnt_dist").balance_minor, -88000);
  EXPECT_EQ(EventTypes(o.id), (std::vector<std::string>{"order.created", "order.booking", "order.confirmed"}));
  // The order service's own ledger counts its credit movements (issue 13 §7).
  EXPECT_EQ(Metric(R"(credit_holds_total{outcome="placed"})"), 2);
  EXPECT_EQ(Metric("credit_captures_total"), 2);
  auto detail = Await(service_->GetOrder(*sub_, o.id));
  ASSERT_TRUE(detail);
  ASSERT_EQ(detail->transitions.size(), 3u);
  EXPECT_EQ(detail->transitions[0].to, "PENDING");
  EXPECT_EQ(detail->transitions[2].to, "CONFIRMED");
  // Another subtree cannot see it.
  auto hidden = Await(service_->GetOrder(*Caller("tnt_other", "/tnt_platform/tnt_other/"), o.id));
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().code, Errc::not_found);
}

TEST_P(OrderFlowTest, SameClientReferenceAnswersTheSameOrderAndAnotherQuoteConflicts) {
  auto q = Quote(*sub_);
  auto first = Place(*sub_, Order(q.id));
  ASSERT_TRUE(first);
  auto again = Place(*sub_, Order(q.id));
  ASSERT_TRUE(again);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->order.id, first->order.id);
  auto q2 = Quote(*sub_);
  auto other = Place(*sub_, Order(q2.id));
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, Errc::conflict);
  EXPECT_EQ(Bookings(), 1);
}

TEST_P(OrderFlowTest, ExpiredQuoteIsGoneAndSoldOutAtBookFailsAndReleases) {
  auto q = Quote(*sub_);
  clock_.Advance(std::chrono::minutes(16));
  auto late = Place(*sub_, Order(q.id));
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, Errc::gone);

  auto q2 = Quote(*sub_);
  script_->book.push_back({Error{Errc::sold_out, "scripted", {}}});
  auto placed = Place(*sub_, Order(q2.id, "CR-2"));
  ASSERT_TRUE(placed);
  EXPECT_EQ(placed->order.status, S::kFailed);
  EXPECT_EQ(Bookings(), 0);
  for (const auto& h : Holds(placed->order.id)) EXPECT_EQ(h.state, credit::HoldState::kReleased);
  EXPECT_EQ(Account("tnt_sub").held_minor, 0);
  EXPECT_EQ(Account("tnt_sub").balance_minor, 0);
  EXPECT_EQ(EventTypes(placed->order.id), (std::vector<std::string>{"order.created", "order.booking", "order.failed"}));
}

TEST_P(OrderFlowTest, PriceChangeAtBookFailsAndReleases) {
  auto q = Quote(*sub_);
  script_->book.push_back({Error{Errc::price_changed, "scripted", {}}});
  auto placed = Place(*sub_, Order(q.id));
  ASSERT_TRUE(placed);
  EXPECT_EQ(placed->order.status, S::kFailed);
  EXPECT_EQ(script_->book_calls, 1);
  EXPECT_EQ(Account("tnt_dist").held_minor, 0);
  EXPECT_EQ(Account("tnt_dist").balance_minor, 0);
}

TEST_P(OrderFlowTest, ABookingConfirmedAtAnotherNetStandsAndIsCounted) {
  auto q = Quote(*sub_);
  BookStep step;
  step.net = Money{q.net.minor + 1234, q.net.currency};
  script_->book.push_back(step);
  auto placed = Place(*sub_, Order(q.id));
  ASSERT_TRUE(placed);
  EXPECT_EQ(placed->order.status, S::kConfirmed) << "the booking is made: it is kept";
  EXPECT_EQ(Account("tnt_sub").balance_minor, -96800) << "the agency pays what it was shown";
  EXPECT_NE(metrics_.Render().find("order_supplier_net_mismatches_total{supplier=\"" + placed->order.supplier + "\"} 1"),
            std::string::npos)
      << metrics_.Render();
  // A booking at the quoted net is not counted.
  auto again = Place(*sub_, Order(Quote(*sub_).id, "REF-2"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->order.status, S::kConfirmed);
  EXPECT_NE(metrics_.Render().find("order_supplier_net_mismatches_total{supplier=\"" + placed->order.supplier + "\"} 1"),
            std::string::npos);
}

TEST_P(OrderFlowTest, TimeoutThenTheBookingExistsOnRetrieveBooksOnce) {
  auto q = Quote(*sub_);
  script_->book.push_back({std::nullopt, true, supplier::BookingStatus::kConfirmed, 400ms});
  auto placed = Place(*sub_, Order(q.id));
  ASSERT_TRUE(placed);
  EXPECT_EQ(placed->order.status, S::kConfirmed);
  EXPECT_EQ(script_->book_calls, 1);
  EXPECT_EQ(Bookings(), 1);
  EXPECT_EQ(Account("tnt_sub").balance_minor, -96800);  // charged once
}

TEST_P(OrderFlowTest, ServerErrorButConfirmedBooksOnce) {
  auto q = Quote(*sub_);
  script_->book.push_back({Error::Unavailable("HTTP 502"), true});
  auto placed = Place(*sub_, Order(q.id));
  ASSERT_TRUE(placed);
  EXPECT_EQ(placed->order.status, S::kConfirmed);
  EXPECT_EQ(script_->book_calls, 1);
  EXPECT_EQ(Bookings(), 1);
  EXPECT_EQ(Account("tnt_dist").balance_minor, -88000);
}

TEST_P(OrderFlowTest, OnRequestIsConfirmedByThePoller) {
  auto q = Quote(*sub_);
  script_->book.push_back({std::nullopt, false, supplier::BookingStatus::kOnRequest});
  auto placed = Place(*sub_, Order(q.id));
  ASSERT_TRUE(placed);
  EXPECT_EQ(placed->order.status, S::kOnRequest);
  EXPECT_EQ(Account("tnt_sub").held_minor, 96800);  // kept while the hotel decides
  script_->retrieve_status = supplier::BookingStatus::kConfirmed;
  clock_.Advance(std::chrono::seconds(5));
  auto stats = Await(service_->PollOnce());
  EXPECT_EQ(stats.confirmed, 1);
  auto now = Await(service_->GetOrder(*sub_, placed->order.id));
  ASSERT_TRUE(now);
  EXPECT_EQ(now->order.status, S::kConfirmed);
  EXPECT_EQ(Account("tnt_sub").balance_minor, -96800);
  EXPECT_EQ(Account("tnt_sub").held_minor, 0);
  EXPECT_EQ(Bookings(), 1);
  EXPECT_EQ(Await(service_->PollOnce()).confirmed, 0);  // settled once
}

TEST_P(OrderFlowTest, UnknownThenFailedAtThePollerReleases) {
  auto q = Quote(*sub_);
  script_->book.push_back({std::nullopt, false, supplier::BookingStatus::kUnknown});
  auto placed = Place(*sub_, Order(q.id));
  ASSERT_TRUE(placed);
  EXPECT_EQ(placed->order.status, S::kOnRequest);
  script_->retrieve_status = supplier::BookingStatus::kFailed;
  clock_.Advance(std::chrono::seconds(5));
  EXPECT_EQ(Await(service_->PollOnce()).failed, 1);
  auto now = Await(service_->GetOrder(*sub_, placed->order.id));
  EXPECT_EQ(now->order.status, S::kFailed);
  EXPECT_EQ(Account("tnt_sub").held_minor, 0);
  EXPECT_EQ(Account("tnt_sub").balance_minor, 0);
  EXPECT_EQ(Bookings(), 1);
}

TEST_P(OrderFlowTest, CreditInsufficientKeepsAFailedOrderHoldingNothing) {
  auto small = Caller("tnt_sub2", "/tnt_platform/tnt_dist/tnt_sub2/");
  auto r = db().Execute("UPDATE credit_accounts SET limit_minor = 1000 WHERE tenant_id = 'tnt_sub2'");
  ASSERT_TRUE(r) << r.error().detail;
  auto q = Quote(*small);
  auto placed = Place(*small, Order(q.id));
  ASSERT_FALSE(placed);
  EXPECT_EQ(placed.error().code, Errc::credit_insufficient);
  EXPECT_NE(placed.error().detail.find("ord_"), std::string::npos) << placed.error().detail;
  auto list = Await(service_->ListOrders(*small, OrderFilter{}));
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().status, S::kFailed);
  EXPECT_EQ(list->front().status_reason, "credit_insufficient");
  EXPECT_TRUE(Holds(list->front().id).empty());
  EXPECT_EQ(Account("tnt_dist").held_minor, 0);
  EXPECT_EQ(script_->book_calls, 0);
}

TEST_P(OrderFlowTest, RiskReviewHoldsThenApproveBooks) {
  options_.risk_threshold = 0;  // every order goes to review
  MakeService();
  auto q = Quote(*sub_);
  auto placed = Place(*sub_, Order(q.id));
  ASSERT_TRUE(placed) << placed.error().detail;
  EXPECT_EQ(placed->order.status, S::kPendingReview);
  EXPECT_TRUE(Holds(placed->order.id).empty());
  EXPECT_EQ(script_->book_calls, 0);
  auto queue = Await(service_->Reviews(50, std::nullopt));
  ASSERT_TRUE(queue);
  ASSERT_EQ(queue->size(), 1u);
  auto approved = Await(service_->Approve(*staff_, placed->order.id, nullptr));
  ASSERT_TRUE(approved) << approved.error().detail;
  EXPECT_EQ(approved->status, S::kConfirmed);
  EXPECT_EQ(approved->reviewed_by, staff_->user_id);
  EXPECT_EQ(Account("tnt_sub").balance_minor, -96800);
  auto twice = Await(service_->Approve(*staff_, placed->order.id, nullptr));
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, Errc::conflict);
  auto q2 = Quote(*sub_);
  auto second = Place(*sub_, Order(q2.id, "CR-2"));
  ASSERT_TRUE(second);
  auto rejected = Await(service_->Reject(*staff_, second->order.id, "stolen card pattern"));
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->status, S::kRejected);
  EXPECT_EQ(Bookings(), 1);
}

TEST_P(OrderFlowTest, TwentyConcurrentCreationsWithOneClientReferenceBookOnce) {
  auto q = Quote(*sub_);
  boost::asio::io_context io;
  std::vector<std::future<Result<PlacedOrder>>> results;
  for (int i = 0; i < 20; ++i) {
    results.push_back(boost::asio::co_spawn(io, service_->PlaceOrder(*sub_, Order(q.id, "CR-RACE"), nullptr),
                                            boost::asio::use_future));
  }
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) threads.emplace_back([&] { io.run(); });
  for (auto& t : threads) t.join();
  std::set<std::string> ids;
  int created = 0;
  for (auto& f : results) {
    auto r = f.get();
    ASSERT_TRUE(r) << r.error().detail;
    ids.insert(r->order.id);
    created += r->created ? 1 : 0;
  }
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(created, 1);
  EXPECT_EQ(Bookings(), 1);
  EXPECT_EQ(script_->book_calls, 1);
  EXPECT_EQ(Count("orders"), 1);
  EXPECT_EQ(Account("tnt_sub").balance_minor, -96800);
}

TEST_P(OrderFlowTest, TenConcurrentCancelsCancelAndRefundOnce) {
  auto q = Quote(*sub_);
  auto placed = Place(*sub_, Order(q.id));
  ASSERT_TRUE(placed);
  ASSERT_EQ(placed->order.status, S::kConfirmed);
  // 21 days after: the 30 % point of the policy applies.
  clock_.Advance(std::chrono::hours(24 * 21));
  auto quote = Await(service_->QuoteCancellation(*sub_, placed->order.id));
  ASSERT_TRUE(quote);
  EXPECT_EQ(quote->penalty, (Money{31944, "CNY"}));  // 106480 × 3000 / 10000
  EXPECT_EQ(quote->refund, (Money{74536, "CNY"}));
  script_->cancel_delay = 50ms;
  boost::asio::io_context io;
  std::vector<std::future<Result<OrderRecord>>> results;
  for (int i = 0; i < 10; ++i) {
    results.push_back(
        boost::asio::co_spawn(io, service_->Cancel(*sub_, placed->order.id, nullptr), boost::asio::use_future));
  }
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) threads.emplace_back([&] { io.run(); });
  for (auto& t : threads) t.join();
  int ok = 0;
  for (auto& f : results) {
    auto r = f.get();
    if (r) {
      ++ok;
    } else {
      EXPECT_EQ(r.error().code, Errc::conflict);
    }
  }
  EXPECT_GE(ok, 1);
  EXPECT_EQ(script_->cancel_calls, 1);
  auto after = Await(service_->GetOrder(*sub_, placed->order.id));
  ASSERT_TRUE(after);
  EXPECT_EQ(after->order.status, S::kCancelled);
  EXPECT_EQ(after->order.cancel_penalty_minor, 31944);
  // Each tier refunded charged − its share of the 30 % penalty, once.
  EXPECT_EQ(Account("tnt_sub").balance_minor, -96800 + (96800 - 29040));
  EXPECT_EQ(Account("tnt_dist").balance_minor, -88000 + (88000 - 26400));
  auto refunds = Must("SELECT COUNT(*) FROM credit_entries WHERE kind = 'refund'");
  EXPECT_EQ(refunds.rows[0].GetInt(0), 2);
  auto again = Await(service_->Cancel(*sub_, placed->order.id, nullptr));
  ASSERT_TRUE(again);
  EXPECT_EQ(script_->cancel_calls, 1);
}

TEST_P(OrderFlowTest, UnconfirmedOrdersExpireAndReleaseHoldsAndStaysComplete) {
  auto q = Quote(*sub_);
  script_->book.push_back({std::nullopt, false, supplier::BookingStatus::kOnRequest});
  auto placed = Place(*sub_, Order(q.id));
  ASSERT_TRUE(placed);
  ASSERT_EQ(placed->order.status, S::kOnRequest);
  auto q2 = Quote(*sub_);
  auto confirmed = Place(*sub_, Order(q2.id, "CR-2"));
  ASSERT_TRUE(confirmed);
  ASSERT_EQ(confirmed->order.status, S::kConfirmed);
  clock_.Advance(std::chrono::minutes(31));
  auto stats = Await(service_->PollOnce());
  EXPECT_EQ(stats.expired, 1);
  auto now = Await(service_->GetOrder(*sub_, placed->order.id));
  EXPECT_EQ(now->order.status, S::kExpired);
  for (const auto& h : Holds(placed->order.id)) EXPECT_EQ(h.state, credit::HoldState::kReleased);
  EXPECT_EQ(Account("tnt_sub").held_minor, 0);
  EXPECT_EQ(script_->cancel_calls, 1);  // the supplier's on-request booking cancelled, best effort
  // After check-out the confirmed stay completes.
  clock_.Advance(std::chrono::hours(24 * 33));
  EXPECT_EQ(Await(service_->PollOnce()).completed, 1);
  EXPECT_EQ(Await(service_->GetOrder(*sub_, confirmed->order.id))->order.status, S::kCompleted);
}

TEST_P(OrderFlowTest, ListFiltersPagesAndScopesToTheSubtree) {
  for (int i = 0; i < 3; ++i) {
    auto q = Quote(*sub_);
    ASSERT_TRUE(Place(*sub_, Order(q.id, "CR-" + std::to_string(i))));
  }
  auto sub2 = Caller("tnt_sub2", "/tnt_platform/tnt_dist/tnt_sub2/");
  auto q = Quote(*sub2);
  ASSERT_TRUE(Place(*sub2, Order(q.id, "CR-X")));
  EXPECT_EQ(Await(service_->ListOrders(*sub_, OrderFilter{}))->size(), 3u);
  EXPECT_EQ(Await(service_->ListOrders(*sub2, OrderFilter{}))->size(), 1u);
  EXPECT_EQ(Await(service_->ListOrders(*dist_, OrderFilter{}))->size(), 4u);
  EXPECT_EQ(Await(service_->ListOrders(*staff_, OrderFilter{}))->size(), 4u);
  EXPECT_EQ(Await(service_->ListOrders(*Caller("tnt_other", "/tnt_platform/tnt_other/"), OrderFilter{}))->size(), 0u);
  OrderFilter by_ref;
  by_ref.client_reference = "CR-1";
  EXPECT_EQ(Await(service_->ListOrders(*sub_, by_ref))->size(), 1u);
  OrderFilter by_status;
  by_status.status = S::kFailed;
  EXPECT_EQ(Await(service_->ListOrders(*dist_, by_status))->size(), 0u);
  OrderFilter dates;
  dates.check_in_from = DateOf(kStart) + 30;
  dates.check_in_to = DateOf(kStart) + 30;
  EXPECT_EQ(Await(service_->ListOrders(*dist_, dates))->size(), 4u);
  dates.check_in_from = DateOf(kStart) + 31;
  dates.check_in_to.reset();
  EXPECT_EQ(Await(service_->ListOrders(*dist_, dates))->size(), 0u);
  // Pages of 2 (the repository answers limit + 1 to tell there is more).
  OrderFilter page;
  page.limit = 2;
  auto first = Await(service_->ListOrders(*dist_, page));
  ASSERT_EQ(first->size(), 3u);
  page.after = (*first)[1].id;
  auto second = Await(service_->ListOrders(*dist_, page));
  ASSERT_EQ(second->size(), 2u);
  EXPECT_LT((*second)[0].id, (*first)[1].id);
}

// ---- Booking certainty (issue 13) -------------------------------------------------------

// A booking whose call timed out and that the supplier cannot find is not failed before the
// supplier's window has passed; then it is cancelled by reference (nothing there) and FAILED,
// its credit released once. When the supplier confirms it later still, the platform finds it
// during the watch and cancels it: the order stays FAILED, the ghost is counted.
TEST_P(OrderFlowTest, ALateConfirmationAfterTheWindowIsCancelledAsAGhost) {
  const OrderRecord placed = PlaceLateConfirmed();
  ASSERT_FALSE(HasFailure());
  const std::string id = placed.id;
  EXPECT_EQ(Account("tnt_sub").held_minor, 96800);
  // Not found for the next 9 minutes: still waiting, the credit still held.
  for (int i = 0; i < 6; ++i) {
    clock_.Advance(90s);
    Await(service_->PollOnce());
    ASSERT_EQ(Stored(id)->status, S::kOnRequest) << "checked at +" << (i + 1) * 90 << " s";
  }
  EXPECT_EQ(Account("tnt_sub").held_minor, 96800);
  const int cancels_before = script_->cancel_calls;
  clock_.Advance(61s);  // the hbx-json window (600 s) has passed
  auto stats = Await(service_->PollOnce());
  EXPECT_EQ(stats.failed, 1);
  auto failed = Stored(id);
  EXPECT_EQ(failed->status, S::kFailed);
  EXPECT_EQ(failed->status_reason, "not_found_at_supplier");
  EXPECT_GT(script_->cancel_calls, cancels_before) << "a compensating cancel before failing";
  EXPECT_TRUE(failed->watch_until.has_value());
  EXPECT_EQ(Account("tnt_sub").held_minor, 0);
  EXPECT_EQ(Account("tnt_sub").balance_minor, 0);

  script_->Reveal(placed.supplier_reference_key);  // the supplier confirms, very late
  clock_.Advance(5s);
  Await(service_->PollOnce());
  EXPECT_EQ(script_->cancels_done, 1) << "the ghost booking is cancelled at the supplier";
  EXPECT_EQ(Metric(R"(order_ghost_bookings_total{supplier="HBX",outcome="cancelled"})"), 1);
  EXPECT_EQ(Stored(id)->status, S::kFailed) << "a final order never changes";
  EXPECT_EQ(Account("tnt_sub").balance_minor, 0);
  EXPECT_EQ(Account("tnt_sub").held_minor, 0);
  // The watch ends; nothing is looked at any more.
  clock_.Advance(3h);
  Await(service_->PollOnce());
  EXPECT_FALSE(Stored(id)->next_check_at.has_value());
  const int retrieves = script_->retrieve_calls;
  clock_.Advance(1h);
  Await(service_->PollOnce());
  EXPECT_EQ(script_->retrieve_calls, retrieves);
}

// The same late booking found while the order is still open is the client's booking.
TEST_P(OrderFlowTest, ABookingFoundLateWhileOpenIsConfirmedAndChargedOnce) {
  const OrderRecord placed = PlaceLateConfirmed();
  ASSERT_FALSE(HasFailure());
  clock_.Advance(120s);
  Await(service_->PollOnce());
  ASSERT_EQ(Stored(placed.id)->status, S::kOnRequest);
  script_->Reveal(placed.supplier_reference_key);
  clock_.Advance(120s);
  EXPECT_EQ(Await(service_->PollOnce()).confirmed, 1);
  auto now = Stored(placed.id);
  EXPECT_EQ(now->status, S::kConfirmed);
  EXPECT_EQ(now->status_reason, "confirmed_late");
  EXPECT_FALSE(now->next_check_at.has_value());
  EXPECT_EQ(Account("tnt_sub").balance_minor, -96800);
  EXPECT_EQ(Account("tnt_sub").held_minor, 0);
  EXPECT_EQ(Bookings(), 1);
  EXPECT_EQ(script_->cancels_done, 0);
}

// A process died while its booking call was in flight (the supplier booked): another
// process's poller finds the BOOKING order of a gone instance at once, retrieves the booking
// and confirms it; the dead call's late answer changes nothing.
TEST_P(OrderFlowTest, ABookingOfAGoneProcessIsFinishedByAnotherProcess) {
  auto gate = std::make_shared<std::atomic<bool>>(false);
  BookStep hanging;
  hanging.gate = gate;
  hanging.gate_after_booking = true;
  script_->book.push_back(hanging);
  auto dead = DeadProcess();
  auto q = Quote(*sub_);
  Background<Result<PlacedOrder>> first(dead->PlaceOrder(*sub_, Order(q.id), nullptr));
  for (int i = 0; i < 5000 && Bookings() == 0; ++i) std::this_thread::sleep_for(1ms);
  ASSERT_EQ(Bookings(), 1);
  // ins_dead never registered (or was found gone): another instance takes over.
  EXPECT_EQ(Await(OtherProcess()->PollOnce()).confirmed, 1);
  *gate = true;
  auto answered = first.Get();
  ASSERT_TRUE(answered) << answered.error().detail;
  const std::string id = answered->order.id;
  EXPECT_EQ(Stored(id)->status, S::kConfirmed);
  EXPECT_EQ(Bookings(), 1);
  EXPECT_EQ(Account("tnt_sub").balance_minor, -96800) << "charged once";
  EXPECT_EQ(Account("tnt_sub").held_minor, 0);
}

// A process died before its booking request left (nothing at the supplier) while the quote is
// still valid: the client's retry takes the order over and books it, once.
TEST_P(OrderFlowTest, ARetryOfABookingNeverSentBooksItOnce) {
  auto gate = std::make_shared<std::atomic<bool>>(false);
  BookStep stuck;
  stuck.gate = gate;  // the request never reaches the supplier before the gate opens
  script_->book.push_back(stuck);
  auto dead = DeadProcess();
  auto q = Quote(*sub_);
  Background<Result<PlacedOrder>> first(dead->PlaceOrder(*sub_, Order(q.id), nullptr));
  for (int i = 0; i < 5000 && script_->book_calls == 0; ++i) std::this_thread::sleep_for(1ms);
  ASSERT_EQ(script_->book_calls, 1);
  service_ = OtherProcess();
  auto retried = Place(*sub_, Order(q.id));  // the same clientReference
  ASSERT_TRUE(retried) << retried.error().detail;
  EXPECT_FALSE(retried->created);
  EXPECT_EQ(retried->order.status, S::kConfirmed) << retried->order.status_reason.value_or("");
  EXPECT_EQ(Bookings(), 1);
  *gate = true;  // the dead process's request arrives after all: a duplicate, refused
  first.Get();
  EXPECT_EQ(Stored(retried->order.id)->status, S::kConfirmed);
  EXPECT_EQ(Bookings(), 1);
  EXPECT_EQ(Account("tnt_sub").balance_minor, -96800);
}

// A client cancelling an open booking the supplier cannot find gets CANCELLED at once; the
// order is watched, and a booking that shows up for it is cancelled.
TEST_P(OrderFlowTest, CancellingAnUnknownBookingWatchesForItsLateConfirmation) {
  const OrderRecord placed = PlaceLateConfirmed();
  ASSERT_FALSE(HasFailure());
  auto cancelled = Await(service_->Cancel(*sub_, placed.id, nullptr));
  ASSERT_TRUE(cancelled) << cancelled.error().detail;
  EXPECT_EQ(cancelled->status, S::kCancelled);
  EXPECT_TRUE(cancelled->watch_until.has_value());
  EXPECT_EQ(Account("tnt_sub").held_minor, 0);
  script_->Reveal(placed.supplier_reference_key);
  clock_.Advance(10s);
  Await(service_->PollOnce());
  EXPECT_EQ(script_->cancels_done, 1);
  EXPECT_EQ(Stored(placed.id)->status, S::kCancelled);
  EXPECT_EQ(Account("tnt_sub").balance_minor, 0);
}


// A cancellation whose process died after it entered CANCELLING: another process's poller
// finishes it (the supplier cancel, refunds once); the dead call's late answer changes nothing.
TEST_P(OrderFlowTest, ACancellationOfAGoneProcessIsFinishedByAnotherProcess) {
  auto q = Quote(*sub_);
  auto placed = Place(*sub_, Order(q.id));
  ASSERT_TRUE(placed);
  ASSERT_EQ(placed->order.status, S::kConfirmed);
  auto gate = std::make_shared<std::atomic<bool>>(false);
  script_->cancel_gate = gate;
  auto dead = DeadProcess();
  Background<Result<OrderRecord>> first(dead->Cancel(*sub_, placed->order.id, nullptr));
  for (int i = 0; i < 5000 && script_->cancel_calls == 0; ++i) std::this_thread::sleep_for(1ms);
  ASSERT_EQ(Stored(placed->order.id)->status, S::kCancelling);
  EXPECT_EQ(Await(OtherProcess()->PollOnce()).cancelled, 1);
  EXPECT_EQ(Stored(placed->order.id)->status, S::kCancelled);
  *gate = true;
  first.Get();
  EXPECT_EQ(Stored(placed->order.id)->status, S::kCancelled);
  EXPECT_EQ(script_->cancels_done, 1);
  auto refunds = Must("SELECT COUNT(*) FROM credit_entries WHERE kind = 'refund'");
  EXPECT_EQ(refunds.rows[0].GetInt(0), 2) << "one refund per tier, once";
  EXPECT_EQ(Account("tnt_sub").balance_minor, 0) << "a free cancellation refunds everything";
}

}  // namespace hotel::orders::testing
