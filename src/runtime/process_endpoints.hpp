// The endpoints every process serves outside /api: GET /health (alive), GET /ready (every
// dependency reachable, else 503 naming which), GET /metrics (Prometheus text).
#pragma once

#include "core/error.hpp"
#include "runtime/metrics.hpp"
#include "runtime/router.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace hotel::runtime {

class Readiness {
 public:
  using Check = std::function<boost::asio::awaitable<Result<void>>()>;
  // A dependency that must answer for the process to be ready (database, cache, bus...).
  void Add(std::string name, Check check);
  const std::vector<std::pair<std::string, Check>>& checks() const { return checks_; }

 private:
  std::vector<std::pair<std::string, Check>> checks_;
};

struct ProcessInfo {
  std::string service;  // SERVICE_NAME
  std::string version;
  std::vector<std::string> modules;  // started in this process
  std::chrono::milliseconds ready_timeout{2000};  // per check
};

void AddProcessEndpoints(Router& router, MetricsRegistry& metrics, const Readiness& readiness, ProcessInfo info);

}  // namespace hotel::runtime
