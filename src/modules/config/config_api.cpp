// Admin API handlers: role checks, input validation, JSON shapes; storage is ConfigStore's.
#include "modules/config/config_api.hpp"

#include "modules/config/config_schema.hpp"
#include "runtime/handler_support.hpp"
#include "runtime/json.hpp"

#include <boost/json.hpp>

#include <charconv>

namespace hotel::config {
namespace {

using boost::asio::awaitable;
using runtime::JsonResponse;
using runtime::Problem;
using runtime::Request;
using runtime::Response;

constexpr int kDefaultLimit = 50, kMaxLimit = 200;     // API-CONVENTIONS.md
constexpr std::size_t kMaxWhitelist = 10000;           // a flag for more tenants wants a rollout %
constexpr std::size_t kMaxDescription = 1000;

// Config is platform-wide, so reads are as restricted as writes. Not
// runtime::RefuseUnlessPlatformStaff, whose 401 detail differs from the one clients get here.
std::optional<Response> Deny(const Request& req) {
  if (!req.principal) return Problem(req, {Errc::unauthenticated, "Authentication is required.", {}});
  if (!req.principal->IsPlatformStaff()) {
    return Problem(req, {Errc::forbidden, "Only platform staff may read or change the config center.", {}});
  }
  return std::nullopt;
}

// Audit rows need an actor; a principal always has a user or a key, but never write "".
std::string ActorOf(const Request& req) {
  const std::string& actor = req.principal->Actor();
  return actor.empty() ? (req.principal->subject.empty() ? "unknown" : req.principal->subject) : actor;
}

Result<int> ParseLimit(const Request& req) {
  auto text = req.QueryParam("limit");
  if (!text) return kDefaultLimit;
  int n = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), n);
  if (ec != std::errc() || end != text->data() + text->size() || n < 1 || n > kMaxLimit) {
    return Error::Validation("limit", "must be an integer from 1 to " + std::to_string(kMaxLimit));
  }
  return n;
}

boost::json::value OptString(const std::optional<std::string>& s) {
  return s ? boost::json::value(*s) : boost::json::value();
}

boost::json::object ConfigJson(const ConfigEntry& e) {
  return {{"key", e.key},
          {"value", e.value},
          {"env", e.env},
          {"description", OptString(e.description)},
          {"updatedAt", e.updated_at},
          {"updatedBy", OptString(e.updated_by)}};
}

boost::json::object FlagJson(const FlagEntry& e) {
  boost::json::array whitelist;
  for (const auto& t : e.flag.whitelist) whitelist.emplace_back(t);
  return {{"name", e.flag.name},
          {"enabled", e.flag.enabled},
          {"rolloutPct", e.flag.rollout_pct},
          {"whitelist", std::move(whitelist)},
          {"description", e.flag.description},
          {"updatedAt", e.updated_at},
          {"updatedBy", OptString(e.updated_by)}};
}

boost::json::object AuditJson(const AuditEntry& e) {
  return {{"id", e.id},         {"at", e.at},     {"actor", e.actor},         {"kind", e.kind},
          {"name", e.name}, {"oldValue", e.old_value}, {"newValue", e.new_value}};
}

// Config and flag list cursors are opaque ("n." + the last name in hex), so that a string that
// merely looks like a key is not taken for one: `?cursor=not-a-cursor` is a 400.
std::string NameCursor(std::string_view name) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "n.";
  for (unsigned char c : name) {
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

std::optional<std::string> NameOfCursor(std::string_view cursor, std::size_t max_length) {
  if (cursor.substr(0, 2) != "n." || cursor.size() % 2 != 0 || cursor.size() < 4) return std::nullopt;
  auto nibble = [](char c) -> int {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
  };
  std::string name;
  for (std::size_t i = 2; i < cursor.size(); i += 2) {
    const int hi = nibble(cursor[i]), lo = nibble(cursor[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    name += static_cast<char>(hi * 16 + lo);
  }
  if (!ValidateName("cursor", name, max_length)) return std::nullopt;
  return name;
}

// The name a list cursor stands for (nullopt: none given), or a 400 for anything else.
Result<std::optional<std::string>> NameCursorParam(const Request& req, std::size_t max_length) {
  auto cursor = runtime::CursorParam(req, [&](std::string_view c) { return NameOfCursor(c, max_length).has_value(); });
  if (!cursor) return cursor.error();
  if (!*cursor) return std::optional<std::string>{};
  return NameOfCursor(**cursor, max_length);
}

template <class T, class F>
Response PageJson(const Page<T>& page, F to_json) {
  boost::json::array items;
  for (const auto& item : page.items) items.push_back(to_json(item));
  return JsonResponse(200, boost::json::object{{"items", std::move(items)}, {"nextCursor", OptString(page.next_cursor)}});
}

class Handlers {
 public:
  explicit Handlers(std::shared_ptr<ApiDeps> deps) : d_(std::move(deps)) {}

  awaitable<Response> ListConfig(Request& req) {
    if (auto denied = Deny(req)) co_return *denied;
    auto limit = ParseLimit(req);
    if (!limit) co_return Problem(req, limit.error());
    auto env = req.QueryParam("env");
    auto cursor = NameCursorParam(req, kMaxKeyLength);
    if (!cursor) co_return Problem(req, cursor.error());
    auto page = co_await d_->blocking.Run([&] { return d_->store.ListConfig(env, *limit, *cursor); });
    if (!page) co_return Problem(req, page.error());
    if (page->next_cursor) page->next_cursor = NameCursor(*page->next_cursor);
    co_return PageJson(*page, ConfigJson);
  }

  awaitable<Response> GetConfig(Request& req) {
    if (auto denied = Deny(req)) co_return *denied;
    const std::string key(req.Param("key"));
    auto entry = co_await d_->blocking.Run([&] { return d_->store.GetConfig(key); });
    if (!entry) co_return Problem(req, entry.error());
    if (!*entry) co_return Problem(req, Error::NotFound("No config key '" + key + "'."));
    co_return JsonResponse(200, ConfigJson(**entry));
  }

  awaitable<Response> PutConfig(Request& req) {
    if (auto denied = Deny(req)) co_return *denied;
    auto write = ParseConfigWrite(req);
    if (!write) co_return Problem(req, write.error());
    const std::string actor = ActorOf(req);
    auto put = co_await d_->blocking.Run([&] { return d_->store.PutConfig(*write, actor); });
    if (!put) co_return Problem(req, put.error());
    co_await ReloadAfterWrite();
    co_return JsonResponse(put->created ? 201 : 200, ConfigJson(put->entry));
  }

  awaitable<Response> DeleteConfig(Request& req) {
    if (auto denied = Deny(req)) co_return *denied;
    const std::string key(req.Param("key"));
    const std::string actor = ActorOf(req);
    auto deleted = co_await d_->blocking.Run([&] { return d_->store.DeleteConfig(key, actor); });
    if (!deleted) co_return Problem(req, deleted.error());
    if (!*deleted) co_return Problem(req, Error::NotFound("No config key '" + key + "'."));
    co_await ReloadAfterWrite();
    co_return Response::NoContent();
  }

  awaitable<Response> ListAudit(Request& req) {
    if (auto denied = Deny(req)) co_return *denied;
    auto limit = ParseLimit(req);
    if (!limit) co_return Problem(req, limit.error());
    AuditFilter filter{req.QueryParam("kind"), req.QueryParam("name")};
    if (filter.kind && *filter.kind != "config" && *filter.kind != "flag") {
      co_return Problem(req, Error::Validation("kind", "must be config or flag"));
    }
    std::optional<std::int64_t> cursor;
    if (auto text = req.QueryParam("cursor")) {
      std::int64_t id = 0;
      auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), id);
      if (ec != std::errc() || end != text->data() + text->size() || id < 1) {
        co_return Problem(req, Error::Validation("cursor", "is not a cursor this API returned"));
      }
      cursor = id;
    }
    auto page = co_await d_->blocking.Run([&] { return d_->store.ListAudit(filter, *limit, cursor); });
    if (!page) co_return Problem(req, page.error());
    co_return PageJson(*page, AuditJson);
  }

  awaitable<Response> ListFlags(Request& req) {
    if (auto denied = Deny(req)) co_return *denied;
    auto limit = ParseLimit(req);
    if (!limit) co_return Problem(req, limit.error());
    auto cursor = NameCursorParam(req, kMaxFlagLength);
    if (!cursor) co_return Problem(req, cursor.error());
    auto page = co_await d_->blocking.Run([&] { return d_->store.ListFlags(*limit, *cursor); });
    if (!page) co_return Problem(req, page.error());
    if (page->next_cursor) page->next_cursor = NameCursor(*page->next_cursor);
    co_return PageJson(*page, FlagJson);
  }

  awaitable<Response> GetFlag(Request& req) {
    if (auto denied = Deny(req)) co_return *denied;
    const std::string name(req.Param("name"));
    auto entry = co_await d_->blocking.Run([&] { return d_->store.GetFlag(name); });
    if (!entry) co_return Problem(req, entry.error());
    if (!*entry) co_return Problem(req, Error::NotFound("No feature flag '" + name + "'."));
    co_return JsonResponse(200, FlagJson(**entry));
  }

  awaitable<Response> PutFlag(Request& req) {
    if (auto denied = Deny(req)) co_return *denied;
    auto flag = ParseFlag(req);
    if (!flag) co_return Problem(req, flag.error());
    const std::string actor = ActorOf(req);
    const bool keep_description = !DescriptionGiven(req);
    auto put = co_await d_->blocking.Run([&] { return d_->store.PutFlag(*flag, actor, keep_description); });
    if (!put) co_return Problem(req, put.error());
    co_await ReloadAfterWrite();
    co_return JsonResponse(put->created ? 201 : 200, FlagJson(put->entry));
  }

  // Evaluated on the stored flag (not this process's snapshot) so that the answer always
  // reflects the latest write, whatever this process has loaded.
  awaitable<Response> EvaluateFlag(Request& req) {
    if (auto denied = Deny(req)) co_return *denied;
    const std::string name(req.Param("name"));
    auto tenant = req.QueryParam("tenantId");
    if (!tenant || tenant->empty()) co_return Problem(req, Error::Validation("tenantId", "is required"));
    auto entry = co_await d_->blocking.Run([&] { return d_->store.GetFlag(name); });
    if (!entry) co_return Problem(req, entry.error());
    if (!*entry) co_return Problem(req, Error::NotFound("No feature flag '" + name + "'."));
    co_return JsonResponse(200, boost::json::object{{"flag", name},
                                                    {"tenantId", *tenant},
                                                    {"enabled", config::EvaluateFlag((*entry)->flag, *tenant)}});
  }

 private:
  Result<ConfigWrite> ParseConfigWrite(const Request& req) {
    ConfigWrite w;
    w.key = std::string(req.Param("key"));
    if (auto ok = ValidateName("key", w.key, kMaxKeyLength); !ok) return ok.error();
    // GET /api/v1/config/audit is the audit trail: a key of that name could not be read back.
    if (w.key == "audit") return Error::Validation("key", "'audit' is reserved");
    auto body = runtime::ParseJson(req.body);
    if (!body) return body.error();
    runtime::JsonReader r(*body);
    r.NoOtherFields({"value", "description", "env"});
    const boost::json::value* value = body->is_object() ? body->get_object().if_contains("value") : nullptr;
    if (body->is_object() && (!value || value->is_null())) r.AddError("value", "is required (any JSON but null)");
    w.description = r.Optional<std::string>("description");
    if (w.description) r.Check("description", w.description->size() <= kMaxDescription, "is too long (max 1000)");
    w.env = r.Optional<std::string>("env");
    if (w.env && !ValidateName("env", *w.env, kMaxEnvLength)) {
      r.AddError("env", "must be 1-20 characters of letters, digits, '.', '_' and '-'");
    }
    if (auto err = r.Finish()) return *err;
    w.value = *value;
    if (auto schema = ValidateConfigValue(w.key, w.value); !schema) return schema.error();
    return w;
  }

  // ParseFlag has validated the body already; this only asks whether it named a description.
  static bool DescriptionGiven(const Request& req) {
    auto body = runtime::ParseJson(req.body);
    return body && body->is_object() && body->as_object().contains("description");
  }

  Result<FeatureFlag> ParseFlag(const Request& req) {
    FeatureFlag f;
    f.name = std::string(req.Param("name"));
    if (auto ok = ValidateName("name", f.name, kMaxFlagLength); !ok) return ok.error();
    auto body = runtime::ParseJson(req.body);
    if (!body) return body.error();
    runtime::JsonReader r(*body);
    r.NoOtherFields({"enabled", "rolloutPct", "whitelist", "description"});
    f.enabled = r.Required<bool>("enabled");
    f.rollout_pct = r.Required<int>("rolloutPct");
    r.Check("rolloutPct", f.rollout_pct >= 0 && f.rollout_pct <= 100, "must be from 0 to 100");
    const boost::json::value* list = body->is_object() ? body->get_object().if_contains("whitelist") : nullptr;
    if (body->is_object() && (!list || !list->is_array())) {
      r.AddError("whitelist", list ? "must be an array of tenant ids" : "is required (may be [])");
    } else if (list) {
      const auto& a = list->get_array();
      if (a.size() > kMaxWhitelist) r.AddError("whitelist", "has more than 10000 tenant ids; use rolloutPct");
      for (std::size_t i = 0; i < a.size() && i < kMaxWhitelist; ++i) {
        const std::string field = "whitelist[" + std::to_string(i) + "]";
        if (!a[i].is_string() || a[i].get_string().empty() || a[i].get_string().size() > 100) {
          r.AddError(field, "must be a tenant id (a non-empty string)");
        } else {
          f.whitelist.emplace_back(a[i].get_string());
        }
      }
    }
    f.description = r.Optional<std::string>("description").value_or("");
    r.Check("description", f.description.size() <= kMaxDescription, "is too long (max 1000)");
    if (auto err = r.Finish()) return *err;
    return f;
  }

  // The write is committed whatever happens here; a failed reload only delays this
  // process's view until the next poll or notification.
  awaitable<void> ReloadAfterWrite() {
    if (!d_->client) co_return;
    auto client = d_->client;
    auto reloaded = co_await d_->blocking.Run([client] { return client->Reload(ReloadSource::api); });
    if (!reloaded) d_->log.Warn("config written but not yet reloaded here", {{"error", reloaded.error().detail}});
  }

  std::shared_ptr<ApiDeps> d_;
};

template <awaitable<Response> (Handlers::*Method)(Request&)>
runtime::Handler Bind(std::shared_ptr<Handlers> h) {
  return [h](Request& req) -> awaitable<Response> { co_return co_await (h.get()->*Method)(req); };
}

}  // namespace

void RegisterConfigRoutes(runtime::Router& router, std::shared_ptr<ApiDeps> deps) {
  auto h = std::make_shared<Handlers>(std::move(deps));
  router.Get("/api/v1/config", Bind<&Handlers::ListConfig>(h));
  router.Get("/api/v1/config/audit", Bind<&Handlers::ListAudit>(h));
  router.Get("/api/v1/config/{key}", Bind<&Handlers::GetConfig>(h));
  router.Put("/api/v1/config/{key}", Bind<&Handlers::PutConfig>(h));
  router.Delete("/api/v1/config/{key}", Bind<&Handlers::DeleteConfig>(h));
  router.Get("/api/v1/feature-flags", Bind<&Handlers::ListFlags>(h));
  router.Get("/api/v1/feature-flags/{name}", Bind<&Handlers::GetFlag>(h));
  router.Put("/api/v1/feature-flags/{name}", Bind<&Handlers::PutFlag>(h));
  router.Get("/api/v1/feature-flags/{name}/evaluate", Bind<&Handlers::EvaluateFlag>(h));
}

}  // namespace hotel::config
