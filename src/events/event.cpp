// Events: construction and the JSON form used on the wire.
#include "events/events.hpp"

#include "core/date.hpp"
#include "core/ids.hpp"

#include <boost/json/value.hpp>

namespace hotel::events {
namespace json = boost::json;

Event MakeEvent(std::string type, std::string aggregate_type, std::string aggregate_id, std::string tenant_id,
                json::object payload, const Clock& clock, std::string trace_id) {
  Event e;
  e.id = NewId("evt");
  e.type = std::move(type);
  e.aggregate_type = std::move(aggregate_type);
  e.aggregate_id = std::move(aggregate_id);
  e.tenant_id = std::move(tenant_id);
  e.payload = std::move(payload);
  e.occurred_at = clock.Now();
  e.trace_id = std::move(trace_id);
  return e;
}

json::object EventToJson(const Event& e) {
  json::object o;
  o["id"] = e.id;
  o["type"] = e.type;
  o["aggregateType"] = e.aggregate_type;
  o["aggregateId"] = e.aggregate_id;
  o["tenantId"] = e.tenant_id;
  o["occurredAt"] = FormatIso8601(e.occurred_at);
  o["traceId"] = e.trace_id;
  o["sequence"] = e.sequence;
  o["payload"] = e.payload;
  return o;
}

namespace {

// A string member; `required` false lets it be absent (then "").
Result<std::string> StringField(const json::object& o, std::string_view name, bool required, std::size_t max_len) {
  const auto* v = o.if_contains(name);
  if (!v || v->is_null()) {
    if (required) return Error::Validation(std::string(name), "is required");
    return std::string();
  }
  if (!v->is_string()) return Error::Validation(std::string(name), "must be a string");
  const auto& s = v->get_string();
  if (required && s.empty()) return Error::Validation(std::string(name), "must not be empty");
  if (s.size() > max_len) return Error::Validation(std::string(name), "is too long");
  return std::string(s);
}

}  // namespace

Result<Event> EventFromJson(const json::value& v) {
  const auto* o = v.if_object();
  if (!o) return Error::Validation("", "an event must be a JSON object");
  Event e;
  auto id = StringField(*o, "id", true, 40);
  if (!id) return id.error();
  if (!IsId(*id, "evt")) return Error::Validation("id", "must be an evt_ id");
  e.id = std::move(*id);

  struct Text {
    std::string_view name;
    std::string* out;
    bool required;
    std::size_t max_len;
  };
  const Text texts[] = {{"type", &e.type, true, 100},
                        {"aggregateType", &e.aggregate_type, true, 40},
                        {"aggregateId", &e.aggregate_id, true, 200},
                        {"tenantId", &e.tenant_id, false, 40},
                        {"traceId", &e.trace_id, false, 32}};
  for (const auto& t : texts) {
    auto s = StringField(*o, t.name, t.required, t.max_len);
    if (!s) return s.error();
    *t.out = std::move(*s);
  }

  auto occurred = StringField(*o, "occurredAt", true, 64);
  if (!occurred) return occurred.error();
  auto at = ParseIso8601(*occurred);
  if (!at) return Error::Validation("occurredAt", "must be an ISO 8601 instant with an offset");
  e.occurred_at = *at;

  if (const auto* seq = o->if_contains("sequence"); seq && !seq->is_null()) {
    if (seq->is_int64() && seq->get_int64() >= 0) {
      e.sequence = seq->get_int64();
    } else if (seq->is_uint64() && seq->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX)) {
      e.sequence = static_cast<std::int64_t>(seq->get_uint64());
    } else {
      return Error::Validation("sequence", "must be a non-negative integer");
    }
  }

  const auto* payload = o->if_contains("payload");
  if (!payload) return Error::Validation("payload", "is required");
  if (!payload->is_object()) return Error::Validation("payload", "must be an object");
  e.payload = payload->get_object();
  return e;
}

}  // namespace hotel::events
