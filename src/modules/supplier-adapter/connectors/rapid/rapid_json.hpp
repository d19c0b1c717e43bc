// Defensive reading of a supplier's JSON for the rapid parsers: every accessor checks the type,
// and the first problem is kept with the path where it was found, so a parser can read on and
// report once ("rooms[0].rates[2].refundable: expected a boolean").
#pragma once

#include "core/error.hpp"
#include "core/money.hpp"
#include "runtime/json.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotel::supplier::rapid {

namespace json = boost::json;

// Parses a body within kMaxBody and a bounded nesting depth; upstream_unavailable otherwise.
Result<runtime::JsonDocument> ParseBody(std::string_view body);

// upstream_unavailable "rapid: <what>; body: <excerpt>".
Error Malformed(std::string_view what, std::string_view body);

class JsonWalk {
 public:
  explicit JsonWalk(std::string_view body) : body_(body) {}

  bool failed() const { return failed_; }
  Error error() const { return Malformed(problem_, body_); }
  // Records a problem at `path` (only the first is kept).
  void Fail(const std::string& path, std::string_view what);

  // A member of `object`; null when absent or JSON null (an error when `required`).
  const json::value* Member(const json::object& object, std::string_view key, const std::string& path, bool required);

  // Typed members: nullopt / null when absent (and an error when required or of the wrong type).
  const json::object* Object(const json::object& o, std::string_view key, const std::string& path, bool required);
  const json::array* Array(const json::object& o, std::string_view key, const std::string& path, bool required);
  std::optional<std::string_view> String(const json::object& o, std::string_view key, const std::string& path,
                                         bool required);
  std::optional<bool> Bool(const json::object& o, std::string_view key, const std::string& path, bool required);
  // An integer in [lo, hi]; Rapid sends some counts as strings ("nights": "1"), accepted too.
  std::optional<std::int64_t> Integer(const json::object& o, std::string_view key, const std::string& path,
                                      bool required, std::int64_t lo, std::int64_t hi);
  // A finite number (coordinates; never money).
  std::optional<double> Number(const json::object& o, std::string_view key, const std::string& path, bool required);
  // {"value": "224.00", "currency": "USD"} (or {"amount": …}) as exact Money.
  std::optional<Money> Amount(const json::object& o, std::string_view key, const std::string& path, bool required);
  // A value that must be an object (array elements, map values).
  const json::object* AsObject(const json::value& v, const std::string& path);

 private:
  std::string_view body_;
  bool failed_ = false;
  std::string problem_;
};

// Paths for problems: "a.b", "a[3]" (built per element, cheap next to the network call).
inline std::string Path(const std::string& base, std::string_view key) {
  return base.empty() ? std::string(key) : base + "." + std::string(key);
}
inline std::string Index(const std::string& base, std::size_t i) { return base + "[" + std::to_string(i) + "]"; }

}  // namespace hotel::supplier::rapid
