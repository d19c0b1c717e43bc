// JsonObjectReader: typed, path-aware, never-throwing reads of a supplier's JSON.
#include "modules/supplier-adapter/connectors/hbx/hbx_json_reader.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <charconv>
#include <cmath>

namespace hotel::supplier::hbx {

namespace json = boost::json;

void JsonObjectReader::Fail(std::string_view key, std::string_view what) {
  if (!problem_->empty()) return;
  *problem_ = key.empty() ? Path() : Sub(key);
  *problem_ += ' ';
  *problem_ += what;
}

std::string JsonObjectReader::Path() const {
  if (!parent_) return base_;
  std::string path = parent_->Sub(key_);
  if (index_ >= 0) path += "[" + std::to_string(index_) + "]";
  return path;
}

std::string JsonObjectReader::Sub(std::string_view key) const {
  std::string path = Path();
  if (!path.empty()) path += '.';
  path += key;
  return path;
}

const json::value* JsonObjectReader::Get(std::string_view key) const {
  if (!object_) return nullptr;
  const auto* v = object_->if_contains(key);
  return v && !v->is_null() ? v : nullptr;
}

std::string JsonObjectReader::Str(std::string_view key, bool required) {
  const auto* v = Get(key);
  if (!v) {
    if (required) Fail(key, "is missing");
    return {};
  }
  if (const auto* s = v->if_string()) return std::string(s->data(), s->size());
  Fail(key, "must be a string");
  return {};
}

std::string JsonObjectReader::Code(std::string_view key) {
  const auto* v = Get(key);
  if (v && v->is_int64()) return std::to_string(v->get_int64());
  if (v && v->is_uint64()) return std::to_string(v->get_uint64());
  auto s = Str(key, true);
  if (s.empty() && ok()) Fail(key, "is empty");
  return s;
}

std::string JsonObjectReader::Text(std::string_view key) {
  const auto* v = Get(key);
  if (!v) return {};
  if (v->is_string()) return Str(key, false);
  JsonObjectReader inner(v, this, key);
  if (!inner.present()) {
    Fail(key, "must be an object or a string");
    return {};
  }
  return inner.Str("content", false);
}

std::optional<std::int64_t> JsonObjectReader::Int(std::string_view key, bool required, std::int64_t min,
                                                  std::int64_t max) {
  const auto* v = Get(key);
  if (!v) {
    if (required) Fail(key, "is missing");
    return std::nullopt;
  }
  std::int64_t x = 0;
  if (v->is_int64()) {
    x = v->get_int64();
  } else if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(max)) {
    x = static_cast<std::int64_t>(v->get_uint64());
  } else if (const auto* s = v->if_string()) {
    // Counts as text ("3") are common enough to accept; anything else is not a count.
    auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), x);
    if (ec != std::errc{} || p != s->data() + s->size()) {
      Fail(key, "must be an integer");
      return std::nullopt;
    }
  } else {
    Fail(key, v->is_uint64() ? "is out of range" : "must be an integer");
    return std::nullopt;
  }
  if (x < min || x > max) {
    Fail(key, "is out of range");
    return std::nullopt;
  }
  return x;
}

bool JsonObjectReader::Bool(std::string_view key, bool fallback) {
  const auto* v = Get(key);
  if (!v) return fallback;
  if (v->is_bool()) return v->get_bool();
  Fail(key, "must be true or false");
  return fallback;
}

std::optional<double> JsonObjectReader::Number(std::string_view key) {
  const auto* v = Get(key);
  if (!v) return std::nullopt;
  double x = 0;
  if (v->is_double()) {
    x = v->get_double();
  } else if (v->is_int64()) {
    x = static_cast<double>(v->get_int64());
  } else if (v->is_uint64()) {
    x = static_cast<double>(v->get_uint64());
  } else if (const auto* s = v->if_string()) {
    auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), x);
    if (ec != std::errc{} || p != s->data() + s->size()) {
      Fail(key, "must be a number");
      return std::nullopt;
    }
  } else {
    Fail(key, "must be a number");
    return std::nullopt;
  }
  if (!std::isfinite(x)) {
    Fail(key, "must be a finite number");
    return std::nullopt;
  }
  return x;
}

std::optional<Money> JsonObjectReader::Amount(std::string_view key, std::string_view currency, bool required) {
  const auto* v = Get(key);
  if (!v) {
    if (required) Fail(key, "is missing");
    return std::nullopt;
  }
  const auto* s = v->if_string();
  if (!s) {
    Fail(key, "must be a decimal string");
    return std::nullopt;
  }
  auto money = ParseMoney(std::string_view(s->data(), s->size()), currency);
  if (!money) {
    Fail(key, "is not a decimal amount in " + std::string(currency));
    return std::nullopt;
  }
  if (money->minor < 0) {
    Fail(key, "must not be negative");
    return std::nullopt;
  }
  return money;
}

std::optional<Date> JsonObjectReader::Day(std::string_view key) {
  auto text = Str(key, true);
  if (!ok()) return std::nullopt;
  auto d = ParseDate(text);
  if (!d) Fail(key, "must be a date YYYY-MM-DD");
  return d;
}

std::string JsonObjectReader::Currency(std::string_view key, bool required) {
  auto c = Str(key, required);
  if (!c.empty() && !IsCurrencyCode(c)) Fail(key, "must be an ISO 4217 code");
  return c;
}

JsonObjectReader JsonObjectReader::Object(std::string_view key, bool required) {
  const auto* v = Get(key);
  if (!v) {
    if (required) Fail(key, "is missing");
  } else if (!v->is_object()) {
    Fail(key, "must be an object");
    v = nullptr;
  }
  return JsonObjectReader(v, this, key);
}

const json::array* JsonObjectReader::ArrayAt(std::string_view key, bool required) {
  const auto* v = Get(key);
  if (!v) {
    if (required) Fail(key, "is missing");
    return nullptr;
  }
  const auto* arr = v->if_array();
  if (!arr) Fail(key, "must be an array");
  return arr;
}

}  // namespace hotel::supplier::hbx
