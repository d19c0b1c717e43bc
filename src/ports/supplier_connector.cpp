// Names of the canonical supplier model's enums, and bounded body excerpts.
#include "ports/supplier_connector.hpp"

#include <array>

namespace hotel::supplier {
namespace {

constexpr std::array<std::string_view, 5> kBoards{"RO", "BB", "HB", "FB", "AI"};
constexpr std::array<std::string_view, 3> kQuote{"available", "price_changed", "sold_out"};
constexpr std::array<std::string_view, 6> kBooking{"confirmed", "on_request", "unknown", "held", "cancelled", "failed"};

}  // namespace

std::string Excerpt(std::string_view body) {
  std::string out;
  const std::size_t n = std::min(body.size(), kMaxExcerpt);
  out.reserve(n + 24);
  for (std::size_t i = 0; i < n; ++i) {
    const auto c = static_cast<unsigned char>(body[i]);
    out.push_back(c < 0x20 || c == 0x7f ? ' ' : static_cast<char>(c));
  }
  // Do not leave half a UTF-8 sequence at the cut.
  if (n < body.size()) {
    std::size_t cut = out.size();
    while (cut > 0 && (static_cast<unsigned char>(out[cut - 1]) & 0xC0) == 0x80) --cut;
    if (cut > 0 && static_cast<unsigned char>(out[cut - 1]) >= 0xC0) --cut;
    out.resize(cut);
    out += "…(" + std::to_string(body.size()) + " bytes)";
  }
  return out;
}

std::string_view BoardCode(Board b) { return kBoards[static_cast<std::size_t>(b)]; }

std::optional<Board> ParseBoardCode(std::string_view c) {
  for (std::size_t i = 0; i < kBoards.size(); ++i) {
    if (kBoards[i] == c) return static_cast<Board>(i);
  }
  return std::nullopt;
}

std::string_view QuoteStatusName(QuoteStatus s) { return kQuote[static_cast<std::size_t>(s)]; }
std::string_view BookingStatusName(BookingStatus s) { return kBooking[static_cast<std::size_t>(s)]; }

}  // namespace hotel::supplier
