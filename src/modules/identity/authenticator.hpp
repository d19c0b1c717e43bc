// The authentication port: credentials in, a Principal out. Implemented by the identity
// module (JWT + API keys over the database); the api-gateway's middleware calls it.
#pragma once

#include "core/error.hpp"
#include "core/principal.hpp"

#include <boost/asio/awaitable.hpp>

#include <string_view>

namespace hotel::identity {

struct Credentials {
  std::string_view bearer_token;  // from "Authorization: Bearer <jwt>", empty when absent
  std::string_view api_key;       // from "X-Api-Key: <key>", empty when absent
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // Exactly one credential must be present (the middleware sends only present ones).
  // Errors are Errc::unauthenticated with a detail safe to show (never which part of a key
  // was wrong): malformed/expired/forged token, alg other than HS256 (incl. "none"), unknown
  // or revoked key, suspended tenant (or any suspended ancestor) or user. Answers are cached
  // for a second: a suspension, disabled user, role change or revoked key takes effect on the
  // next request in the process that made it, and within a second in every other process.
  // Upstream failures (database down) are upstream_unavailable.
  virtual boost::asio::awaitable<Result<Principal>> Authenticate(const Credentials& credentials) = 0;
};

}  // namespace hotel::identity
