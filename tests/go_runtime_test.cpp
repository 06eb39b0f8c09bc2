// GoRuntime driven one step at a time, as the embedding API will drive it:
// start() runs main until it exits or blocks, drive() fires timers until
// none is left or the host's deadline passes, report_deadlock() does what
// Node does at exit. The modules come from testdata/go, built by the
// go_runtime_modules fixture into $GOWASM_GO_MODULES.
#include "go_runtime.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "go_test_modules.h"

namespace gowasm::js {
namespace {

using test::go_test_module;

struct Captured {
  std::string text;
  GoOptions options(const std::string& program) {
    GoOptions o;
    o.args = {program};
    o.write = [this](int, std::span<const uint8_t> bytes) {
      text.append(bytes.begin(), bytes.end());
    };
    return o;
  }
};

TEST(GoRuntime, StartRunsMainUntilItBlocksAndDriveFiresTheTimers) {
  Captured out;
  GoRuntime go(go_test_module("timers"), out.options("timers"));
  EXPECT_EQ(go.state(), GoState::NotStarted);
  const auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(go.start(), GoState::Blocked);  // main sleeps on its first timer
  EXPECT_TRUE(go.has_timers());
  // A deadline that has passed: nothing fires, the timer stays.
  EXPECT_EQ(go.drive(std::chrono::steady_clock::now()), GoState::Blocked);
  EXPECT_TRUE(go.has_timers());
  // Nothing printed yet, if the guest's first wait (20 ms) has not passed
  // by now: in a sanitized build on a busy machine it may have, and Go's
  // scheduler then fires the timer itself before it blocks.
  if (std::chrono::steady_clock::now() - started < std::chrono::milliseconds(15)) {
    EXPECT_EQ(out.text, "");
  }
  EXPECT_EQ(go.drive(), GoState::Exited);
  EXPECT_EQ(go.result().exit_code, 0);
  EXPECT_NE(out.text.find("slept at least 20ms: true\n"), std::string::npos) << out.text;
  EXPECT_NE(out.text.find("ticks: 5 took at least 50ms: true\n"), std::string::npos) << out.text;
}

TEST(GoRuntime, ABlockedProgramReportsItsDeadlockOnlyWhenTheHostSaysSo) {
  Captured out;
  GoRuntime go(go_test_module("deadlock"), out.options("deadlock"));
  ASSERT_EQ(go.start(), GoState::Blocked);
  EXPECT_FALSE(go.has_timers());
  EXPECT_EQ(go.drive(), GoState::Blocked);  // nothing to fire; the host may still call in
  EXPECT_EQ(out.text, "waiting on a channel nobody sends to\n");
  EXPECT_EQ(go.report_deadlock(), GoState::Exited);
  EXPECT_EQ(go.result().exit_code, 2);
  EXPECT_NE(out.text.find("fatal error: all goroutines are asleep - deadlock!"), std::string::npos);
}

TEST(GoRuntime, AnEndedProgramStaysEndedAndRunsNothingMore) {
  Captured out;
  GoRuntime go(go_test_module("hello"), out.options("hello"));
  ASSERT_EQ(go.start(), GoState::Exited);
  const std::string printed = out.text;
  EXPECT_FALSE(printed.empty());
  EXPECT_EQ(go.start(), GoState::Exited);
  EXPECT_EQ(go.drive(), GoState::Exited);
  EXPECT_EQ(go.report_deadlock(), GoState::Exited);
  EXPECT_EQ(out.text, printed);
  EXPECT_EQ(go.result().outcome, GoResult::Outcome::Exited);
}

TEST(GoRuntime, AnInterruptedProgramIsTrappedAndSaysSo) {
  Captured out;
  GoOptions options = out.options("timers");
  options.instance.interrupt = std::make_shared<InterruptHandle>();
  GoRuntime go(go_test_module("timers"), options);
  ASSERT_EQ(go.start(), GoState::Blocked);
  options.instance.interrupt->interrupt();
  EXPECT_EQ(go.drive(), GoState::Trapped);
  ASSERT_TRUE(go.result().trap);
  EXPECT_EQ(go.result().trap->kind, TrapKind::Interrupted);
  EXPECT_EQ(go.drive(), GoState::Trapped);
  EXPECT_EQ(go.report_deadlock(), GoState::Trapped);
}

}  // namespace
}  // namespace gowasm::js
