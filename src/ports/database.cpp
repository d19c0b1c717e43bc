// Column accessors for SqlRow/SqlResult: one reading rule for values from either engine.
#include "ports/database.hpp"

#include <cassert>
#include <charconv>
#include <cmath>
#include <limits>

namespace hotel::ports {
namespace {

// A missing column is a programming error (asserted); in release builds it reads as NULL
// rather than touching memory past the row.
const SqlValue& At(const SqlRow& row, std::size_t i) {
  static const SqlValue kNull;
  assert(i < row.values.size() && "SqlRow column index out of range");
  return i < row.values.size() ? row.values[i] : kNull;
}

std::optional<std::int64_t> ParseInt(std::string_view s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc() && end == s.data() + s.size()) return v;
  return std::nullopt;
}

std::optional<double> ParseDouble(std::string_view s) {
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec == std::errc() && end == s.data() + s.size()) return v;
  return std::nullopt;
}

// PostgreSQL returns NUMERIC (e.g. SUM over integers) as text such as "42" or "42.000":
// accept any decimal that is a whole number within range.
std::optional<std::int64_t> IntFromDouble(double d) {
  constexpr double kLimit = 9223372036854775808.0;  // 2^63
  if (!std::isfinite(d) || d != std::trunc(d) || d >= kLimit || d < -kLimit) return std::nullopt;
  return static_cast<std::int64_t>(d);
}

std::string FormatDouble(double d) {
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);  // shortest round-trip form
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i] >= 'A' && a[i] <= 'Z' ? static_cast<char>(a[i] - 'A' + 'a') : a[i];
    if (x != b[i]) return false;
  }
  return true;
}

}  // namespace

bool SqlRow::IsNull(std::size_t i) const { return std::holds_alternative<std::monostate>(At(*this, i)); }

// Unconvertible values read as 0 / false / "" so that a bad row never crashes a request;
// NULL reads the same way (use the GetOpt* accessors where NULL means something).
std::int64_t SqlRow::GetInt(std::size_t i) const {
  const SqlValue& v = At(*this, i);
  if (auto* n = std::get_if<std::int64_t>(&v)) return *n;
  if (auto* b = std::get_if<bool>(&v)) return *b ? 1 : 0;
  if (auto* d = std::get_if<double>(&v)) return IntFromDouble(*d).value_or(0);
  if (auto* s = std::get_if<std::string>(&v)) {
    if (auto n = ParseInt(*s)) return *n;
    if (auto d = ParseDouble(*s)) return IntFromDouble(*d).value_or(0);
  }
  return 0;
}

bool SqlRow::GetBool(std::size_t i) const {
  const SqlValue& v = At(*this, i);
  if (auto* b = std::get_if<bool>(&v)) return *b;
  if (auto* n = std::get_if<std::int64_t>(&v)) return *n != 0;
  if (auto* d = std::get_if<double>(&v)) return *d != 0;
  if (auto* s = std::get_if<std::string>(&v)) {
    return EqualsIgnoreCase(*s, "t") || EqualsIgnoreCase(*s, "true") || *s == "1";
  }
  return false;
}

double SqlRow::GetDouble(std::size_t i) const {
  const SqlValue& v = At(*this, i);
  if (auto* d = std::get_if<double>(&v)) return *d;
  if (auto* n = std::get_if<std::int64_t>(&v)) return static_cast<double>(*n);
  if (auto* b = std::get_if<bool>(&v)) return *b ? 1.0 : 0.0;
  if (auto* s = std::get_if<std::string>(&v)) return ParseDouble(*s).value_or(0.0);
  return 0.0;
}

std::string SqlRow::GetString(std::size_t i) const {
  const SqlValue& v = At(*this, i);
  if (auto* s = std::get_if<std::string>(&v)) return *s;
  if (auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
  if (auto* d = std::get_if<double>(&v)) return FormatDouble(*d);
  if (auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  return {};
}

std::optional<std::string> SqlRow::GetOptString(std::size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return GetString(i);
}

std::optional<std::int64_t> SqlRow::GetOptInt(std::size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return GetInt(i);
}

std::optional<bool> SqlRow::GetOptBool(std::size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return GetBool(i);
}

std::optional<double> SqlRow::GetOptDouble(std::size_t i) const {
  if (IsNull(i)) return std::nullopt;
  return GetDouble(i);
}

std::size_t SqlResult::Column(std::string_view name) const {
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == name) return i;
  }
  assert(false && "SqlResult has no column of that name");
  return columns.size();  // reads as NULL through the accessors
}

Result<void> RelaxCommit(SqlSession& session, Dialect dialect) {
  if (dialect != Dialect::postgres) return {};
  return session.Defer("SET LOCAL synchronous_commit TO off");
}

Result<void> ReleaseLocksBeforeFlush(SqlSession& session, Dialect dialect) {
  if (dialect != Dialect::postgres) return {};
  if (auto relaxed = RelaxCommit(session, dialect); !relaxed) return relaxed;
  session.AwaitDurableAfterCommit();
  return {};
}

}  // namespace hotel::ports
