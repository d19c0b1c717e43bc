// Structured JSON logs in the seed's format, one line per event on stdout:
// {"timestamp","level","service","traceId","spanId","message","context":{...}}
#pragma once

#include "runtime/trace.hpp"

#include <boost/json/object.hpp>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace hotel::runtime {

enum class LogLevel { debug = 0, info = 1, warn = 2, error = 3 };

std::optional<LogLevel> ParseLogLevel(std::string_view s);  // "debug" | "INFO" | "warning" ...
std::string_view LogLevelName(LogLevel level);               // "DEBUG" | "INFO" | "WARN" | "ERROR"

// Where finished lines go. The default writes to a file descriptor from a background thread,
// so request threads never block on the terminal or a pipe.
class LogSink {
 public:
  virtual ~LogSink() = default;
  virtual void Write(std::string line) = 0;  // `line` ends with '\n'
  virtual void Flush() = 0;
};

std::unique_ptr<LogSink> MakeFdSink(int fd);
std::unique_ptr<LogSink> MakeCallbackSink(std::function<void(std::string_view)> callback);

class Logger {
 public:
  Logger(std::string service, LogLevel level, std::unique_ptr<LogSink> sink);
  ~Logger();

  bool Enabled(LogLevel level) const { return level >= level_.load(std::memory_order_relaxed); }
  void SetLevel(LogLevel level) { level_.store(level, std::memory_order_relaxed); }
  LogLevel level() const { return level_.load(std::memory_order_relaxed); }
  const std::string& service() const { return service_; }

  // `service` overrides the logger's own (a module name inside `hotel serve`).
  void Log(LogLevel level, std::string_view message, const boost::json::object& context = {},
           const TraceContext* trace = nullptr, std::string_view service = {});
  void Debug(std::string_view m, const boost::json::object& c = {}, const TraceContext* t = nullptr) { Log(LogLevel::debug, m, c, t); }
  void Info(std::string_view m, const boost::json::object& c = {}, const TraceContext* t = nullptr) { Log(LogLevel::info, m, c, t); }
  void Warn(std::string_view m, const boost::json::object& c = {}, const TraceContext* t = nullptr) { Log(LogLevel::warn, m, c, t); }
  void Error(std::string_view m, const boost::json::object& c = {}, const TraceContext* t = nullptr) { Log(LogLevel::error, m, c, t); }

  void Flush();

 private:
  std::string service_;
  std::atomic<LogLevel> level_;
  std::unique_ptr<LogSink> sink_;
};

}  // namespace hotel::runtime
