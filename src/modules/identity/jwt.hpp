// HS256 JSON Web Tokens on OpenSSL HMAC: signing login tokens and verifying them strictly.
#pragma once

#include "core/error.hpp"
#include "core/principal.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotel::identity {

struct TokenClaims {
  std::string subject;    // sub: user id
  std::string tenant_id;  // tid
  Role role = Role::agent;
  std::int64_t issued_at = 0;   // iat, Unix seconds
  std::int64_t expires_at = 0;  // exp, Unix seconds
  std::string token_id;         // jti
};

// Clock skew tolerated between the processes that sign and verify.
inline constexpr std::int64_t kJwtLeewaySeconds = 30;

std::string SignJwt(const TokenClaims& claims, std::string_view secret);

// Accepts only: three non-empty base64url parts (no padding), a header whose alg is exactly
// "HS256" (no "crit"), a signature equal (constant time) to HMAC-SHA256 over the received
// header.payload bytes, and claims with string sub/tid/role, integer iat/exp, exp not past
// and iat (and nbf, when present) not in the future, all within the leeway. Every failure is
// unauthenticated with a detail safe to show.
Result<TokenClaims> VerifyJwt(std::string_view token, std::string_view secret, std::int64_t now_unix);

// Unpadded base64url (RFC 4648 §5). Decoding rejects padding, other characters and
// non-canonical trailing bits.
std::string Base64UrlEncode(std::string_view bytes);
std::optional<std::string> Base64UrlDecode(std::string_view text);

// A token over arbitrary header and payload JSON text, signed HS256 whatever the header says
// (tests forge tokens with it; never used to issue real ones).
std::string SignRawJwt(std::string_view header_json, std::string_view payload_json, std::string_view secret);

}  // namespace hotel::identity
