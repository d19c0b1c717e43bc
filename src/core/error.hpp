// Errors as values: a stable code (API-CONVENTIONS.md), a human detail, optional field errors.
#pragma once

#include <boost/system/result.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace hotel {

// Stable error codes. The wire name, HTTP status and title of each are in error.cpp.
enum class Errc {
  validation_failed,
  unauthenticated,
  forbidden,
  not_found,
  method_not_allowed,
  conflict,
  gone,
  payload_too_large,
  idempotency_mismatch,
  price_changed,
  sold_out,
  credit_insufficient,
  risk_rejected,
  rate_limited,
  internal,
  upstream_unavailable,
  upstream_timeout,
};

struct FieldError {
  std::string field;    // JSON path as the client wrote it, e.g. "rooms[0].adults"
  std::string message;  // what is wrong with it
  bool operator==(const FieldError&) const = default;
};

struct Error {
  Errc code = Errc::internal;
  std::string detail;
  std::vector<FieldError> fields;

  static Error Validation(std::string field, std::string message);
  static Error NotFound(std::string detail);
  static Error Conflict(std::string detail);
  static Error Internal(std::string detail);
  static Error Unavailable(std::string detail);
  static Error Timeout(std::string detail);
};

std::string_view CodeName(Errc code);  // "validation_failed"
int HttpStatus(Errc code);             // 400
std::string_view Title(Errc code);     // "Validation failed"

// boost::system::result throws through this when .value() is called on an error.
[[noreturn]] void throw_exception_from_error(const Error& e, const boost::source_location& loc);

template <class T>
using Result = boost::system::result<T, Error>;

// Wraps an error so that `return Fail(...)` reads well in functions returning Result<T>.
inline boost::system::result<void, Error> Ok() { return {}; }

}  // namespace hotel
