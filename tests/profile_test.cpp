// The guest profiler (gowasm/profile.h): samples land in the function that
// runs, with its callers; the pprof it writes is what `go tool pprof`
// reads (checked by gowasm_run_cli_test.sh); and it leaves nothing behind.
#include "gowasm/profile.h"

#include <gtest/gtest.h>

#include <sstream>

#include "gowasm/instance.h"
#include "wasm_builder.h"

namespace gowasm {
namespace {

using namespace test;

// (func $spin (param i32) (loop (br_if 0 (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
// (func $outer (export "run") (param i32) (call $spin (local.get 0)))
const Bytes kSpinModule =
    module({section(1, vec({func_type({I32}, {})})), section(3, vec({leb_u(0), leb_u(0)})),
            section(7, vec({export_func("run", 1)})),
            section(10, vec({code_entry({}, {0x03, 0x40, 0x20, 0x00, 0x41, 0x01, 0x6B, 0x22, 0x00,
                                             0x0D, 0x00, 0x0B, 0x0B}),
                             code_entry({}, {0x20, 0x00, 0x10, 0x00, 0x0B})})),
            function_names({{0, "spin"}, {1, "outer"}})});

TEST(GuestProfiler, SamplesTheFunctionThatRuns) {
  auto profiler = std::make_shared<GuestProfiler>(std::chrono::milliseconds(1));
  InstanceOptions options;
  options.profiler = profiler;
  auto instance = Instance::instantiate(Module::compile(kSpinModule), Imports{}, options);
  const Value iterations[] = {Value::i32(100'000'000)};
  ASSERT_TRUE(instance->call("run", iterations).ok());
  const size_t samples = profiler->sample_count();
  EXPECT_GT(samples, 20u);  // at least 20 ms of CPU: 100 million iterations take far longer
  const std::map<std::string, int64_t> self = profiler->self_samples();
  ASSERT_EQ(self.size(), 1u);
  EXPECT_EQ(self.begin()->first, "spin");

  std::ostringstream pprof;
  profiler->write_pprof(pprof);
  const std::string bytes = pprof.str();
  ASSERT_GT(bytes.size(), 2u);
  EXPECT_EQ(bytes[0], '\x0a');  // Profile.sample_type, length-delimited
  EXPECT_NE(bytes.find("spin"), std::string::npos);
  EXPECT_NE(bytes.find("outer"), std::string::npos);
}

TEST(GuestProfiler, LeavesNoRequestBehind) {
  const int before = detail::poll_requests.load();
  {
    GuestProfiler idle(std::chrono::microseconds(100));
    // Spend CPU on the host so that the sampler asks; nothing takes it.
    volatile uint64_t x = 0;
    const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(20);
    while (std::chrono::steady_clock::now() < until) x = x + 1;
    EXPECT_EQ(idle.sample_count(), 0u);
  }
  EXPECT_EQ(detail::poll_requests.load(), before);
}

}  // namespace
}  // namespace gowasm
