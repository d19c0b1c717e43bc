// Config value schemas, and readers of the well-known structured keys.
#include "modules/config/config_schema.hpp"

#include "modules/config/config_keys.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace hotel::config {
namespace {

// RATE_LIMIT_MAX and RATE_LIMIT_WINDOW_MS bounds, as the gateway enforces them.
constexpr std::int64_t kMaxRateLimitMax = 100'000'000;
constexpr std::int64_t kMaxRateLimitWindowMs = 86'400'000;

constexpr std::string_view kWeightNames[] = {"price", "rating", "availability", "supplier_reliability"};

std::optional<double> Number(const boost::json::value& v) {
  if (v.is_double()) return v.get_double();
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  return std::nullopt;
}

std::optional<std::int64_t> Integer(const boost::json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return static_cast<std::int64_t>(v.get_uint64());
  }
  return std::nullopt;
}

Error Invalid(std::vector<FieldError> fields) {
  return Error{Errc::validation_failed, "The value does not match the schema of this key.", std::move(fields)};
}

Result<void> ValidateWeights(const boost::json::value& value) {
  if (!value.is_object()) return Invalid({{"value", "must be an object with price, rating, availability, supplier_reliability"}});
  std::vector<FieldError> errors;
  const auto& o = value.get_object();
  for (const auto& kv : o) {
    bool known = false;
    for (auto n : kWeightNames) known = known || kv.key() == n;
    if (!known) errors.push_back({"value." + std::string(kv.key()), "is not a weight (expected price, rating, availability, supplier_reliability)"});
  }
  double sum = 0;
  for (auto n : kWeightNames) {
    const std::string field = "value." + std::string(n);
    auto it = o.find(n);
    if (it == o.end()) {
      errors.push_back({field, "is required"});
      continue;
    }
    auto x = Number(it->value());
    if (!x) {
      errors.push_back({field, "must be a number"});
    } else if (!(*x >= 0.0 && *x <= 1.0)) {  // also rejects NaN
      errors.push_back({field, "must be between 0 and 1"});
    } else {
      sum += *x;
    }
  }
  // Only a complete, well-typed set has a meaningful sum.
  if (errors.empty() && std::fabs(sum - 1.0) > 1e-9) {
    errors.push_back({"value", "weights must sum to 1 (they sum to " + std::to_string(sum) + ")"});
  }
  if (!errors.empty()) return Invalid(std::move(errors));
  return {};
}

Result<void> ValidateTenantOverrides(const boost::json::value& value) {
  if (!value.is_object()) return Invalid({{"value", "must be an object of tenantId -> {max, windowMs}"}});
  std::vector<FieldError> errors;
  for (const auto& kv : value.get_object()) {
    const std::string base = "value." + std::string(kv.key());
    if (kv.key().empty()) {
      errors.push_back({"value", "a tenant id must not be empty"});
      continue;
    }
    if (!kv.value().is_object()) {
      errors.push_back({base, "must be an object {max, windowMs}"});
      continue;
    }
    const auto& entry = kv.value().get_object();
    for (const auto& field : entry) {
      if (field.key() != "max" && field.key() != "windowMs") {
        errors.push_back({base + "." + std::string(field.key()), "is not allowed (expected max, windowMs)"});
      }
    }
    // Each is optional (the gateway's default applies), with the gateway's bounds, so that
    // every value accepted here is one the gateway applies (api-gateway/tenant_overrides.cpp).
    for (auto [name, max] : {std::pair<std::string_view, std::int64_t>{"max", kMaxRateLimitMax},
                             std::pair<std::string_view, std::int64_t>{"windowMs", kMaxRateLimitWindowMs}}) {
      auto it = entry.find(name);
      if (it == entry.end()) continue;
      auto n = Integer(it->value());
      if (!n || *n < 1 || *n > max) {
        errors.push_back({base + "." + std::string(name), "must be an integer from 1 to " + std::to_string(max)});
      }
    }
  }
  if (!errors.empty()) return Invalid(std::move(errors));
  return {};
}

// order.booking.certainty (order-service/booking_certainty.hpp): {"<default|protocol|SUPPLIER>":
// {"confirmationWindowS"?: 5..86400, "ghostWatchS"?: 0..604800}}.
Result<void> ValidateBookingCertainty(const boost::json::value& value) {
  if (!value.is_object()) {
    return Invalid({{"value", "must be an object of default | protocol | supplier code -> {confirmationWindowS, ghostWatchS}"}});
  }
  std::vector<FieldError> errors;
  for (const auto& kv : value.get_object()) {
    const std::string base = "value." + std::string(kv.key());
    if (kv.key().empty() || kv.key().size() > 40) {
      errors.push_back({"value", "keys are default, a protocol or a supplier code"});
      continue;
    }
    if (!kv.value().is_object()) {
      errors.push_back({base, "must be an object {confirmationWindowS, ghostWatchS}"});
      continue;
    }
    for (const auto& field : kv.value().get_object()) {
      std::int64_t low = 0, high = 0;
      if (field.key() == "confirmationWindowS") {
        low = 5, high = 86400;
      } else if (field.key() == "ghostWatchS") {
        low = 0, high = 7 * 86400;
      } else {
        errors.push_back({base + "." + std::string(field.key()), "is not allowed (expected confirmationWindowS, ghostWatchS)"});
        continue;
      }
      auto n = Integer(field.value());
      if (!n || *n < low || *n > high) {
        errors.push_back({base + "." + std::string(field.key()),
                          "must be an integer from " + std::to_string(low) + " to " + std::to_string(high)});
      }
    }
  }
  if (!errors.empty()) return Invalid(std::move(errors));
  return {};
}

bool NameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-';
}

}  // namespace

Result<void> ValidateConfigValue(std::string_view key, const boost::json::value& value) {
  if (key == kMatchingWeightsKey) return ValidateWeights(value);
  if (key == kTenantRateLimitsKey) return ValidateTenantOverrides(value);
  if (key == kBookingCertaintyKey) return ValidateBookingCertainty(value);
  return {};
}

Result<void> ValidateName(std::string_view field, std::string_view name, std::size_t max_length) {
  if (name.empty()) return Error::Validation(std::string(field), "must not be empty");
  if (name.size() > max_length) {
    return Error::Validation(std::string(field), "must be at most " + std::to_string(max_length) + " characters");
  }
  const bool starts_well = name[0] != '.' && name[0] != '_' && name[0] != '-';
  if (!starts_well || !std::all_of(name.begin(), name.end(), NameChar)) {
    return Error::Validation(std::string(field),
                             "may contain only letters, digits, '.', '_' and '-', and must start with a letter or digit");
  }
  return {};
}

MatchingWeights ReadMatchingWeights(const ConfigSnapshot& snapshot) {
  const boost::json::value* v = snapshot.Find(kMatchingWeightsKey);
  if (!v || !ValidateWeights(*v)) return {};
  const auto& o = v->get_object();
  return {*Number(o.at("price")), *Number(o.at("rating")), *Number(o.at("availability")),
          *Number(o.at("supplier_reliability"))};
}

}  // namespace hotel::config
