// Prometheus text exposition (https://prometheus.io/docs/instrumenting/exposition_formats/).
#include "runtime/metrics.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace hotel::runtime {

Histogram::Histogram(const std::vector<double>* bounds)
    : bounds_(bounds), buckets_(new std::atomic<std::uint64_t>[bounds->size() + 1]) {
  for (std::size_t i = 0; i <= bounds->size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double v) {
  const auto it = std::lower_bound(bounds_->begin(), bounds_->end(), v);  // le: v <= bound
  buckets_[static_cast<std::size_t>(it - bounds_->begin())].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(v, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
}

std::vector<std::uint64_t> Histogram::CumulativeCounts() const {
  std::vector<std::uint64_t> out(bounds_->size() + 1);
  std::uint64_t acc = 0;
  for (std::size_t i = 0; i <= bounds_->size(); ++i) {
    acc += buckets_[i].load(std::memory_order_relaxed);
    out[i] = acc;
  }
  return out;
}

namespace {
std::string SeriesKey(const std::vector<std::string>& values) {
  std::string key;
  for (const auto& v : values) {
    key += v;
    key.push_back('\x1f');
  }
  return key;
}

template <class T>
std::unique_ptr<T> MakeMetric(const std::vector<double>& bounds) {
  if constexpr (std::is_same_v<T, Histogram>) {
    return std::make_unique<Histogram>(&bounds);
  } else {
    return std::make_unique<T>();
  }
}

void AppendLabels(std::string& out, const std::vector<std::string>& names, const std::vector<std::string>& values,
                  std::string_view extra_name = {}, std::string_view extra_value = {}) {
  if (names.empty() && extra_name.empty()) return;
  out.push_back('{');
  bool first = true;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!first) out.push_back(',');
    first = false;
    out += names[i];
    out += "=\"";
    out += EscapeLabelValue(values[i]);
    out.push_back('"');
  }
  if (!extra_name.empty()) {
    if (!first) out.push_back(',');
    out += extra_name;
    out += "=\"";
    out += extra_value;
    out.push_back('"');
  }
  out.push_back('}');
}

void AppendHeader(std::string& out, const std::string& name, const std::string& help, std::string_view type) {
  out += "# HELP " + name + " ";
  for (char c : help) out += (c == '\n') ? std::string("\\n") : (c == '\\' ? std::string("\\\\") : std::string(1, c));
  out += "\n# TYPE " + name + " ";
  out += type;
  out.push_back('\n');
}
}  // namespace

template <class T>
T& Family<T>::WithLabels(std::initializer_list<std::string_view> values) {
  std::vector<std::string> v(values.begin(), values.end());
  return WithLabels(v);
}

template <class T>
T& Family<T>::WithLabels(const std::vector<std::string>& values) {
  if (values.size() != labels_.size()) throw std::logic_error("metric " + name_ + ": wrong number of label values");
  std::string key = SeriesKey(values);
  {
    std::shared_lock lock(mutex_);
    if (auto it = series_.find(key); it != series_.end()) return *it->second.metric;
  }
  return Get(std::move(key), values);
}

template <class T>
T& Family<T>::Get(std::string key, std::vector<std::string> values) {
  std::unique_lock lock(mutex_);
  auto [it, inserted] = series_.try_emplace(std::move(key));
  if (inserted) {
    it->second.values = std::move(values);
    it->second.metric = MakeMetric<T>(bounds_);
  }
  return *it->second.metric;
}

template <class T>
void Family<T>::ForEach(const std::function<void(const std::vector<std::string>&, const T&)>& fn) const {
  std::shared_lock lock(mutex_);
  for (const auto& [key, s] : series_) fn(s.values, *s.metric);
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

std::vector<double> DefaultLatencyBuckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

std::string EscapeLabelValue(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out.push_back(c);
  }
  return out;
}

std::string FormatMetricValue(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  if (std::isnan(v)) return "NaN";
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    // The shortest text that reads back as the same double: le="0.1", not "0.10000000000000001".
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
    return ec == std::errc{} ? std::string(buf, end) : std::to_string(v);
  }
  return buf;
}

template <class F>
static F& AddFamily(std::mutex& mutex, std::map<std::string, std::unique_ptr<F>>& map, std::string name,
                    std::string help, std::vector<std::string> labels, std::vector<double> bounds = {}) {
  std::lock_guard lock(mutex);
  auto it = map.find(name);
  if (it != map.end()) {
    if (it->second->labels() != labels) throw std::logic_error("metric " + name + " re-registered with other labels");
    return *it->second;
  }
  auto family = std::make_unique<F>(name, std::move(help), std::move(labels), std::move(bounds));
  return *map.emplace(std::move(name), std::move(family)).first->second;
}

CounterFamily& MetricsRegistry::AddCounter(std::string name, std::string help, std::vector<std::string> labels) {
  return AddFamily(mutex_, counters_, std::move(name), std::move(help), std::move(labels));
}
GaugeFamily& MetricsRegistry::AddGauge(std::string name, std::string help, std::vector<std::string> labels) {
  return AddFamily(mutex_, gauges_, std::move(name), std::move(help), std::move(labels));
}
HistogramFamily& MetricsRegistry::AddHistogram(std::string name, std::string help, std::vector<std::string> labels,
                                               std::vector<double> bounds) {
  std::sort(bounds.begin(), bounds.end());
  return AddFamily(mutex_, histograms_, std::move(name), std::move(help), std::move(labels), std::move(bounds));
}

void MetricsRegistry::AddCollector(std::function<void(std::string&)> collector) {
  std::lock_guard lock(mutex_);
  collectors_.push_back(std::move(collector));
}

std::string MetricsRegistry::Render() const {
  std::string out;
  out.reserve(16 * 1024);
  std::lock_guard lock(mutex_);
  for (const auto& kv : counters_) {
    const std::string& name = kv.first;
    const auto& f = kv.second;
    AppendHeader(out, name, f->help(), "counter");
    f->ForEach([&](const std::vector<std::string>& values, const Counter& c) {
      out += name;
      AppendLabels(out, f->labels(), values);
      out += " " + FormatMetricValue(c.Value()) + "\n";
    });
  }
  for (const auto& kv : gauges_) {
    const std::string& name = kv.first;
    const auto& f = kv.second;
    AppendHeader(out, name, f->help(), "gauge");
    f->ForEach([&](const std::vector<std::string>& values, const Gauge& g) {
      out += name;
      AppendLabels(out, f->labels(), values);
      out += " " + FormatMetricValue(g.Value()) + "\n";
    });
  }
  for (const auto& kv : histograms_) {
    const std::string& name = kv.first;
    const auto& f = kv.second;
    AppendHeader(out, name, f->help(), "histogram");
    f->ForEach([&](const std::vector<std::string>& values, const Histogram& h) {
      const auto counts = h.CumulativeCounts();
      for (std::size_t i = 0; i < counts.size(); ++i) {
        const std::string le = i < f->bounds().size() ? FormatMetricValue(f->bounds()[i]) : "+Inf";
        out += name + "_bucket";
        AppendLabels(out, f->labels(), values, "le", le);
        out += " " + std::to_string(counts[i]) + "\n";
      }
      out += name + "_sum";
      AppendLabels(out, f->labels(), values);
      out += " " + FormatMetricValue(h.Sum()) + "\n";
      out += name + "_count";
      AppendLabels(out, f->labels(), values);
      // The count must equal the +Inf bucket read above, or scrapers see an inconsistency.
      out += " " + std::to_string(counts.back()) + "\n";
    });
  }
  for (const auto& c : collectors_) c(out);
  return out;
}

namespace {
struct ProcStat {
  double utime_ticks = 0, stime_ticks = 0, start_ticks = 0, vsize = 0, rss_pages = 0;
};

bool ReadProcStat(ProcStat& s) {
  std::ifstream f("/proc/self/stat");
  std::string content((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  const auto close = content.rfind(')');  // the command name may contain spaces
  if (close == std::string::npos) return false;
  std::istringstream in(content.substr(close + 2));
  std::vector<std::string> fields;
  for (std::string x; in >> x;) fields.push_back(x);
  // Fields after the name start at 3 (state); utime=14, stime=15, starttime=22, vsize=23, rss=24.
  auto at = [&](int field) { return std::stod(fields.at(static_cast<std::size_t>(field - 3))); };
  if (fields.size() < 22) return false;
  s.utime_ticks = at(14);
  s.stime_ticks = at(15);
  s.start_ticks = at(22);
  s.vsize = at(23);
  s.rss_pages = at(24);
  return true;
}

double BootTimeSeconds() {
  std::ifstream f("/proc/stat");
  for (std::string line; std::getline(f, line);) {
    if (line.rfind("btime ", 0) == 0) return std::stod(line.substr(6));
  }
  return 0;
}

void AppendGaugeLine(std::string& out, const char* name, const char* help, const char* type, double v) {
  out += "# HELP ";
  out += name;
  out += " ";
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += " ";
  out += type;
  out += "\n";
  out += name;
  out += " " + FormatMetricValue(v) + "\n";
}
}  // namespace

void AddProcessCollector(MetricsRegistry& registry) {
  const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
  const double boot = BootTimeSeconds();
  registry.AddCollector([=](std::string& out) {
    ProcStat s;
    if (ReadProcStat(s)) {
      AppendGaugeLine(out, "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", "counter",
                      (s.utime_ticks + s.stime_ticks) / ticks);
      AppendGaugeLine(out, "process_resident_memory_bytes", "Resident memory size in bytes.", "gauge", s.rss_pages * page);
      AppendGaugeLine(out, "process_virtual_memory_bytes", "Virtual memory size in bytes.", "gauge", s.vsize);
      AppendGaugeLine(out, "process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
                      "gauge", boot + s.start_ticks / ticks);
    }
    std::error_code ec;
    double fds = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec); !ec && it != std::filesystem::directory_iterator();
         it.increment(ec)) {
      ++fds;
    }
    AppendGaugeLine(out, "process_open_fds", "Number of open file descriptors.", "gauge", fds);
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0) {
      AppendGaugeLine(out, "process_max_fds", "Maximum number of open file descriptors.", "gauge",
                      static_cast<double>(lim.rlim_cur));
    }
  });
}

}  // namespace hotel::runtime
