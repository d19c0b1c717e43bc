// Stable error codes mapped to wire names, HTTP statuses and titles.
#include "core/error.hpp"

#include <stdexcept>

namespace hotel {
namespace {
struct CodeInfo {
  std::string_view name;
  int status;
  std::string_view title;
};

constexpr CodeInfo Info(Errc code) {
  switch (code) {
    case Errc::validation_failed: return {"validation_failed", 400, "Validation failed"};
    case Errc::unauthenticated: return {"unauthenticated", 401, "Authentication required"};
    case Errc::forbidden: return {"forbidden", 403, "Forbidden"};
    case Errc::not_found: return {"not_found", 404, "Not found"};
    case Errc::method_not_allowed: return {"method_not_allowed", 405, "Method not allowed"};
    case Errc::conflict: return {"conflict", 409, "Conflict"};
    case Errc::gone: return {"gone", 410, "Gone"};
    case Errc::payload_too_large: return {"payload_too_large", 413, "Payload too large"};
    case Errc::idempotency_mismatch: return {"idempotency_mismatch", 422, "Idempotency key reused with another request"};
    case Errc::price_changed: return {"price_changed", 409, "Price changed"};
    case Errc::sold_out: return {"sold_out", 409, "Sold out"};
    case Errc::credit_insufficient: return {"credit_insufficient", 402, "Credit insufficient"};
    case Errc::risk_rejected: return {"risk_rejected", 422, "Rejected by risk control"};
    case Errc::rate_limited: return {"rate_limited", 429, "Too many requests"};
    case Errc::internal: return {"internal", 500, "Internal error"};
    case Errc::upstream_unavailable: return {"upstream_unavailable", 503, "Upstream unavailable"};
    case Errc::upstream_timeout: return {"upstream_timeout", 504, "Upstream timeout"};
  }
  return {"internal", 500, "Internal error"};
}
}  // namespace

std::string_view CodeName(Errc code) { return Info(code).name; }
int HttpStatus(Errc code) { return Info(code).status; }
std::string_view Title(Errc code) { return Info(code).title; }

Error Error::Validation(std::string field, std::string message) {
  Error e{Errc::validation_failed, "The request has invalid fields.", {}};
  e.fields.push_back({std::move(field), std::move(message)});
  return e;
}
Error Error::NotFound(std::string detail) { return {Errc::not_found, std::move(detail), {}}; }
Error Error::Conflict(std::string detail) { return {Errc::conflict, std::move(detail), {}}; }
Error Error::Internal(std::string detail) { return {Errc::internal, std::move(detail), {}}; }
Error Error::Unavailable(std::string detail) { return {Errc::upstream_unavailable, std::move(detail), {}}; }
Error Error::Timeout(std::string detail) { return {Errc::upstream_timeout, std::move(detail), {}}; }

void throw_exception_from_error(const Error& e, const boost::source_location&) {
  throw std::runtime_error(std::string(CodeName(e.code)) + ": " + e.detail);
}

}  // namespace hotel
