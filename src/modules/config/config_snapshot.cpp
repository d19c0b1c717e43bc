// ConfigSnapshot: typed reads with defaults, and flag lookups.
#include "modules/config/config_snapshot.hpp"

#include "runtime/log.hpp"

#include <boost/json/serialize.hpp>

#include <limits>

namespace hotel::config {
namespace detail {
namespace {

std::optional<std::int64_t> AsInt64(const boost::json::value& v) {
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return static_cast<std::int64_t>(v.get_uint64());
  }
  return std::nullopt;
}

}  // namespace

template <>
std::optional<std::int64_t> FromJson<std::int64_t>(const boost::json::value& v) {
  return AsInt64(v);
}
template <>
std::optional<int> FromJson<int>(const boost::json::value& v) {
  auto n = AsInt64(v);
  if (!n || *n < std::numeric_limits<int>::min() || *n > std::numeric_limits<int>::max()) return std::nullopt;
  return static_cast<int>(*n);
}
template <>
std::optional<double> FromJson<double>(const boost::json::value& v) {
  if (v.is_double()) return v.get_double();
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  if (v.is_uint64()) return static_cast<double>(v.get_uint64());
  return std::nullopt;
}
template <>
std::optional<bool> FromJson<bool>(const boost::json::value& v) {
  if (v.is_bool()) return v.get_bool();
  return std::nullopt;
}
template <>
std::optional<std::string> FromJson<std::string>(const boost::json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  return std::nullopt;
}
template <>
std::optional<boost::json::value> FromJson<boost::json::value>(const boost::json::value& v) {
  return v;
}

template <> std::string_view TypeName<std::int64_t>() { return "integer"; }
template <> std::string_view TypeName<int>() { return "32-bit integer"; }
template <> std::string_view TypeName<double>() { return "number"; }
template <> std::string_view TypeName<bool>() { return "boolean"; }
template <> std::string_view TypeName<std::string>() { return "string"; }
template <> std::string_view TypeName<boost::json::value>() { return "JSON value"; }

}  // namespace detail

ConfigSnapshot::ConfigSnapshot(Values values, Flags flags, std::string env, std::uint64_t version,
                               runtime::Logger* log)
    : values_(std::move(values)), flags_(std::move(flags)), env_(std::move(env)), version_(version), log_(log) {}

const boost::json::value* ConfigSnapshot::Find(std::string_view key) const {
  auto it = values_.find(key);
  return it == values_.end() ? nullptr : &it->second;
}

const FeatureFlag* ConfigSnapshot::FindFlag(std::string_view name) const {
  auto it = flags_.find(name);
  return it == flags_.end() ? nullptr : &it->second;
}

bool ConfigSnapshot::FlagEnabled(std::string_view flag, std::string_view tenant_id) const {
  const FeatureFlag* f = FindFlag(flag);
  return f && EvaluateFlag(*f, tenant_id);
}

void ConfigSnapshot::WarnWrongType(std::string_view key, std::string_view expected, const boost::json::value& got) const {
  {
    std::lock_guard lock(warned_mutex_);
    if (!warned_.emplace(key).second) return;
  }
  if (!log_) return;
  std::string shown = boost::json::serialize(got);
  if (shown.size() > 200) shown = shown.substr(0, 200) + "...";
  log_->Warn("config value has the wrong type; using the default",
             {{"key", key}, {"expected", expected}, {"value", shown}, {"snapshotVersion", version_}});
}

}  // namespace hotel::config
