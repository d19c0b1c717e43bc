// A defensive reader for one JSON object of a supplier's answer (used by hbx_wire.cpp). It
// never throws and never trusts a type: the first problem found is kept with its path
// ("hotels.hotels[3].rooms[0].rates[1].net must be a decimal string") and later reads return
// defaults, so a parser reads on and checks once at the end.
#pragma once

#include "core/date.hpp"
#include "core/money.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotel::supplier::hbx {

class JsonObjectReader {
 public:
  // `value` may be null or not an object: the reader is then absent and reads nothing.
  JsonObjectReader(const boost::json::value* value, std::string path, std::string* problem)
      : object_(value ? value->if_object() : nullptr), base_(std::move(path)), problem_(problem) {}

  bool ok() const { return problem_->empty(); }
  bool present() const { return object_ != nullptr; }
  void Fail(std::string_view key, std::string_view what);

  // Null counts as absent: APItude sends `null` for empty optional fields.
  const boost::json::value* Get(std::string_view key) const;
  std::string Str(std::string_view key, bool required);
  // A required, non-empty code; APItude sends hotel codes as numbers, the simulator as text.
  std::string Code(std::string_view key);
  // {"content": "…"} (APItude content texts) or a plain string; empty when absent.
  std::string Text(std::string_view key);
  // An integer in [min, max], as a JSON integer or as digits in a string.
  std::optional<std::int64_t> Int(std::string_view key, bool required, std::int64_t min, std::int64_t max);
  bool Bool(std::string_view key, bool fallback);
  // A finite number (coordinates), as a JSON number or a numeric string.
  std::optional<double> Number(std::string_view key);
  // A decimal string ("205.40") parsed exactly with ParseMoney, never through a double; >= 0.
  std::optional<Money> Amount(std::string_view key, std::string_view currency, bool required);
  std::optional<Date> Day(std::string_view key);  // required "YYYY-MM-DD"
  std::string Currency(std::string_view key, bool required);

  JsonObjectReader Object(std::string_view key, bool required);
  // Calls f(JsonObjectReader&) for each element of an array of objects, until a problem.
  template <class F>
  void Each(std::string_view key, bool required, F&& f) {
    const auto* arr = ArrayAt(key, required);
    for (std::size_t i = 0; arr && i < arr->size() && ok(); ++i) {
      JsonObjectReader element(&(*arr)[i], this, key, static_cast<std::ptrdiff_t>(i));
      if (!element.present()) {
        element.Fail("", "must be an object");
        return;
      }
      f(element);
    }
  }

 private:
  // A member or array element of `parent` (which outlives it: readers live in nested scopes),
  // whose path is only spelled out when a problem is reported.
  JsonObjectReader(const boost::json::value* value, const JsonObjectReader* parent, std::string_view key,
                   std::ptrdiff_t index = -1)
      : object_(value ? value->if_object() : nullptr), parent_(parent), key_(key), index_(index),
        problem_(parent->problem_) {}
  const boost::json::array* ArrayAt(std::string_view key, bool required);
  std::string Path() const;
  std::string Sub(std::string_view key) const;

  const boost::json::object* object_;
  std::string base_;                          // a root's path ("" for the document)
  const JsonObjectReader* parent_ = nullptr;  // or: a child of parent_ at key_ (and [index_])
  std::string_view key_;
  std::ptrdiff_t index_ = -1;
  std::string* problem_;
};

}  // namespace hotel::supplier::hbx
