// HS256 JWT signing and verification; the signature covers the exact bytes received.
#include "modules/identity/jwt.hpp"

#include "core/clock.hpp"

#include <boost/json.hpp>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>

namespace hotel::identity {
namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int DecodeChar(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

std::array<unsigned char, 32> Hmac(std::string_view secret, std::string_view data) {
  std::array<unsigned char, 32> out{};
  unsigned int len = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out.data(), &len);
  return out;
}

Error Unauthenticated(std::string detail) { return Error{Errc::unauthenticated, std::move(detail), {}}; }

std::optional<std::int64_t> IntClaim(const boost::json::object& o, std::string_view name) {
  auto it = o.find(name);
  if (it == o.end()) return std::nullopt;
  if (it->value().is_int64()) return it->value().get_int64();
  if (it->value().is_uint64() && it->value().get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
    return static_cast<std::int64_t>(it->value().get_uint64());
  }
  return std::nullopt;
}

std::optional<std::int64_t> TimeClaim(const boost::json::object& o, std::string_view name) {
  auto v = IntClaim(o, name);
  if (!v || !UnixSecondsInBounds(*v)) return std::nullopt;
  return v;
}

std::optional<std::string> StringClaim(const boost::json::object& o, std::string_view name) {
  auto it = o.find(name);
  if (it == o.end() || !it->value().is_string()) return std::nullopt;
  return std::string(it->value().get_string());
}

// Parses a decoded part as a JSON object; anything else is a malformed token.
std::optional<boost::json::object> ObjectOf(std::string_view encoded) {
  auto bytes = Base64UrlDecode(encoded);
  if (!bytes) return std::nullopt;
  boost::system::error_code ec;
  auto v = boost::json::parse(*bytes, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.get_object());
}

}  // namespace

std::string Base64UrlEncode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                       static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  const std::size_t rest = bytes.size() - i;
  if (rest > 0) {
    unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
    if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    if (rest == 2) out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

std::optional<std::string> Base64UrlDecode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  unsigned buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int d = DecodeChar(c);
    if (d < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned>(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  // Leftover bits must be zero, or two different strings would decode to the same bytes.
  if (bits > 0 && (buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

std::string SignRawJwt(std::string_view header_json, std::string_view payload_json, std::string_view secret) {
  std::string signing_input = Base64UrlEncode(header_json) + "." + Base64UrlEncode(payload_json);
  const auto mac = Hmac(secret, signing_input);
  return signing_input + "." + Base64UrlEncode({reinterpret_cast<const char*>(mac.data()), mac.size()});
}

std::string SignJwt(const TokenClaims& claims, std::string_view secret) {
  const std::string payload = boost::json::serialize(boost::json::object{
      {"sub", claims.subject},
      {"tid", claims.tenant_id},
      {"role", RoleName(claims.role)},
      {"iat", claims.issued_at},
      {"exp", claims.expires_at},
      {"jti", claims.token_id},
  });
  return SignRawJwt(R"({"alg":"HS256","typ":"JWT"})", payload, secret);
}

Result<TokenClaims> VerifyJwt(std::string_view token, std::string_view secret, std::int64_t now_unix) {
  const auto dot1 = token.find('.');
  const auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos || dot1 == 0 ||
      dot2 == dot1 + 1 || dot2 + 1 == token.size()) {
    return Unauthenticated("The token is malformed.");
  }
  const auto header_part = token.substr(0, dot1);
  const auto payload_part = token.substr(dot1 + 1, dot2 - dot1 - 1);
  const auto signature_part = token.substr(dot2 + 1);

  // The header is checked before the signature so that "none" or another algorithm is
  // refused outright rather than by accident of a mismatching signature.
  auto header = ObjectOf(header_part);
  if (!header) return Unauthenticated("The token is malformed.");
  auto alg = StringClaim(*header, "alg");
  if (!alg || *alg != "HS256") return Unauthenticated("The token's algorithm is not accepted.");
  if (header->contains("crit")) return Unauthenticated("The token's algorithm is not accepted.");

  auto signature = Base64UrlDecode(signature_part);
  const auto expected = Hmac(secret, token.substr(0, dot2));
  if (!signature || signature->size() != expected.size() ||
      CRYPTO_memcmp(signature->data(), expected.data(), expected.size()) != 0) {
    return Unauthenticated("The token's signature is invalid.");
  }

  auto payload = ObjectOf(payload_part);
  if (!payload) return Unauthenticated("The token is malformed.");
  TokenClaims c;
  auto sub = StringClaim(*payload, "sub");
  auto tid = StringClaim(*payload, "tid");
  auto role_name = StringClaim(*payload, "role");
  // Times inside the platform's bounds (core/clock: 1970..2199), so that no arithmetic on
  // them (exp + leeway, the instant of exp) can overflow, however the token was signed.
  auto iat = TimeClaim(*payload, "iat");
  auto exp = TimeClaim(*payload, "exp");
  std::optional<Role> role = role_name ? ParseRole(*role_name) : std::nullopt;
  if (!sub || !tid || !role || !iat || !exp) return Unauthenticated("The token is missing required claims.");
  if (now_unix > *exp + kJwtLeewaySeconds) return Unauthenticated("The token has expired.");
  if (*iat > now_unix + kJwtLeewaySeconds) return Unauthenticated("The token is not valid yet.");
  if (payload->contains("nbf")) {
    auto nbf = TimeClaim(*payload, "nbf");
    if (!nbf || *nbf > now_unix + kJwtLeewaySeconds) return Unauthenticated("The token is not valid yet.");
  }
  c.subject = std::move(*sub);
  c.tenant_id = std::move(*tid);
  c.role = *role;
  c.issued_at = *iat;
  c.expires_at = *exp;
  c.token_id = StringClaim(*payload, "jti").value_or("");
  return c;
}

}  // namespace hotel::identity
