// Prometheus metrics: counter, gauge and histogram families with labels, rendered in the
// text exposition format (version 0.0.4). Series are created on first use and never freed,
// so a handle can be kept and updated without locking.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace hotel::runtime {

class Counter {
 public:
  void Inc(double v = 1) { Add(value_, v); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  static void Add(std::atomic<double>& a, double v) { a.fetch_add(v, std::memory_order_relaxed); }
  std::atomic<double> value_{0};
};

class Gauge {
 public:
  void Set(double v) { value_.store(v, std::memory_order_relaxed); }
  void Inc(double v = 1) { value_.fetch_add(v, std::memory_order_relaxed); }
  void Dec(double v = 1) { value_.fetch_sub(v, std::memory_order_relaxed); }
  double Value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

class Histogram {
 public:
  explicit Histogram(const std::vector<double>* bounds);
  void Observe(double v);
  // Cumulative counts per bound (+Inf last), sum and count, read for rendering.
  std::vector<std::uint64_t> CumulativeCounts() const;
  double Sum() const { return sum_.load(std::memory_order_relaxed); }
  std::uint64_t Count() const { return count_.load(std::memory_order_relaxed); }

 private:
  const std::vector<double>* bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> buckets_;  // non-cumulative, +Inf last
  std::atomic<double> sum_{0};
  std::atomic<std::uint64_t> count_{0};
};

enum class MetricType { counter, gauge, histogram };

// One metric name with a fixed list of label names; series per label-value tuple.
template <class T>
class Family {
 public:
  Family(std::string name, std::string help, std::vector<std::string> labels, std::vector<double> bounds = {})
      : name_(std::move(name)), help_(std::move(help)), labels_(std::move(labels)), bounds_(std::move(bounds)) {}

  // Values in the order of the label names. Thread-safe; the reference stays valid forever.
  T& WithLabels(std::initializer_list<std::string_view> values);
  T& WithLabels(const std::vector<std::string>& values);

  const std::string& name() const { return name_; }
  const std::string& help() const { return help_; }
  const std::vector<std::string>& labels() const { return labels_; }
  const std::vector<double>& bounds() const { return bounds_; }
  // Visits every series (sorted by label values).
  void ForEach(const std::function<void(const std::vector<std::string>&, const T&)>& fn) const;

 private:
  T& Get(std::string key, std::vector<std::string> values);

  std::string name_, help_;
  std::vector<std::string> labels_;
  std::vector<double> bounds_;
  mutable std::shared_mutex mutex_;
  struct Series {
    std::vector<std::string> values;
    std::unique_ptr<T> metric;
  };
  std::map<std::string, Series, std::less<>> series_;
};

using CounterFamily = Family<Counter>;
using GaugeFamily = Family<Gauge>;
using HistogramFamily = Family<Histogram>;

// Latency buckets in seconds, 1 ms .. 10 s.
std::vector<double> DefaultLatencyBuckets();

class MetricsRegistry {
 public:
  // Registering an existing name returns the existing family (label names must match).
  CounterFamily& AddCounter(std::string name, std::string help, std::vector<std::string> labels = {});
  GaugeFamily& AddGauge(std::string name, std::string help, std::vector<std::string> labels = {});
  HistogramFamily& AddHistogram(std::string name, std::string help, std::vector<std::string> labels = {},
                                std::vector<double> bounds = DefaultLatencyBuckets());

  // A collector appends complete exposition text (with HELP/TYPE) at render time; used for
  // values read on demand (process RSS, pool sizes).
  void AddCollector(std::function<void(std::string& out)> collector);

  std::string Render() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<CounterFamily>> counters_;
  std::map<std::string, std::unique_ptr<GaugeFamily>> gauges_;
  std::map<std::string, std::unique_ptr<HistogramFamily>> histograms_;
  std::vector<std::function<void(std::string&)>> collectors_;
};

// process_resident_memory_bytes, process_virtual_memory_bytes, process_cpu_seconds_total,
// process_open_fds, process_max_fds, process_start_time_seconds (read from /proc).
void AddProcessCollector(MetricsRegistry& registry);

// Escapes a label value for the exposition format (\\, \", \n).
std::string EscapeLabelValue(std::string_view v);
// Formats a sample value the way Prometheus clients do (+Inf, integers without exponent).
std::string FormatMetricValue(double v);

}  // namespace hotel::runtime
