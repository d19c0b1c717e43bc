// The pure parts of order-service: the lifecycle table, the supplier reference, booking
// outcomes and penalty arithmetic.
#include "modules/order-service/model.hpp"

#include "core/ids.hpp"

#include <gtest/gtest.h>

namespace hotel::orders {
namespace {

using S = OrderStatus;

TEST(OrderLifecycle, AllowsTheDocumentedPathsOnly) {
  EXPECT_TRUE(CanTransition(S::kPending, S::kBooking));
  EXPECT_TRUE(CanTransition(S::kPending, S::kPendingReview));
  EXPECT_TRUE(CanTransition(S::kBooking, S::kConfirmed));
  EXPECT_TRUE(CanTransition(S::kBooking, S::kOnRequest));
  EXPECT_TRUE(CanTransition(S::kOnRequest, S::kConfirmed));
  EXPECT_TRUE(CanTransition(S::kConfirmed, S::kCancelling));
  EXPECT_TRUE(CanTransition(S::kCancelling, S::kCancelled));
  EXPECT_TRUE(CanTransition(S::kCancelling, S::kConfirmed));
  EXPECT_TRUE(CanTransition(S::kConfirmed, S::kCompleted));
  EXPECT_FALSE(CanTransition(S::kConfirmed, S::kFailed));
  EXPECT_FALSE(CanTransition(S::kPending, S::kConfirmed));
  EXPECT_FALSE(CanTransition(S::kConfirmed, S::kExpired));
  for (S terminal : {S::kRejected, S::kFailed, S::kCancelled, S::kExpired, S::kCompleted}) {
    EXPECT_TRUE(IsTerminal(terminal));
    for (S to : {S::kPending, S::kBooking, S::kConfirmed, S::kCancelled, S::kFailed}) {
      EXPECT_FALSE(CanTransition(terminal, to)) << StatusName(terminal) << "→" << StatusName(to);
    }
  }
}

TEST(OrderLifecycle, StatusNamesRoundTripAndNameEvents) {
  for (S s : {S::kPending, S::kPendingReview, S::kRejected, S::kBooking, S::kConfirmed, S::kFailed, S::kOnRequest,
              S::kCancelling, S::kCancelled, S::kExpired, S::kCompleted}) {
    EXPECT_EQ(ParseStatus(StatusName(s)), s);
  }
  EXPECT_EQ(ParseStatus("confirmed"), std::nullopt);
  EXPECT_EQ(EventTypeFor(S::kPending), "order.created");
  EXPECT_EQ(EventTypeFor(S::kOnRequest), "order.on_request");
  EXPECT_EQ(EventTypeFor(S::kPendingReview), "order.pending_review");
}

TEST(SupplierReference, IsStableShortAndSafe) {
  const auto id = NewId("ord");
  const auto key = SupplierReferenceKey(id);
  EXPECT_EQ(key, SupplierReferenceKey(id));
  EXPECT_LE(key.size(), 28u);
  EXPECT_GE(key.size(), 3u);
  for (char c : key) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-') << key;
  EXPECT_NE(key, SupplierReferenceKey(NewId("ord")));
}

TEST(CancelPenalty, FollowsThePolicyPointsInUtc) {
  const Instant t0 = Instant(std::chrono::seconds(1'900'000'000));
  const Money net{10000, "EUR"};
  std::vector<supplier::CancellationPenalty> policy{{t0, Money{3000, "EUR"}},
                                                   {t0 + std::chrono::hours(24), Money{10000, "EUR"}}};
  EXPECT_EQ(SupplierPenaltyAt(policy, net, true, t0 - std::chrono::seconds(1)).minor, 0);
  EXPECT_EQ(SupplierPenaltyAt(policy, net, true, t0).minor, 3000);
  EXPECT_EQ(SupplierPenaltyAt(policy, net, true, t0 + std::chrono::hours(30)).minor, 10000);
  EXPECT_EQ(SupplierPenaltyAt({}, net, false, t0).minor, 10000);
  EXPECT_EQ(SupplierPenaltyAt({}, net, true, t0).minor, 0);
}

TEST(CancelPenalty, EachTierPaysInProportionRoundedHalfAwayFromZero) {
  // 30 % of the net: a tier charged 12345 pays 3703.5 → 3704.
  EXPECT_EQ(TierPenalty(12345, 3000, 10000), 3704);
  EXPECT_EQ(TierPenalty(12345, 0, 10000), 0);
  EXPECT_EQ(TierPenalty(12345, 10000, 10000), 12345);
  EXPECT_EQ(TierPenalty(12345, 20000, 10000), 12345);  // never more than charged
  // Policy shown to the caller, in its price.
  const Instant t0 = Instant(std::chrono::seconds(1'900'000'000));
  auto shown = PolicyForPrice({{t0, Money{5000, "EUR"}}}, Money{30000, "CNY"}, Money{10000, "EUR"});
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].penalty, (Money{15000, "CNY"}));
}

TEST(OfferData, RoundTripsThroughJson) {
  OfferData o;
  o.supplier = "HBX";
  o.hotel_code = "H1";
  o.check_in = *ParseDate("2027-03-01");
  o.check_out = *ParseDate("2027-03-03");
  o.rooms = {{2, {5}}, {1, {}}};
  o.rate.rate_token = "tok";
  o.rate.room_name = "Double";
  o.rate.board = supplier::Board::kBedAndBreakfast;
  o.rate.net = Money{10000, "EUR"};
  o.rate.cancellation = {{Instant(std::chrono::seconds(1'900'000'000)), Money{100, "EUR"}}};
  auto back = OfferDataFromJson(OfferDataToJson(o));
  ASSERT_TRUE(back);
  EXPECT_EQ(back->rooms, o.rooms);
  EXPECT_EQ(back->rate.rate_token, "tok");
  EXPECT_EQ(back->rate.board, supplier::Board::kBedAndBreakfast);
  EXPECT_EQ(back->rate.net, o.rate.net);
  EXPECT_EQ(back->rate.cancellation, o.rate.cancellation);
  EXPECT_EQ(back->check_out, o.check_out);
}

}  // namespace
}  // namespace hotel::orders
