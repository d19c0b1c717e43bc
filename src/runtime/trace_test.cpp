#include "runtime/trace.hpp"

#include <gtest/gtest.h>

namespace hotel::runtime {
namespace {

TEST(Traceparent, ContinuesValidParentWithNewSpan) {
  auto t = TraceContext::FromTraceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->TraceId(), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_NE(t->SpanId(), "00f067aa0ba902b7");
  EXPECT_EQ(std::string_view(t->parent_span_id.data(), 16), "00f067aa0ba902b7");
  EXPECT_TRUE(t->HasParent());
  EXPECT_EQ(t->flags, 1);
  EXPECT_EQ(t->Traceparent().substr(0, 36), "00-4bf92f3577b34da6a3ce929d0e0e4736-");
}

TEST(Traceparent, RejectsMalformedValues) {
  for (std::string_view bad : {
           "",
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",          // no flags
           "00-00000000000000000000000000000000-00f067aa0ba902b7-01",       // zero trace
           "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",       // zero parent
           "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",       // uppercase
           "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",       // forbidden version
           "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // v00 with extra
           "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
       }) {
    EXPECT_FALSE(TraceContext::FromTraceparent(bad)) << bad;
  }
}

TEST(Traceparent, AcceptsFutureVersionWithExtraFields) {
  EXPECT_TRUE(TraceContext::FromTraceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-abc"));
}

TEST(Traceparent, ChildKeepsTraceAndPointsAtParentSpan) {
  const auto root = TraceContext::NewRoot();
  EXPECT_FALSE(root.HasParent());
  const auto child = root.Child();
  EXPECT_EQ(child.TraceId(), root.TraceId());
  EXPECT_NE(child.SpanId(), root.SpanId());
  EXPECT_EQ(std::string_view(child.parent_span_id.data(), 16), root.SpanId());
  auto parsed = TraceContext::FromTraceparent(child.Traceparent());
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->TraceId(), root.TraceId());
}

}  // namespace
}  // namespace hotel::runtime
