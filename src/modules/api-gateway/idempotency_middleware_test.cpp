// Idempotency-Key: key validation, fingerprints and header encoding, then the middleware
// suite over SQLite (a file per test, WAL with reader connections, as in production).
#include "adapters/sqlite/sqlite_test_scratch.hpp"
#include "modules/api-gateway/idempotency_contract.hpp"
#include "modules/api-gateway/idempotency_store.hpp"

namespace hotel::api_gateway::testing {
namespace {

TEST(ValidIdempotencyKey, AcceptsOneTo255VisibleAsciiCharacters) {
  EXPECT_TRUE(ValidIdempotencyKey("a"));
  EXPECT_TRUE(ValidIdempotencyKey("5d6c1f1e-2b1a-4f0c-9d55-6a0d3e1b7c42"));
  EXPECT_TRUE(ValidIdempotencyKey(std::string(255, '~')));
  EXPECT_FALSE(ValidIdempotencyKey(""));
  EXPECT_FALSE(ValidIdempotencyKey(std::string(256, 'a')));
  EXPECT_FALSE(ValidIdempotencyKey("a b"));
  EXPECT_FALSE(ValidIdempotencyKey("tab\there"));
  EXPECT_FALSE(ValidIdempotencyKey("caf\xc3\xa9"));
  EXPECT_FALSE(ValidIdempotencyKey(std::string("nul\0", 4)));
}

TEST(RequestFingerprint, IsSha256HexAndSeparatesItsParts) {
  const auto a = RequestFingerprint("POST", "/api/v1/x", "{}");
  EXPECT_EQ(a.size(), 64u);
  EXPECT_EQ(a, RequestFingerprint("POST", "/api/v1/x", "{}"));
  EXPECT_EQ(a.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(a, RequestFingerprint("PUT", "/api/v1/x", "{}"));
  // Moving bytes from one part to the next changes the fingerprint (length prefixes).
  EXPECT_NE(RequestFingerprint("POST", "/api/v1/ab", "c"), RequestFingerprint("POST", "/api/v1/a", "bc"));
  // sha256("4:POST1:/0:") computed independently (printf '4:POST1:/0:' | sha256sum).
  EXPECT_EQ(RequestFingerprint("POST", "/", ""), "eede44b2ca01024304ef1d5419c2bc4511472689d696ec0380d7fad896e650a8");
}

TEST(HeadersJson, RoundTripsOrderAndRepeats) {
  const runtime::Headers h = {{"Location", "/api/v1/x/1"}, {"Link", "<a>"}, {"Link", "<b>"}, {"X-Q", "\"quoted\"\n"}};
  EXPECT_EQ(HeadersFromJson(HeadersToJson(h)), h);
  EXPECT_EQ(HeadersToJson({}), "[]");
  EXPECT_TRUE(HeadersFromJson("not json").empty());
}

INSTANTIATE_TEST_SUITE_P(Sqlite, IdempotencyContractTest,
                         ::testing::Values(adapters::testing::SqliteFileBackend()),
                         ports::testing::ContractBackendName);

}  // namespace
}  // namespace hotel::api_gateway::testing
