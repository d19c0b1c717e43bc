// Request/Response helpers and problem+json rendering.
#include "runtime/http.hpp"

#include <boost/json.hpp>
#include <boost/url/encoding_opts.hpp>
#include <boost/url/parse_query.hpp>

#include <strings.h>

namespace hotel::runtime {
namespace {
bool IEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}
}  // namespace

std::string_view Request::Header(std::string_view name) const {
  return header_lookup ? header_lookup(header_source, name) : std::string_view{};
}

std::string_view Request::Param(std::string_view name) const {
  for (const auto& [k, v] : params) {
    if (k == name) return v;
  }
  return {};
}

std::optional<std::string> Request::QueryParam(std::string_view name) const {
  if (query.empty()) return std::nullopt;
  auto parsed = boost::urls::parse_query(query);
  if (!parsed) return std::nullopt;
  boost::urls::encoding_opts form;  // application/x-www-form-urlencoded: '+' is a space
  form.space_as_plus = true;
  for (auto param : *parsed) {
    if (param.key.decode(form) == name) return param.has_value ? param.value.decode(form) : std::string();
  }
  return std::nullopt;
}

void Response::SetHeader(std::string name, std::string value) {
  for (auto& [k, v] : headers) {
    if (IEquals(k, name)) {
      v = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

std::string_view Response::Header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (IEquals(k, name)) return v;
  }
  return {};
}

Response Response::Json(int status, std::string body) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

Response Response::Text(int status, std::string body, std::string content_type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

Response Response::NoContent() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

Response ProblemResponse(const Error& error, std::string_view trace_id) {
  boost::json::object o;
  const std::string_view code = CodeName(error.code);
  o["type"] = std::string("https://hotel-platform.dev/errors/") + std::string(code);
  o["title"] = Title(error.code);
  o["status"] = HttpStatus(error.code);
  o["code"] = code;
  o["detail"] = error.detail.empty() ? std::string(Title(error.code)) : error.detail;
  o["traceId"] = trace_id;
  if (!error.fields.empty()) {
    boost::json::array errors;
    for (const auto& f : error.fields) errors.push_back(boost::json::object{{"field", f.field}, {"message", f.message}});
    o["errors"] = std::move(errors);
  }
  Response r;
  r.status = HttpStatus(error.code);
  r.content_type = "application/problem+json";
  r.body = boost::json::serialize(o);
  return r;
}

}  // namespace hotel::runtime
