// Defensive JSON reading for the rapid parsers.
#include "modules/supplier-adapter/connectors/rapid/rapid_json.hpp"

#include "modules/supplier-adapter/connectors/rapid/rapid_wire.hpp"
#include "ports/supplier_connector.hpp"


#include <cmath>
#include <limits>

namespace hotel::supplier::rapid {

Error Malformed(std::string_view what, std::string_view body) {
  std::string detail = "rapid: ";
  detail += what;
  detail += "; body: ";
  detail += Excerpt(body);
  return Error::Unavailable(std::move(detail));
}

Result<runtime::JsonDocument> ParseBody(std::string_view body) {
  if (body.size() > kMaxBody) {
    return Error::Unavailable("rapid: response of " + std::to_string(body.size()) + " bytes is over the " +
                              std::to_string(kMaxBody) + "-byte limit");
  }
  boost::system::error_code ec;
  // Real answers nest about 12 deep; a deeper one is not Rapid. One arena for the whole answer
  // (tens of thousands of nodes), released at once.
  auto doc = runtime::ParseJsonDocument(body, 40, ec);
  if (ec) return Malformed("unparseable JSON (" + ec.message() + ")", body);
  return doc;
}

std::string JsonPath::str() const {
  std::string out = parent_ ? parent_->str() : std::string();
  if (index_ >= 0) {
    out += '[';
    out += std::to_string(index_);
    out += ']';
  } else if (!key_.empty()) {
    if (!out.empty()) out += '.';
    out += key_;
  }
  return out;
}

void JsonWalk::Fail(const JsonPath& path, std::string_view what) {
  if (failed_) return;
  failed_ = true;
  const std::string where = path.str();
  problem_ = where.empty() ? std::string(what) : where + ": " + std::string(what);
}

const json::value* JsonWalk::Member(const json::object& object, std::string_view key, const JsonPath& path,
                                    bool required) {
  const json::value* v = object.if_contains(key);
  if (v && v->is_null()) v = nullptr;
  if (!v && required) Fail(path.Key(key), "missing");
  return v;
}

const json::object* JsonWalk::Object(const json::object& o, std::string_view key, const JsonPath& path,
                                     bool required) {
  const json::value* v = Member(o, key, path, required);
  if (!v) return nullptr;
  if (!v->is_object()) {
    Fail(path.Key(key), "expected an object");
    return nullptr;
  }
  return &v->get_object();
}

const json::array* JsonWalk::Array(const json::object& o, std::string_view key, const JsonPath& path,
                                   bool required) {
  const json::value* v = Member(o, key, path, required);
  if (!v) return nullptr;
  if (!v->is_array()) {
    Fail(path.Key(key), "expected an array");
    return nullptr;
  }
  return &v->get_array();
}

std::optional<std::string_view> JsonWalk::String(const json::object& o, std::string_view key, const JsonPath& path,
                                                 bool required) {
  const json::value* v = Member(o, key, path, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    Fail(path.Key(key), "expected a string");
    return std::nullopt;
  }
  const auto& s = v->get_string();
  return std::string_view(s.data(), s.size());
}

std::optional<bool> JsonWalk::Bool(const json::object& o, std::string_view key, const JsonPath& path,
                                   bool required) {
  const json::value* v = Member(o, key, path, required);
  if (!v) return std::nullopt;
  if (!v->is_bool()) {
    Fail(path.Key(key), "expected a boolean");
    return std::nullopt;
  }
  return v->get_bool();
}

std::optional<std::int64_t> JsonWalk::Integer(const json::object& o, std::string_view key, const JsonPath& path,
                                              bool required, std::int64_t lo, std::int64_t hi) {
  const json::value* v = Member(o, key, path, required);
  if (!v) return std::nullopt;
  std::optional<std::int64_t> n;
  if (v->is_int64()) {
    n = v->get_int64();
  } else if (v->is_uint64()) {
    if (v->get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      n = static_cast<std::int64_t>(v->get_uint64());
    }
  } else if (v->is_string()) {
    const auto& s = v->get_string();
    if (!s.empty() && s.size() <= 18) {
      std::int64_t acc = 0;
      bool digits = true;
      for (char c : s) {
        if (c < '0' || c > '9') digits = false;
        else acc = acc * 10 + (c - '0');
      }
      if (digits) n = acc;
    }
  }
  if (!n || *n < lo || *n > hi) {
    Fail(path.Key(key), "expected an integer between " + std::to_string(lo) + " and " + std::to_string(hi));
    return std::nullopt;
  }
  return n;
}

std::optional<double> JsonWalk::Number(const json::object& o, std::string_view key, const JsonPath& path,
                                       bool required) {
  const json::value* v = Member(o, key, path, required);
  if (!v) return std::nullopt;
  double d = 0;
  if (v->is_double()) d = v->get_double();
  else if (v->is_int64()) d = static_cast<double>(v->get_int64());
  else if (v->is_uint64()) d = static_cast<double>(v->get_uint64());
  else {
    Fail(path.Key(key), "expected a number");
    return std::nullopt;
  }
  if (!std::isfinite(d)) {
    Fail(path.Key(key), "expected a finite number");
    return std::nullopt;
  }
  return d;
}

std::optional<Money> JsonWalk::Amount(const json::object& o, std::string_view key, const JsonPath& path,
                                      bool required) {
  const json::object* m = Object(o, key, path, required);
  if (!m) return std::nullopt;
  const JsonPath p = path.Key(key);
  const json::value* value = m->if_contains("value");
  if (!value) value = m->if_contains("amount");
  const auto currency = String(*m, "currency", p, true);
  if (!value || !value->is_string()) {
    Fail(p, "expected a decimal string value");
    return std::nullopt;
  }
  if (!currency) return std::nullopt;
  const auto& text = value->get_string();
  auto money = ParseMoney(std::string_view(text.data(), text.size()), *currency);
  if (!money) {
    Fail(p, "not an amount in a currency");
    return std::nullopt;
  }
  return money;
}

const json::object* JsonWalk::AsObject(const json::value& v, const JsonPath& path) {
  if (!v.is_object()) {
    Fail(path, "expected an object");
    return nullptr;
  }
  return &v.get_object();
}

}  // namespace hotel::supplier::rapid
