// JSON log lines and the asynchronous fd sink.
#include "runtime/log.hpp"
#include "runtime/json.hpp"

#include "core/clock.hpp"

#include <boost/json/value.hpp>

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace hotel::runtime {
namespace {

// Lines are appended to a buffer and written by one thread: a burst of requests costs one
// write(2) per flush instead of one per line. Errors are written through at once.
class FdSink final : public LogSink {
 public:
  explicit FdSink(int fd) : fd_(fd), thread_([this] { Loop(); }) {}
  ~FdSink() override {
    {
      std::lock_guard lock(mutex_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  void Write(std::string line) override {
    bool wake = false;
    {
      std::lock_guard lock(mutex_);
      buffer_ += line;
      wake = buffer_.size() > kFlushBytes;
    }
    if (wake) cv_.notify_one();
  }
  void Flush() override {
    std::unique_lock lock(mutex_);
    WriteAll(lock);
  }

 private:
  static constexpr std::size_t kFlushBytes = 64 * 1024;

  void Loop() {
    std::unique_lock lock(mutex_);
    while (true) {
      cv_.wait_for(lock, std::chrono::milliseconds(50), [&] { return stop_ || buffer_.size() > kFlushBytes; });
      WriteAll(lock);
      if (stop_) return;
    }
  }
  void WriteAll(std::unique_lock<std::mutex>& lock) {
    if (buffer_.empty()) return;
    std::string out;
    out.swap(buffer_);
    std::lock_guard write_lock(write_mutex_);  // keep lines in order across flushes
    lock.unlock();
    std::size_t off = 0;
    while (off < out.size()) {
      const ssize_t n = ::write(fd_, out.data() + off, out.size() - off);
      if (n <= 0) break;  // a closed stdout must not take the service down
      off += static_cast<std::size_t>(n);
    }
    lock.lock();
  }

  int fd_;
  std::mutex mutex_;
  std::mutex write_mutex_;
  std::condition_variable cv_;
  std::string buffer_;
  bool stop_ = false;
  std::thread thread_;
};

class CallbackSink final : public LogSink {
 public:
  explicit CallbackSink(std::function<void(std::string_view)> cb) : cb_(std::move(cb)) {}
  void Write(std::string line) override {
    std::lock_guard lock(mutex_);
    cb_(line);
  }
  void Flush() override {}

 private:
  std::mutex mutex_;
  std::function<void(std::string_view)> cb_;
};

// Like boost::json::serialize, but doubles print as people read them ("0.04", not "4E-2").
void AppendJsonValue(std::string& out, const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& kv : v.get_object()) {
        if (!first) out.push_back(',');
        first = false;
        AppendJsonString(out, kv.key());
        out.push_back(':');
        AppendJsonValue(out, kv.value());
      }
      out.push_back('}');
      break;
    }
    case boost::json::kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.get_array()) {
        if (!first) out.push_back(',');
        first = false;
        AppendJsonValue(out, e);
      }
      out.push_back(']');
      break;
    }
    case boost::json::kind::string: AppendJsonString(out, v.get_string()); break;
    case boost::json::kind::int64: out += std::to_string(v.get_int64()); break;
    case boost::json::kind::uint64: out += std::to_string(v.get_uint64()); break;
    case boost::json::kind::double_: {
      const double d = v.get_double();
      if (!std::isfinite(d)) {
        out += "null";
        break;
      }
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.15g", d);
      out += buf;
      break;
    }
    case boost::json::kind::bool_: out += v.get_bool() ? "true" : "false"; break;
    case boost::json::kind::null: out += "null"; break;
  }
}

}  // namespace

std::optional<LogLevel> ParseLogLevel(std::string_view s) {
  std::string lower(s);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  if (lower == "debug" || lower == "trace") return LogLevel::debug;
  if (lower == "info") return LogLevel::info;
  if (lower == "warn" || lower == "warning") return LogLevel::warn;
  if (lower == "error") return LogLevel::error;
  return std::nullopt;
}

std::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::debug: return "DEBUG";
    case LogLevel::info: return "INFO";
    case LogLevel::warn: return "WARN";
    case LogLevel::error: return "ERROR";
  }
  return "INFO";
}

std::unique_ptr<LogSink> MakeFdSink(int fd) { return std::make_unique<FdSink>(fd); }
std::unique_ptr<LogSink> MakeCallbackSink(std::function<void(std::string_view)> cb) {
  return std::make_unique<CallbackSink>(std::move(cb));
}

Logger::Logger(std::string service, LogLevel level, std::unique_ptr<LogSink> sink)
    : service_(std::move(service)), level_(level), sink_(std::move(sink)) {}

Logger::~Logger() { Flush(); }

void Logger::Log(LogLevel level, std::string_view message, const boost::json::object& context,
                 const TraceContext* trace, std::string_view service) {
  if (!Enabled(level)) return;
  std::string line;
  line.reserve(256);
  line += "{\"timestamp\":\"";
  line += FormatIso8601(std::chrono::system_clock::now());
  line += "\",\"level\":\"";
  line += LogLevelName(level);
  line += "\",\"service\":";
  AppendJsonString(line, service.empty() ? std::string_view(service_) : service);
  line += ",\"traceId\":";
  AppendJsonString(line, trace ? trace->TraceId() : std::string_view{});
  line += ",\"spanId\":";
  AppendJsonString(line, trace ? trace->SpanId() : std::string_view{});
  line += ",\"message\":";
  AppendJsonString(line, message);
  line += ",\"context\":";
  AppendJsonValue(line, context);
  line += "}\n";
  sink_->Write(std::move(line));
  if (level == LogLevel::error) sink_->Flush();
}

void Logger::Flush() { sink_->Flush(); }

}  // namespace hotel::runtime
