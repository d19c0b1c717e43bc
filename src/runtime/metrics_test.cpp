#include "runtime/metrics.hpp"

#include <gtest/gtest.h>

#include <thread>

namespace hotel::runtime {
namespace {

bool Contains(const std::string& haystack, const std::string& needle) { return haystack.find(needle) != std::string::npos; }

TEST(Metrics, CounterSeriesPerLabelValues) {
  MetricsRegistry reg;
  auto& f = reg.AddCounter("http_requests_total", "Requests.", {"route", "status"});
  f.WithLabels({"/a", "200"}).Inc();
  f.WithLabels({"/a", "200"}).Inc(2);
  f.WithLabels({"/a", "500"}).Inc();
  const auto text = reg.Render();
  EXPECT_TRUE(Contains(text, "# TYPE http_requests_total counter\n"));
  EXPECT_TRUE(Contains(text, "http_requests_total{route=\"/a\",status=\"200\"} 3\n"));
  EXPECT_TRUE(Contains(text, "http_requests_total{route=\"/a\",status=\"500\"} 1\n"));
}

TEST(Metrics, HistogramBucketsAreCumulativeWithSumAndCount) {
  MetricsRegistry reg;
  auto& h = reg.AddHistogram("d_seconds", "Durations.", {"route"}, {0.1, 1}).WithLabels({"/x"});
  h.Observe(0.05);
  h.Observe(0.1);  // le is inclusive
  h.Observe(0.5);
  h.Observe(5);
  const auto text = reg.Render();
  EXPECT_TRUE(Contains(text, "d_seconds_bucket{route=\"/x\",le=\"0.1\"} 2\n")) << text;
  EXPECT_TRUE(Contains(text, "d_seconds_bucket{route=\"/x\",le=\"1\"} 3\n")) << text;
  EXPECT_TRUE(Contains(text, "d_seconds_bucket{route=\"/x\",le=\"+Inf\"} 4\n")) << text;
  EXPECT_TRUE(Contains(text, "d_seconds_count{route=\"/x\"} 4\n")) << text;
  EXPECT_TRUE(Contains(text, "d_seconds_sum{route=\"/x\"} 5.6")) << text;
}

TEST(Metrics, LabelValuesAreEscaped) {
  MetricsRegistry reg;
  reg.AddGauge("g", "G.", {"name"}).WithLabels({"a\"b\\c\nd"}).Set(1);
  EXPECT_TRUE(Contains(reg.Render(), "g{name=\"a\\\"b\\\\c\\nd\"} 1\n"));
}

TEST(Metrics, ConcurrentIncrementsAreNotLost) {
  MetricsRegistry reg;
  auto& f = reg.AddCounter("c_total", "C.", {"k"});
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) f.WithLabels({"same"}).Inc();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(f.WithLabels({"same"}).Value(), 40000);
}

TEST(Metrics, ReRegisteringReturnsSameFamilyButOtherLabelsThrow) {
  MetricsRegistry reg;
  auto& a = reg.AddCounter("x_total", "X.", {"k"});
  auto& b = reg.AddCounter("x_total", "X.", {"k"});
  EXPECT_EQ(&a, &b);
  EXPECT_THROW(reg.AddCounter("x_total", "X.", {"other"}), std::logic_error);
  EXPECT_THROW(a.WithLabels({"1", "2"}), std::logic_error);
}

TEST(Metrics, ProcessCollectorReportsRealValues) {
  MetricsRegistry reg;
  AddProcessCollector(reg);
  const auto text = reg.Render();
  for (const char* name : {"process_resident_memory_bytes ", "process_cpu_seconds_total ", "process_open_fds ",
                           "process_start_time_seconds ", "process_max_fds "}) {
    EXPECT_TRUE(Contains(text, std::string("\n") + name)) << name;
  }
  const auto pos = text.find("\nprocess_resident_memory_bytes ");
  EXPECT_GT(std::stod(text.substr(pos + 31)), 1e6);  // a test binary uses more than 1 MB
}

}  // namespace
}  // namespace hotel::runtime
