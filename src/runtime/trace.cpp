// W3C traceparent: https://www.w3.org/TR/trace-context/#traceparent-header
#include "runtime/trace.hpp"

#include <algorithm>
#include <random>

namespace hotel::runtime {
namespace {
constexpr char kHex[] = "0123456789abcdef";

bool IsLowerHex(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}
bool AllZero(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == '0'; });
}
int HexValue(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

void NonZeroRandomHex(char* out, std::size_t n) {
  do RandomHex(out, n);
  while (AllZero({out, n}));
}
}  // namespace

void RandomHex(char* out, std::size_t n) {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  std::uint64_t bits = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 16 == 0) bits = rng();
    out[i] = kHex[bits & 0xF];
    bits >>= 4;
  }
}

std::string TraceContext::Traceparent() const {
  std::string s;
  s.reserve(55);
  s.append("00-").append(TraceId()).append("-").append(SpanId()).append("-");
  s.push_back(kHex[flags >> 4]);
  s.push_back(kHex[flags & 0xF]);
  return s;
}

TraceContext TraceContext::Child() const {
  TraceContext child = *this;
  child.parent_span_id = span_id;
  NonZeroRandomHex(child.span_id.data(), child.span_id.size());
  return child;
}

TraceContext TraceContext::NewRoot() {
  TraceContext t;
  NonZeroRandomHex(t.trace_id.data(), t.trace_id.size());
  NonZeroRandomHex(t.span_id.data(), t.span_id.size());
  t.parent_span_id.fill('0');
  return t;
}

std::optional<TraceContext> TraceContext::FromTraceparent(std::string_view h) {
  // version "-" trace-id "-" parent-id "-" trace-flags; version 00 is exactly 55 chars.
  // Higher versions may append fields; we accept them by reading the 00 prefix (spec §3.2.4).
  while (!h.empty() && (h.front() == ' ' || h.front() == '\t')) h.remove_prefix(1);
  while (!h.empty() && (h.back() == ' ' || h.back() == '\t')) h.remove_suffix(1);
  if (h.size() < 55 || h[2] != '-' || h[35] != '-' || h[52] != '-') return std::nullopt;
  const auto version = h.substr(0, 2), trace = h.substr(3, 32), parent = h.substr(36, 16), flags = h.substr(53, 2);
  if (!IsLowerHex(version) || version == "ff") return std::nullopt;
  if (version == "00" && h.size() != 55) return std::nullopt;
  if (version != "00" && h.size() > 55 && h[55] != '-') return std::nullopt;
  if (!IsLowerHex(trace) || !IsLowerHex(parent) || !IsLowerHex(flags)) return std::nullopt;
  if (AllZero(trace) || AllZero(parent)) return std::nullopt;
  TraceContext t;
  std::copy(trace.begin(), trace.end(), t.trace_id.begin());
  std::copy(parent.begin(), parent.end(), t.parent_span_id.begin());
  NonZeroRandomHex(t.span_id.data(), t.span_id.size());
  t.flags = static_cast<std::uint8_t>(HexValue(flags[0]) * 16 + HexValue(flags[1]));
  return t;
}

}  // namespace hotel::runtime
