// Path-template routing. Route counts are small (tens), so a linear scan over routes with
// the same segment count is faster than a trie and simpler.
#include "runtime/router.hpp"

#include <stdexcept>

namespace hotel::runtime {
namespace {
std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path.front() != '/') return out;
  std::size_t start = 1;
  while (true) {
    const std::size_t slash = path.find('/', start);
    out.push_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

bool IsParam(std::string_view seg) { return seg.size() > 2 && seg.front() == '{' && seg.back() == '}'; }
}  // namespace

void Router::Add(std::string_view method, std::string_view path_template, Handler handler, bool bypass_middleware) {
  for (const auto& r : routes_) {
    if (r.method == method && r.path_template == path_template) {
      throw std::logic_error("duplicate route " + std::string(method) + " " + std::string(path_template));
    }
  }
  Route route{owner_, std::string(method), std::string(path_template), {}, std::move(handler), bypass_middleware};
  for (auto seg : Split(path_template)) route.segments.emplace_back(seg);
  if (route.segments.empty()) throw std::logic_error("route must start with '/': " + std::string(path_template));
  routes_.push_back(std::move(route));
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  Match match;
  const auto segs = Split(path);
  const Route* head_fallback = nullptr;
  int best_literals = -1;
  std::vector<std::pair<std::string_view, std::string_view>> fallback_params;
  for (const auto& route : routes_) {
    if (route.segments.size() != segs.size()) continue;
    std::vector<std::pair<std::string_view, std::string_view>> params;
    bool ok = true;
    int literals = 0;
    for (std::size_t i = 0; i < segs.size() && ok; ++i) {
      const std::string_view pattern = route.segments[i];
      if (IsParam(pattern)) {
        ok = !segs[i].empty();
        if (ok) params.emplace_back(pattern.substr(1, pattern.size() - 2), segs[i]);
      } else {
        ok = pattern == segs[i];
        literals += ok;
      }
    }
    if (!ok) continue;
    if (route.method == method) {
      // "/orders/export" beats "/orders/{id}": the route with more literal segments wins.
      if (!match.route || literals > best_literals) {
        match.route = &route;
        match.params = std::move(params);
        best_literals = literals;
      }
      continue;
    }
    if (method == "HEAD" && route.method == "GET") {
      head_fallback = &route;
      fallback_params = params;
    }
    if (match.allowed.find(route.method) == std::string::npos) {
      if (!match.allowed.empty()) match.allowed += ", ";
      match.allowed += route.method;
    }
  }
  if (match.route) {
    match.allowed.clear();
  } else if (head_fallback) {
    match.route = head_fallback;
    match.params = std::move(fallback_params);
    match.allowed.clear();
  }
  return match;
}

}  // namespace hotel::runtime
