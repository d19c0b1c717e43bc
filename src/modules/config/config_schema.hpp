// Per-key schemas for config values written through the admin API; unknown keys accept any JSON.
#pragma once

#include "core/error.hpp"

#include <boost/json/value.hpp>

#include <string_view>

namespace hotel::config {

// validation_failed naming each bad field as the client wrote it ("value.price",
// "value.tnt_a.windowMs"), or success. Only keys with a known schema are checked:
//   matching.algorithm.weights          {price, rating, availability, supplier_reliability}:
//                                       exactly these, numbers in [0, 1], summing to 1 ± 1e-9
//   gateway.rate_limit.tenant_overrides {"<tenantId>": {"max"?: 1..1e8, "windowMs"?: 1..86400000}}
//                                       (integers; an absent one takes the gateway's default)
//   order.booking.certainty             {"<default|protocol|SUPPLIER>": {"confirmationWindowS"?: 5..86400,
//                                       "ghostWatchS"?: 0..604800}}
Result<void> ValidateConfigValue(std::string_view key, const boost::json::value& value);

// Config keys and flag names are [A-Za-z0-9._-], starting with a letter or digit; keys up to
// 255 characters, flag names up to 100 (the column widths). `field` names the error.
Result<void> ValidateName(std::string_view field, std::string_view name, std::size_t max_length);

}  // namespace hotel::config
