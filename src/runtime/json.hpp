// JSON request bodies: parsing with a position in the error, and typed decoding that
// collects every bad or missing field into one validation_failed error naming each field.
#pragma once

#include "core/error.hpp"
#include "core/money.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::runtime {

// Malformed JSON → validation_failed, field "body", message with line, column and byte
// offset ("invalid JSON at line 3, column 14 (byte 41): syntax error").
Result<boost::json::value> ParseJson(std::string_view text);

// A parsed document whose nodes live in an arena of its own, released at once: its value does
// not own the arena, so destroying it does not walk the tree (a supplier's answer is tens of
// thousands of nodes; ParseJson's value, which owns its arena, walks them all). Move-only; the
// value must not be copied out of it by reference after the document is gone.
class JsonDocument {
 public:
  JsonDocument();
  JsonDocument(JsonDocument&&) noexcept = default;
  JsonDocument& operator=(JsonDocument&&) = delete;  // a value moved across arenas would copy
  const boost::json::value& value() const { return value_; }
  const boost::json::value* operator->() const { return &value_; }

 private:
  friend JsonDocument ParseJsonDocument(std::string_view, int, boost::system::error_code&, std::size_t*);
  std::unique_ptr<boost::json::monotonic_resource> arena_;  // declared first: outlives value_
  boost::json::value value_;
};

// As ParseJson (same errors), into a JsonDocument; `max_depth` bounds the nesting.
Result<JsonDocument> ParseJsonDocument(std::string_view text, int max_depth = 64);
// The same with the raw error (and how far it read) for callers that word their own.
JsonDocument ParseJsonDocument(std::string_view text, int max_depth, boost::system::error_code& ec,
                               std::size_t* consumed = nullptr);

// Appends `s` as a JSON string literal (quotes, backslashes and control characters escaped;
// other bytes as they are): for JSON written straight into a buffer, without a value tree.
void AppendJsonString(std::string& out, std::string_view s);

// Reads fields of a JSON object, remembering the path of each ("rooms[0].adults") and
// collecting errors instead of stopping at the first. Usage:
//   JsonReader r(body);  auto name = r.Required<std::string>("name");
//   r.Array("rooms", [&](JsonReader& room) { room.Required<int>("adults"); });
//   if (auto err = r.Finish()) return *err;
class JsonReader {
 public:
  // `value` must outlive the reader. A non-object value yields an error on first use.
  explicit JsonReader(const boost::json::value& value, std::string path = {});

  template <class T>
  T Required(std::string_view field);  // missing or wrong type: error, returns T{}
  template <class T>
  std::optional<T> Optional(std::string_view field);  // null/missing → nullopt

  // Constraints on a value already read (skipped when the field was already in error).
  void Check(std::string_view field, bool ok, std::string message);

  // Nested object / array of objects. Missing + required → error; missing + optional → skip;
  // present but not an object (an element not an object) → error. An array longer than
  // `max_items` is an error and is not walked: every list a request may carry is bounded.
  static constexpr std::size_t kDefaultMaxItems = 1000;
  void Object(std::string_view field, bool required, const std::function<void(JsonReader&)>& fn);
  void Array(std::string_view field, bool required, const std::function<void(JsonReader&)>& fn,
             std::size_t max_items = kDefaultMaxItems);
  std::size_t ArraySize(std::string_view field) const;

  // Rejects fields not in `known` (typos should not be silently ignored).
  void NoOtherFields(std::initializer_list<std::string_view> known);

  bool ok() const { return errors_->empty(); }  // no error anywhere in the document
  std::size_t ErrorCount() const { return errors_->size(); }  // to tell whether a part added one
  std::optional<Error> Finish() const;  // the collected validation error, if any
  void AddError(std::string field, std::string message);

 private:
  JsonReader(const boost::json::value& value, std::string path, std::shared_ptr<std::vector<FieldError>> errors);
  std::string PathOf(std::string_view field) const;
  const boost::json::value* Find(std::string_view field) const;
  bool HasError(const std::string& path) const;

  const boost::json::value& value_;
  std::string path_;
  std::shared_ptr<std::vector<FieldError>> errors_;
};

// The one reader of money in request bodies: {"amount": <integer minor units>, "currency":
// "EUR"} at `field`, amount inside the one bound (core/money AmountInBounds: |amount| < 10^15),
// currency three upper-case letters and, when `currency` is given, that one (an account's).
// nullopt when absent and not required, or when in error (recorded on `r`).
std::optional<Money> ReadMoney(JsonReader& r, std::string_view field, bool required,
                               std::string_view currency = {});

extern template std::string JsonReader::Required<std::string>(std::string_view);
extern template std::int64_t JsonReader::Required<std::int64_t>(std::string_view);
extern template int JsonReader::Required<int>(std::string_view);
extern template bool JsonReader::Required<bool>(std::string_view);
extern template double JsonReader::Required<double>(std::string_view);
extern template std::optional<std::string> JsonReader::Optional<std::string>(std::string_view);
extern template std::optional<std::int64_t> JsonReader::Optional<std::int64_t>(std::string_view);
extern template std::optional<int> JsonReader::Optional<int>(std::string_view);
extern template std::optional<bool> JsonReader::Optional<bool>(std::string_view);
extern template std::optional<double> JsonReader::Optional<double>(std::string_view);

}  // namespace hotel::runtime
