// Typed dynamic-config keys read from an immutable snapshot (userver style), plus feature flags.
#pragma once

#include "modules/config/feature_flag.hpp"

#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <type_traits>

namespace hotel::runtime {
class Logger;
}

namespace hotel::config {

// A config key with its type and the value used when the key is absent or holds a value of
// another type. Declare once, next to the code that reads it:
//   inline const config::Key<std::int64_t> kMaxRooms{"booking.max_rooms", 9};
//   snapshot->Get(kMaxRooms)
template <class T>
struct Key {
  std::string_view name;
  T default_value;
};

template <class T>
inline constexpr bool kIsConfigType =
    std::is_same_v<T, std::int64_t> || std::is_same_v<T, int> || std::is_same_v<T, double> ||
    std::is_same_v<T, bool> || std::is_same_v<T, std::string> || std::is_same_v<T, boost::json::value>;

namespace detail {
// nullopt when `v` is not a T: integers must be JSON integers in range (no fractions, no
// rounding), doubles accept any JSON number, strings and bools only themselves.
template <class T>
std::optional<T> FromJson(const boost::json::value& v);
template <class T>
std::string_view TypeName();
// Defined in config_snapshot.cpp; declared here so every use names these specialisations.
template <> std::optional<std::int64_t> FromJson<std::int64_t>(const boost::json::value& v);
template <> std::optional<int> FromJson<int>(const boost::json::value& v);
template <> std::optional<double> FromJson<double>(const boost::json::value& v);
template <> std::optional<bool> FromJson<bool>(const boost::json::value& v);
template <> std::optional<std::string> FromJson<std::string>(const boost::json::value& v);
template <> std::optional<boost::json::value> FromJson<boost::json::value>(const boost::json::value& v);
template <> std::string_view TypeName<std::int64_t>();
template <> std::string_view TypeName<int>();
template <> std::string_view TypeName<double>();
template <> std::string_view TypeName<bool>();
template <> std::string_view TypeName<std::string>();
template <> std::string_view TypeName<boost::json::value>();
}  // namespace detail

// Everything one process knows about config at one moment. Never changes once built, so a
// reader holding a shared_ptr to it sees consistent values for as long as it likes.
class ConfigSnapshot {
 public:
  using Values = std::map<std::string, boost::json::value, std::less<>>;
  using Flags = std::map<std::string, FeatureFlag, std::less<>>;

  ConfigSnapshot() = default;  // empty: every Get answers its default, every flag is off
  // `log` (may be null) must outlive the snapshot; it receives the wrong-type warnings.
  ConfigSnapshot(Values values, Flags flags, std::string env, std::uint64_t version, runtime::Logger* log);
  ConfigSnapshot(const ConfigSnapshot&) = delete;
  ConfigSnapshot& operator=(const ConfigSnapshot&) = delete;

  // The key's value, or its default when absent or of the wrong type (the latter logged as
  // WARN once per key and snapshot: a bad value should be noticed, not flood the log).
  template <class T>
  T Get(const Key<T>& key) const {
    static_assert(kIsConfigType<T>, "Key<T>: T must be int64_t, int, double, bool, std::string or boost::json::value");
    const boost::json::value* v = Find(key.name);
    if (!v) return key.default_value;
    if (auto out = detail::FromJson<T>(*v)) return std::move(*out);
    WarnWrongType(key.name, detail::TypeName<T>(), *v);
    return key.default_value;
  }

  const boost::json::value* Find(std::string_view key) const;  // null when absent

  // The seed's evaluation (feature_flag.hpp); an unknown flag is off.
  bool FlagEnabled(std::string_view flag, std::string_view tenant_id) const;
  const FeatureFlag* FindFlag(std::string_view name) const;

  const Values& values() const { return values_; }
  const Flags& flags() const { return flags_; }
  const std::string& env() const { return env_; }
  std::uint64_t version() const { return version_; }  // 0 for the empty snapshot, then 1, 2, ...

  // Same keys, values and flags (what decides whether a reload changed anything).
  bool SameContent(const Values& values, const Flags& flags) const { return values_ == values && flags_ == flags; }

 private:
  void WarnWrongType(std::string_view key, std::string_view expected, const boost::json::value& got) const;

  Values values_;
  Flags flags_;
  std::string env_ = "default";
  std::uint64_t version_ = 0;
  runtime::Logger* log_ = nullptr;
  // Logical constness: remembering which keys already warned changes no value readers see.
  mutable std::mutex warned_mutex_;
  mutable std::set<std::string, std::less<>> warned_;
};

}  // namespace hotel::config
