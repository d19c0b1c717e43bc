// HS256 tokens: what verification accepts and every way it refuses a token.
#include "modules/identity/jwt.hpp"

#include "core/clock.hpp"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

namespace hotel::identity {
namespace {

const std::string kSecret = "0123456789abcdef0123456789abcdef-test";
constexpr std::int64_t kNow = 1'800'000'000;

TokenClaims Claims() {
  return {"usr_01jd0000000000000000000000", "tnt_01jd0000000000000000000000", Role::distributor_admin,
          kNow, kNow + 3600, "01jd0000000000000000000000"};
}

std::string Payload(std::int64_t iat, std::int64_t exp) {
  return R"({"sub":"usr_1","tid":"tnt_1","role":"agent","iat":)" + std::to_string(iat) + R"(,"exp":)" +
         std::to_string(exp) + "}";
}

void ExpectRefused(const Result<TokenClaims>& r, std::string_view detail_part) {
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, Errc::unauthenticated);
  EXPECT_NE(r.error().detail.find(detail_part), std::string::npos) << r.error().detail;
}

TEST(Jwt, SignedTokenVerifiesWithItsClaims) {
  const auto token = SignJwt(Claims(), kSecret);
  auto r = VerifyJwt(token, kSecret, kNow + 10);
  ASSERT_TRUE(r) << r.error().detail;
  EXPECT_EQ(r->subject, Claims().subject);
  EXPECT_EQ(r->tenant_id, Claims().tenant_id);
  EXPECT_EQ(r->role, Role::distributor_admin);
  EXPECT_EQ(r->issued_at, kNow);
  EXPECT_EQ(r->expires_at, kNow + 3600);
  EXPECT_EQ(r->token_id, Claims().token_id);
}

TEST(Jwt, HeaderIsHs256Jwt) {
  const auto token = SignJwt(Claims(), kSecret);
  auto header = Base64UrlDecode(token.substr(0, token.find('.')));
  ASSERT_TRUE(header);
  EXPECT_EQ(*header, R"({"alg":"HS256","typ":"JWT"})");
}

TEST(Jwt, TamperedPayloadIsRefused) {
  const auto token = SignJwt(Claims(), kSecret);
  const auto dot1 = token.find('.'), dot2 = token.rfind('.');
  auto forged_payload = Base64UrlEncode(R"({"sub":"usr_x","tid":"tnt_platform","role":"platform_admin","iat":)" +
                                        std::to_string(kNow) + R"(,"exp":)" + std::to_string(kNow + 3600) + "}");
  ExpectRefused(VerifyJwt(token.substr(0, dot1 + 1) + forged_payload + token.substr(dot2), kSecret, kNow),
                "signature");
}

TEST(Jwt, TamperedSignatureIsRefused) {
  auto token = SignJwt(Claims(), kSecret);
  // Flip a character in the middle of the signature (the last one may carry only padding bits).
  char& c = token[token.rfind('.') + 10];
  c = c == 'A' ? 'B' : 'A';
  ExpectRefused(VerifyJwt(token, kSecret, kNow), "signature");
}

TEST(Jwt, TruncatedSignatureIsRefused) {
  auto token = SignJwt(Claims(), kSecret);
  token.resize(token.size() - 4);
  ExpectRefused(VerifyJwt(token, kSecret, kNow), "");
}

TEST(Jwt, AlgNoneIsRefusedWithOrWithoutSignature) {
  const auto header = Base64UrlEncode(R"({"alg":"none","typ":"JWT"})");
  const auto payload = Base64UrlEncode(Payload(kNow, kNow + 60));
  ExpectRefused(VerifyJwt(header + "." + payload + ".", kSecret, kNow), "malformed");
  ExpectRefused(VerifyJwt(header + "." + payload, kSecret, kNow), "malformed");
  // Even correctly HMAC'd, a header that says "none" is refused.
  ExpectRefused(VerifyJwt(SignRawJwt(R"({"alg":"none"})", Payload(kNow, kNow + 60), kSecret), kSecret, kNow),
                "algorithm");
}

TEST(Jwt, AlgHs512AndMissingAlgAreRefused) {
  ExpectRefused(VerifyJwt(SignRawJwt(R"({"alg":"HS512","typ":"JWT"})", Payload(kNow, kNow + 60), kSecret), kSecret, kNow),
                "algorithm");
  ExpectRefused(VerifyJwt(SignRawJwt(R"({"typ":"JWT"})", Payload(kNow, kNow + 60), kSecret), kSecret, kNow),
                "algorithm");
  ExpectRefused(VerifyJwt(SignRawJwt(R"({"alg":"hs256"})", Payload(kNow, kNow + 60), kSecret), kSecret, kNow),
                "algorithm");
  ExpectRefused(VerifyJwt(SignRawJwt(R"({"alg":"HS256","crit":["x"]})", Payload(kNow, kNow + 60), kSecret), kSecret,
                          kNow),
                "algorithm");
}

TEST(Jwt, ExpiredTokenIsRefusedAfterTheLeeway) {
  const auto token = SignRawJwt(R"({"alg":"HS256"})", Payload(kNow - 7200, kNow - 3600), kSecret);
  ExpectRefused(VerifyJwt(token, kSecret, kNow), "expired");
  const auto just_expired = SignRawJwt(R"({"alg":"HS256"})", Payload(kNow - 60, kNow - 5), kSecret);
  EXPECT_TRUE(VerifyJwt(just_expired, kSecret, kNow)) << "within the leeway";
  EXPECT_FALSE(VerifyJwt(just_expired, kSecret, kNow + kJwtLeewaySeconds));
}

TEST(Jwt, TokenIssuedInTheFutureIsRefused) {
  ExpectRefused(VerifyJwt(SignRawJwt(R"({"alg":"HS256"})", Payload(kNow + 600, kNow + 4000), kSecret), kSecret, kNow),
                "not valid yet");
  const std::string nbf = R"({"sub":"u","tid":"t","role":"agent","iat":)" + std::to_string(kNow) +
                          R"(,"exp":)" + std::to_string(kNow + 4000) + R"(,"nbf":)" + std::to_string(kNow + 600) + "}";
  ExpectRefused(VerifyJwt(SignRawJwt(R"({"alg":"HS256"})", nbf, kSecret), kSecret, kNow), "not valid yet");
}

TEST(Jwt, WrongSecretIsRefused) {
  ExpectRefused(VerifyJwt(SignJwt(Claims(), kSecret), kSecret + "x", kNow), "signature");
}

TEST(Jwt, GarbageIsRefusedAsMalformed) {
  for (std::string_view garbage : {"", ".", "..", "a.b", "a.b.c.d", "abc", "!!!.???.###", "e30.e30.", ".e30.sig",
                                   "eyJhbGciOiJIUzI1NiJ9..sig", "eyJhbGciOiJIUzI1NiJ9=.e30.sig"}) {
    SCOPED_TRACE(garbage);
    auto r = VerifyJwt(garbage, kSecret, kNow);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::unauthenticated);
  }
}

TEST(Jwt, MissingOrMistypedClaimsAreRefused) {
  for (std::string payload : {std::string(R"({"tid":"t","role":"agent","iat":1,"exp":99999999999})"),
                              std::string(R"({"sub":"u","tid":"t","role":"emperor","iat":1,"exp":99999999999})"),
                              std::string(R"({"sub":"u","tid":"t","role":"agent","iat":1,"exp":"99999999999"})"),
                              std::string(R"([1,2,3])"), std::string("not json")}) {
    SCOPED_TRACE(payload);
    auto r = VerifyJwt(SignRawJwt(R"({"alg":"HS256"})", payload, kSecret), kSecret, kNow);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::unauthenticated);
  }
}

// Correctly signed (a leaked or misused secret, a buggy issuer): times at the int64 edges must
// be refused, never overflow `exp + leeway` or the instant of `exp` (UBSan aborts here on a
// signed overflow).
TEST(Jwt, CorrectlySignedTokensWithTimesAtTheInt64EdgesAreRefused) {
  const std::int64_t max = std::numeric_limits<std::int64_t>::max(), min = std::numeric_limits<std::int64_t>::min();
  for (auto [iat, exp] : std::vector<std::pair<std::int64_t, std::int64_t>>{
           {kNow, max}, {kNow, max - 10}, {kNow, min}, {min, kNow + 60}, {max, max}, {-1, kNow + 60},
           {kNow, kMaxUnixSeconds}}) {
    SCOPED_TRACE(std::to_string(iat) + " " + std::to_string(exp));
    auto r = VerifyJwt(SignRawJwt(R"({"alg":"HS256"})", Payload(iat, exp), kSecret), kSecret, kNow);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, Errc::unauthenticated);
  }
  const std::string nbf = R"({"sub":"u","tid":"t","role":"agent","iat":1800000000,"exp":1800000600,"nbf":)" +
                          std::to_string(min) + "}";
  EXPECT_FALSE(VerifyJwt(SignRawJwt(R"({"alg":"HS256"})", nbf, kSecret), kSecret, kNow));
  // The last second the platform represents is still a valid expiry.
  EXPECT_TRUE(VerifyJwt(SignRawJwt(R"({"alg":"HS256"})", Payload(kNow, kMaxUnixSeconds - 1), kSecret), kSecret, kNow));
}

TEST(Base64Url, RoundTripsEveryLengthWithoutPadding) {
  std::string bytes;
  for (int n = 0; n < 70; ++n) {
    auto encoded = Base64UrlEncode(bytes);
    EXPECT_EQ(encoded.find_first_of("=+/"), std::string::npos);
    EXPECT_EQ(Base64UrlDecode(encoded), bytes);
    bytes.push_back(static_cast<char>(n * 37 + 250));
  }
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
}

TEST(Base64Url, RejectsPaddingForeignCharactersAndNonCanonicalBits) {
  EXPECT_FALSE(Base64UrlDecode("QQ=="));
  EXPECT_FALSE(Base64UrlDecode("a+b/"));
  EXPECT_FALSE(Base64UrlDecode("A"));
  EXPECT_TRUE(Base64UrlDecode("QQ"));
  EXPECT_FALSE(Base64UrlDecode("QR"));  // same byte as "QQ" with stray low bits
}

}  // namespace
}  // namespace hotel::identity
