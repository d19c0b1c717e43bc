// W3C Trace Context (traceparent) parsing, generation and propagation.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace hotel::runtime {

struct TraceContext {
  std::array<char, 32> trace_id{};  // lowercase hex
  std::array<char, 16> span_id{};   // this process's span for the current operation
  std::array<char, 16> parent_span_id{};  // the caller's span (zeros when a new trace started)
  std::uint8_t flags = 0x01;        // sampled

  std::string_view TraceId() const { return {trace_id.data(), trace_id.size()}; }
  std::string_view SpanId() const { return {span_id.data(), span_id.size()}; }
  bool HasParent() const {
    for (char c : parent_span_id) if (c != 0 && c != '0') return true;
    return false;
  }

  // "00-<trace>-<span>-<flags>" naming this span as the parent, for the response or logs.
  std::string Traceparent() const;
  // A child span of this one, for an outgoing call: same trace, new span, parent = this span.
  TraceContext Child() const;

  // Starts a new trace (random ids).
  static TraceContext NewRoot();
  // Continues the caller's trace from a `traceparent` header value; nullopt when the value is
  // not a valid version-00 traceparent (then the caller starts a new root, as the spec says).
  static std::optional<TraceContext> FromTraceparent(std::string_view header);
};

// Random lowercase hex, from a per-thread generator seeded from the OS.
void RandomHex(char* out, std::size_t n);

}  // namespace hotel::runtime
