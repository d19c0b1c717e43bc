// JSON parsing with positions, and JsonReader's typed field access.
#include "runtime/json.hpp"

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/stream_parser.hpp>

#include <algorithm>
#include <limits>

namespace hotel::runtime {

void AppendJsonString(std::string& out, std::string_view s) {
  out.push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out.push_back(kHex[c >> 4]);
          out.push_back(kHex[c & 0xF]);
        } else {
          out.push_back(static_cast<char>(c));
        }
    }
  }
  out.push_back('"');
}

namespace {

// Parses one JSON value (whitespace around it allowed) into `sp`; `consumed` is where it stopped.
boost::json::value ParseInto(std::string_view text, int max_depth, boost::json::storage_ptr sp,
                             boost::system::error_code& ec, std::size_t& consumed) {
  boost::json::parse_options opts;
  opts.max_depth = static_cast<std::size_t>(max_depth);
  boost::json::stream_parser p({}, opts);
  p.reset(std::move(sp));
  ec = {};
  consumed = p.write_some(text.data(), text.size(), ec);
  if (!ec && consumed < text.size()) {
    // write_some stops after one complete value: anything but whitespace after it is an error.
    auto rest = text.substr(consumed);
    if (rest.find_first_not_of(" \t\r\n") != std::string_view::npos) {
      consumed += rest.find_first_not_of(" \t\r\n");
      ec = boost::json::error::extra_data;
    }
  }
  if (!ec) p.finish(ec);
  if (ec) return nullptr;
  return p.release();
}

Error InvalidJson(std::string_view text, const boost::system::error_code& ec, std::size_t consumed) {
  if (text.empty()) return Error::Validation("body", "a JSON body is required");
  consumed = std::min(consumed, text.size());
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < consumed; ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return Error::Validation("body", "invalid JSON at line " + std::to_string(line) + ", column " +
                                       std::to_string(column) + " (byte " + std::to_string(consumed) +
                                       "): " + ec.message());
}

}  // namespace

Result<boost::json::value> ParseJson(std::string_view text) {
  boost::system::error_code ec;
  std::size_t consumed = 0;
  // The value's nodes come from one arena (an answer of a supplier is tens of thousands of
  // them), released with the value.
  auto value = ParseInto(text, 64, boost::json::make_shared_resource<boost::json::monotonic_resource>(), ec, consumed);
  if (ec) return InvalidJson(text, ec, consumed);
  return value;
}

JsonDocument::JsonDocument() : arena_(std::make_unique<boost::json::monotonic_resource>()), value_(arena_.get()) {}

JsonDocument ParseJsonDocument(std::string_view text, int max_depth, boost::system::error_code& ec,
                               std::size_t* consumed) {
  JsonDocument doc;
  std::size_t used = 0;
  // A storage_ptr made from a plain pointer does not own the arena: the tree is not walked
  // when the value goes (monotonic deallocation is a no-op); the document frees the arena.
  doc.value_ = ParseInto(text, max_depth, boost::json::storage_ptr(doc.arena_.get()), ec, used);
  if (consumed) *consumed = used;
  return doc;
}

Result<JsonDocument> ParseJsonDocument(std::string_view text, int max_depth) {
  boost::system::error_code ec;
  std::size_t consumed = 0;
  auto doc = ParseJsonDocument(text, max_depth, ec, &consumed);
  if (ec) return InvalidJson(text, ec, consumed);
  return doc;
}

JsonReader::JsonReader(const boost::json::value& value, std::string path)
    : JsonReader(value, std::move(path), std::make_shared<std::vector<FieldError>>()) {}

JsonReader::JsonReader(const boost::json::value& value, std::string path, std::shared_ptr<std::vector<FieldError>> errors)
    : value_(value), path_(std::move(path)), errors_(std::move(errors)) {
  if (!value_.is_object()) AddError(path_.empty() ? "body" : path_, "must be a JSON object");
}

std::string JsonReader::PathOf(std::string_view field) const {
  return path_.empty() ? std::string(field) : path_ + "." + std::string(field);
}

const boost::json::value* JsonReader::Find(std::string_view field) const {
  if (!value_.is_object()) return nullptr;
  const auto& o = value_.get_object();
  auto it = o.find(field);
  return it == o.end() ? nullptr : &it->value();
}

bool JsonReader::HasError(const std::string& path) const {
  return std::any_of(errors_->begin(), errors_->end(), [&](const FieldError& e) { return e.field == path; });
}

void JsonReader::AddError(std::string field, std::string message) {
  if (!HasError(field)) errors_->push_back({std::move(field), std::move(message)});
}

namespace {
template <class T>
std::optional<T> Convert(const boost::json::value& v, std::string& message) {
  if constexpr (std::is_same_v<T, std::string>) {
    if (v.is_string()) return std::string(v.get_string());
    message = "must be a string";
  } else if constexpr (std::is_same_v<T, bool>) {
    if (v.is_bool()) return v.get_bool();
    message = "must be true or false";
  } else if constexpr (std::is_same_v<T, double>) {
    if (v.is_double()) return v.get_double();
    if (v.is_int64()) return static_cast<double>(v.get_int64());
    if (v.is_uint64()) return static_cast<double>(v.get_uint64());
    message = "must be a number";
  } else {
    // Integers: a double with a fraction or out of range is an error, never truncated.
    if (v.is_int64() || v.is_uint64()) {
      if (v.is_uint64() && v.get_uint64() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
        message = "is out of range";
        return std::nullopt;
      }
      const std::int64_t x = v.is_int64() ? v.get_int64() : static_cast<std::int64_t>(v.get_uint64());
      if (x < std::numeric_limits<T>::min() || x > std::numeric_limits<T>::max()) {
        message = "is out of range";
        return std::nullopt;
      }
      return static_cast<T>(x);
    }
    message = "must be an integer";
  }
  return std::nullopt;
}
}  // namespace

template <class T>
T JsonReader::Required(std::string_view field) {
  const auto* v = Find(field);
  if (!v || v->is_null()) {
    if (value_.is_object()) AddError(PathOf(field), "is required");
    return T{};
  }
  std::string message;
  auto out = Convert<T>(*v, message);
  if (!out) {
    AddError(PathOf(field), message);
    return T{};
  }
  return std::move(*out);
}

template <class T>
std::optional<T> JsonReader::Optional(std::string_view field) {
  const auto* v = Find(field);
  if (!v || v->is_null()) return std::nullopt;
  std::string message;
  auto out = Convert<T>(*v, message);
  if (!out) AddError(PathOf(field), message);
  return out;
}

void JsonReader::Check(std::string_view field, bool ok, std::string message) {
  const std::string path = PathOf(field);
  if (!ok && !HasError(path)) AddError(path, std::move(message));
}

void JsonReader::Object(std::string_view field, bool required, const std::function<void(JsonReader&)>& fn) {
  const auto* v = Find(field);
  if (!v || v->is_null()) {
    if (required && value_.is_object()) AddError(PathOf(field), "is required");
    return;
  }
  if (!v->is_object()) {
    AddError(PathOf(field), "must be an object");
    return;
  }
  JsonReader child(*v, PathOf(field), errors_);
  fn(child);
}

void JsonReader::Array(std::string_view field, bool required, const std::function<void(JsonReader&)>& fn,
                       std::size_t max_items) {
  const auto* v = Find(field);
  if (!v || v->is_null()) {
    if (required && value_.is_object()) AddError(PathOf(field), "is required");
    return;
  }
  if (!v->is_array()) {
    AddError(PathOf(field), "must be an array");
    return;
  }
  const auto& arr = v->get_array();
  if (arr.size() > max_items) {
    AddError(PathOf(field), "must have at most " + std::to_string(max_items) + " items");
    return;
  }
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const std::string path = PathOf(field) + "[" + std::to_string(i) + "]";
    if (!arr[i].is_object()) {
      AddError(path, "must be an object");
      continue;
    }
    JsonReader child(arr[i], path, errors_);
    fn(child);
  }
}

std::optional<Money> ReadMoney(JsonReader& r, std::string_view field, bool required, std::string_view currency) {
  std::optional<Money> out;
  r.Object(field, required, [&](JsonReader& m) {
    const std::size_t errors_before = m.ErrorCount();
    m.NoOtherFields({"amount", "currency"});
    Money money;
    money.minor = m.Required<std::int64_t>("amount");
    money.currency = m.Required<std::string>("currency");
    m.Check("amount", AmountInBounds(money.minor), AmountBoundsMessage());
    if (currency.empty()) {
      m.Check("currency", IsCurrencyCode(money.currency), "must be an ISO 4217 code such as CNY");
    } else {
      m.Check("currency", money.currency == currency, "must be " + std::string(currency));
    }
    if (m.ErrorCount() == errors_before) out = std::move(money);
  });
  return out;
}

std::size_t JsonReader::ArraySize(std::string_view field) const {
  const auto* v = Find(field);
  return v && v->is_array() ? v->get_array().size() : 0;
}

void JsonReader::NoOtherFields(std::initializer_list<std::string_view> known) {
  if (!value_.is_object()) return;
  for (const auto& kv : value_.get_object()) {
    if (std::find(known.begin(), known.end(), kv.key()) == known.end()) {
      AddError(PathOf(kv.key()), "is not a known field");
    }
  }
}

std::optional<Error> JsonReader::Finish() const {
  if (errors_->empty()) return std::nullopt;
  return Error{Errc::validation_failed, "The request has invalid fields.", *errors_};
}

template std::string JsonReader::Required<std::string>(std::string_view);
template std::int64_t JsonReader::Required<std::int64_t>(std::string_view);
template int JsonReader::Required<int>(std::string_view);
template bool JsonReader::Required<bool>(std::string_view);
template double JsonReader::Required<double>(std::string_view);
template std::optional<std::string> JsonReader::Optional<std::string>(std::string_view);
template std::optional<std::int64_t> JsonReader::Optional<std::int64_t>(std::string_view);
template std::optional<int> JsonReader::Optional<int>(std::string_view);
template std::optional<bool> JsonReader::Optional<bool>(std::string_view);
template std::optional<double> JsonReader::Optional<double>(std::string_view);

}  // namespace hotel::runtime
