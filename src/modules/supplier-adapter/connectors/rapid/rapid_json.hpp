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

// Where a value sits in the document ("rooms[0].rates[2].refundable"), spelled out only when a
// problem is reported: a path is its parent's address plus a key or an index, so walking an
// answer of thousands of rates builds no strings. A path refers to its parent: each is a
// named local or parameter in a scope inside its parent's, and children of temporaries are
// refused at compile time (`p.Key("a").At(1)` would dangle; name `p.Key("a")` first).
class JsonPath {
 public:
  JsonPath() = default;                                  // the document
  explicit JsonPath(std::string_view name) : key_(name) {}  // a root with a name ("links.book")
  JsonPath Key(std::string_view key) const& { return JsonPath(this, key, -1); }
  JsonPath At(std::size_t i) const& { return JsonPath(this, {}, static_cast<std::ptrdiff_t>(i)); }
  JsonPath Key(std::string_view) const&& = delete;
  JsonPath At(std::size_t) const&& = delete;
  std::string str() const;  // "a.b[3].c"; "" for the document

 private:
  JsonPath(const JsonPath* parent, std::string_view key, std::ptrdiff_t index)
      : parent_(parent), key_(key), index_(index) {}
  const JsonPath* parent_ = nullptr;
  std::string_view key_;
  std::ptrdiff_t index_ = -1;
};

class JsonWalk {
 public:
  explicit JsonWalk(std::string_view body) : body_(body) {}

  bool failed() const { return failed_; }
  Error error() const { return Malformed(problem_, body_); }
  // Records a problem at `path` (only the first is kept).
  void Fail(const JsonPath& path, std::string_view what);

  // A member of `object`; null when absent or JSON null (an error when `required`).
  const json::value* Member(const json::object& object, std::string_view key, const JsonPath& path, bool required);

  // Typed members: nullopt / null when absent (and an error when required or of the wrong type).
  const json::object* Object(const json::object& o, std::string_view key, const JsonPath& path, bool required);
  const json::array* Array(const json::object& o, std::string_view key, const JsonPath& path, bool required);
  std::optional<std::string_view> String(const json::object& o, std::string_view key, const JsonPath& path,
                                         bool required);
  std::optional<bool> Bool(const json::object& o, std::string_view key, const JsonPath& path, bool required);
  // An integer in [lo, hi]; Rapid sends some counts as strings ("nights": "1"), accepted too.
  std::optional<std::int64_t> Integer(const json::object& o, std::string_view key, const JsonPath& path,
                                      bool required, std::int64_t lo, std::int64_t hi);
  // A finite number (coordinates; never money).
  std::optional<double> Number(const json::object& o, std::string_view key, const JsonPath& path, bool required);
  // {"value": "224.00", "currency": "USD"} (or {"amount": …}) as exact Money.
  std::optional<Money> Amount(const json::object& o, std::string_view key, const JsonPath& path, bool required);
  // A value that must be an object (array elements, map values).
  const json::object* AsObject(const json::value& v, const JsonPath& path);

 private:
  std::string_view body_;
  bool failed_ = false;
  std::string problem_;
};

}  // namespace hotel::supplier::rapid
