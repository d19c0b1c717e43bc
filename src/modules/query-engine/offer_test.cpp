// Sealed offer ids: everything round-trips; anything altered, foreign, truncated or not ours
// is validation_failed on offerId; another tenant's offer is not_found; an expired one gone.
#include "modules/query-engine/offer.hpp"

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

namespace hotel::query {
namespace {

constexpr std::string_view kSecret = "a-test-encryption-secret-of-32+chars";
const Instant kNow = Instant(std::chrono::hours(24 * 20600));

Offer SampleOffer() {
  Offer o;
  o.tenant_id = "tnt_agent";
  o.master_hotel_id = "htl_01jd000000000000000000000a";
  o.supplier = "HBX";
  o.hotel_code = "H-123";
  o.country = "DE";
  o.city = "München";
  o.check_in = *ParseDate("2026-12-01");
  o.check_out = *ParseDate("2026-12-04");
  o.rooms = {{2, {4, 11}}, {1, {}}};
  o.nationality = "FR";
  o.rate.rate_token = "tok|with\"odd\\chars";
  o.rate.room_code = "DBL.ST";
  o.rate.room_name = "Double Standard";
  o.rate.board = supplier::Board::kHalfBoard;
  o.rate.net = Money{30000, "EUR"};
  o.rate.selling_floor = Money{34000, "EUR"};
  o.rate.refundable = true;
  o.rate.cancellation = {{kNow + std::chrono::hours(48), Money{10000, "EUR"}},
                         {kNow + std::chrono::hours(96), Money{30000, "EUR"}}};
  o.rate.rooms_left = 3;
  o.rate.recheck_required = true;
  o.rate.payment = supplier::PaymentType::kAtHotel;
  o.currency = "USD";
  o.price = Money{36500, "USD"};
  o.expires_at = kNow + kOfferLifetime;
  return o;
}

void ExpectBadId(const Result<Offer>& r) {
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::validation_failed);
  ASSERT_EQ(r.error().fields.size(), 1u);
  EXPECT_EQ(r.error().fields[0].field, "offerId");
}

TEST(OfferCodecTest, SealedOfferOpensToEveryField) {
  OfferCodec codec(kSecret);
  const Offer o = SampleOffer();
  auto id = codec.Seal(o);
  ASSERT_TRUE(id) << id.error().detail;
  EXPECT_EQ(id->substr(0, 4), "ofr_");
  EXPECT_EQ(id->find_first_of("+/="), std::string::npos) << "base64url without padding";
  EXPECT_EQ(id->find("H-123"), std::string::npos) << "the supplier's data is not readable";
  auto back = codec.Open(*id, "tnt_agent", kNow);
  ASSERT_TRUE(back) << back.error().detail;
  EXPECT_EQ(back->tenant_id, o.tenant_id);
  EXPECT_EQ(back->master_hotel_id, o.master_hotel_id);
  EXPECT_EQ(back->supplier, o.supplier);
  EXPECT_EQ(back->hotel_code, o.hotel_code);
  EXPECT_EQ(back->country, o.country);
  EXPECT_EQ(back->city, o.city);
  EXPECT_EQ(back->check_in, o.check_in);
  EXPECT_EQ(back->check_out, o.check_out);
  EXPECT_EQ(back->rooms, o.rooms);
  EXPECT_EQ(back->nationality, o.nationality);
  EXPECT_EQ(back->rate.rate_token, o.rate.rate_token);
  EXPECT_EQ(back->rate.room_code, o.rate.room_code);
  EXPECT_EQ(back->rate.room_name, o.rate.room_name);
  EXPECT_EQ(back->rate.board, o.rate.board);
  EXPECT_EQ(back->rate.net, o.rate.net);
  EXPECT_EQ(back->rate.selling_floor, o.rate.selling_floor);
  EXPECT_EQ(back->rate.refundable, o.rate.refundable);
  EXPECT_EQ(back->rate.cancellation, o.rate.cancellation);
  EXPECT_EQ(back->rate.rooms_left, o.rate.rooms_left);
  EXPECT_EQ(back->rate.recheck_required, o.rate.recheck_required);
  EXPECT_EQ(back->rate.payment, o.rate.payment);
  EXPECT_EQ(back->currency, o.currency);
  EXPECT_EQ(back->price, o.price);
  EXPECT_EQ(back->expires_at, o.expires_at);
}

TEST(OfferCodecTest, OfferWithoutFloorOrRoomsLeftRoundTrips) {
  OfferCodec codec(kSecret);
  Offer o = SampleOffer();
  o.rate.selling_floor.reset();
  o.rate.rooms_left = -1;
  o.rate.cancellation.clear();
  o.rate.refundable = false;
  auto id = codec.Seal(o);
  ASSERT_TRUE(id);
  auto back = codec.Open(*id, "tnt_agent", kNow);
  ASSERT_TRUE(back);
  EXPECT_FALSE(back->rate.selling_floor);
  EXPECT_EQ(back->rate.rooms_left, -1);
  EXPECT_TRUE(back->rate.cancellation.empty());
  EXPECT_FALSE(back->rate.refundable);
}

TEST(OfferCodecTest, TextOfAnyKindRoundTrips) {
  OfferCodec codec(kSecret);
  Offer o = SampleOffer();
  o.rate.room_name = std::string("Suite \"Deluxe\" \\ 豪华套房 \x01\x1f\t\n end");
  o.rate.rate_token = std::string("tok\\u0041|\"|") + std::string(1, '\0') + "|";
  o.city = "Zürich";
  o.rooms = {{2, {}}, {1, {3, 17}}};
  auto id = codec.Seal(o);
  ASSERT_TRUE(id) << id.error().detail;
  auto back = codec.Open(*id, "tnt_agent", kNow);
  ASSERT_TRUE(back) << back.error().detail;
  EXPECT_EQ(back->rate.room_name, o.rate.room_name);
  EXPECT_EQ(back->rate.rate_token, o.rate.rate_token);
  EXPECT_EQ(back->city, "Zürich");
  ASSERT_EQ(back->rooms.size(), 2u);
  EXPECT_EQ(back->rooms[1].child_ages, (std::vector<int>{3, 17}));
}

TEST(OfferCodecTest, CurrenciesOtherThanTheNetsAndExtremeNumbersRoundTrip) {
  OfferCodec codec(kSecret);
  Offer o = SampleOffer();
  o.rate.cancellation = {{kNow - std::chrono::hours(5), Money{-1, "GBP"}},
                         {kNow + std::chrono::hours(1), Money{kMaxAmountMinor - 1, "EUR"}}};
  o.rate.selling_floor = Money{-(kMaxAmountMinor - 1), "JPY"};
  o.price = Money{0, "CNY"};  // not the offer's currency
  o.rate.net = Money{-42, ""};
  o.check_in = Date{-3};
  o.rate.board = static_cast<supplier::Board>(0);
  auto id = codec.Seal(o);
  ASSERT_TRUE(id) << id.error().detail;
  auto back = codec.Open(*id, "tnt_agent", kNow);
  ASSERT_TRUE(back) << back.error().detail;
  EXPECT_EQ(back->rate.cancellation, o.rate.cancellation);
  EXPECT_EQ(back->rate.selling_floor, o.rate.selling_floor);
  EXPECT_EQ(back->price, o.price);
  EXPECT_EQ(back->rate.net, o.rate.net);
  EXPECT_EQ(back->check_in, o.check_in);
  // Beyond the one bound (core/money), an amount does not come back as a number to compute with.
  o.rate.selling_floor = Money{INT64_MIN, "JPY"};
  auto huge = codec.Seal(o);
  ASSERT_TRUE(huge);
  EXPECT_FALSE(codec.Open(*huge, "tnt_agent", kNow));
}

// A city search answer is mostly offer ids: a typical one (a ~150-character supplier token)
// stays under 560 characters (the JSON form before was ~1,100).
TEST(OfferCodecTest, TypicalOfferIdIsCompact) {
  OfferCodec codec(kSecret);
  Offer o = SampleOffer();
  o.tenant_id = "tnt_01m8bm79xcyfv8sa92vaxksx9e";
  o.rate.rate_token = std::string(100, 'T') + "." + std::string(43, 'M');
  o.rooms = {{2, {}}};
  auto id = codec.Seal(o);
  ASSERT_TRUE(id);
  EXPECT_LT(id->size(), 560u) << *id;
}

TEST(OfferCodecTest, EveryLengthEncodesAndOpens) {
  OfferCodec codec(kSecret);
  for (int extra = 0; extra < 6; ++extra) {  // every remainder of the box length mod 3, twice
    Offer o = SampleOffer();
    o.rate.room_name += std::string(static_cast<std::size_t>(extra), 'x');
    auto id = codec.Seal(o);
    ASSERT_TRUE(id);
    EXPECT_EQ(id->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", 4),
              std::string::npos);
    auto back = codec.Open(*id, "tnt_agent", kNow);
    ASSERT_TRUE(back) << extra << ": " << back.error().detail;
    EXPECT_EQ(back->rate.room_name, o.rate.room_name);
  }
}

TEST(OfferCodecTest, SealIntoAppendsTheIdOfTheGivenRate) {
  // Search seals each offer straight into its answer, with the rate where the fan-out keeps it.
  OfferCodec codec(kSecret);
  const Offer o = SampleOffer();
  supplier::Rate other = o.rate;
  other.rate_token = "another-token";
  other.room_name = "Suite";
  other.net.minor += 999;
  std::string answer = R"({"offerId":")";
  ASSERT_TRUE(codec.SealInto(o, other, answer));
  const std::string prefix = R"({"offerId":")";
  ASSERT_EQ(answer.compare(0, prefix.size(), prefix), 0) << "what was there stays";
  const std::string id = answer.substr(prefix.size());
  auto back = codec.Open(id, "tnt_agent", kNow);
  ASSERT_TRUE(back) << back.error().detail;
  EXPECT_EQ(back->rate.rate_token, "another-token");
  EXPECT_EQ(back->rate.room_name, "Suite");
  EXPECT_EQ(back->rate.net.minor, o.rate.net.minor + 999);
  EXPECT_EQ(back->hotel_code, o.hotel_code);
  EXPECT_FALSE(OfferCodec("").SealInto(o, other, answer)) << "no key, no id";
}

TEST(OfferCodecTest, NoncesStayUniqueAcrossManySealsAndThreads) {
  OfferCodec codec(kSecret);
  std::mutex mu;
  std::set<std::string> nonces;  // the first 32 base64 characters are the 24-byte nonce
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        auto id = codec.Seal(SampleOffer());
        ASSERT_TRUE(id);
        std::lock_guard lock(mu);
        EXPECT_TRUE(nonces.insert(id->substr(4, 32)).second);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(nonces.size(), 2000u);
}

// A forked child draws its own nonces: with the parent's batch it would seal with the very
// nonce the parent uses next.
TEST(OfferCodecTest, ForkedChildNeverReusesTheParentsNonces) {
  OfferCodec codec(kSecret);
  ASSERT_TRUE(codec.Seal(SampleOffer()));  // the parent's batch is drawn
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    auto id = codec.Seal(SampleOffer());
    const std::string nonce = id ? id->substr(4, 32) : std::string();
    const auto written = ::write(fds[1], nonce.data(), nonce.size());
    ::_exit(written == static_cast<ssize_t>(nonce.size()) ? 0 : 1);
  }
  ::close(fds[1]);
  char buf[32];
  std::size_t got = 0;
  while (got < sizeof buf) {
    const auto n = ::read(fds[0], buf + got, sizeof buf - got);
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  ::close(fds[0]);
  int status = 0;
  ::waitpid(child, &status, 0);
  ASSERT_EQ(got, sizeof buf);
  auto mine = codec.Seal(SampleOffer());
  ASSERT_TRUE(mine);
  EXPECT_NE(std::string(buf, sizeof buf), mine->substr(4, 32)) << "the child sealed with the parent's next nonce";
}

TEST(OfferCodecTest, EverySealUsesAFreshNonce) {
  OfferCodec codec(kSecret);
  auto a = codec.Seal(SampleOffer());
  auto b = codec.Seal(SampleOffer());
  ASSERT_TRUE(a && b);
  EXPECT_NE(*a, *b);
}

TEST(OfferCodecTest, TamperedByteIsRejected) {
  OfferCodec codec(kSecret);
  auto id = codec.Seal(SampleOffer());
  ASSERT_TRUE(id);
  for (std::size_t pos : {std::size_t{5}, std::size_t{40}, id->size() / 2, id->size() - 2}) {
    std::string tampered = *id;
    tampered[pos] = tampered[pos] == 'A' ? 'B' : 'A';
    ExpectBadId(codec.Open(tampered, "tnt_agent", kNow));
  }
}

TEST(OfferCodecTest, OfferSealedUnderAnotherKeyIsRejected) {
  OfferCodec ours(kSecret);
  OfferCodec theirs("another-secret-of-another-server-xx");
  auto id = theirs.Seal(SampleOffer());
  ASSERT_TRUE(id);
  ExpectBadId(ours.Open(*id, "tnt_agent", kNow));
}

TEST(OfferCodecTest, TruncatedIdIsRejected) {
  OfferCodec codec(kSecret);
  auto id = codec.Seal(SampleOffer());
  ASSERT_TRUE(id);
  ExpectBadId(codec.Open(id->substr(0, id->size() - 1), "tnt_agent", kNow));
  ExpectBadId(codec.Open(id->substr(0, 30), "tnt_agent", kNow));
  ExpectBadId(codec.Open("ofr_", "tnt_agent", kNow));
}

TEST(OfferCodecTest, NotBase64IsRejected) {
  OfferCodec codec(kSecret);
  ExpectBadId(codec.Open("ofr_this is not base64!!", "tnt_agent", kNow));
  auto id = codec.Seal(SampleOffer());
  ASSERT_TRUE(id);
  std::string with_plus = *id;
  with_plus[10] = '+';  // standard base64, not base64url
  ExpectBadId(codec.Open(with_plus, "tnt_agent", kNow));
}

TEST(OfferCodecTest, WrongPrefixIsRejected) {
  OfferCodec codec(kSecret);
  auto id = codec.Seal(SampleOffer());
  ASSERT_TRUE(id);
  ExpectBadId(codec.Open("qte_" + id->substr(4), "tnt_agent", kNow));
  ExpectBadId(codec.Open(id->substr(4), "tnt_agent", kNow));
  ExpectBadId(codec.Open("", "tnt_agent", kNow));
}

TEST(OfferCodecTest, AnotherTenantsOfferIsNotFound) {
  OfferCodec codec(kSecret);
  auto id = codec.Seal(SampleOffer());
  ASSERT_TRUE(id);
  auto r = codec.Open(*id, "tnt_other", kNow);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::not_found);
}

TEST(OfferCodecTest, ExpiredOfferIsGone) {
  OfferCodec codec(kSecret);
  auto id = codec.Seal(SampleOffer());
  ASSERT_TRUE(id);
  EXPECT_TRUE(codec.Open(*id, "tnt_agent", kNow + kOfferLifetime - std::chrono::seconds(1)));
  auto r = codec.Open(*id, "tnt_agent", kNow + kOfferLifetime);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::gone);
}

TEST(OfferCodecTest, NoSecretRefusesToSeal) {
  OfferCodec codec("");
  EXPECT_FALSE(codec.available());
  auto r = codec.Seal(SampleOffer());
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::internal);
}

}  // namespace
}  // namespace hotel::query
