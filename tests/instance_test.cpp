// The plain-module API: instantiate, call exports, host imports, memory,
// globals, traps with guest stacks, and resource limits.
#include "gowasm/instance.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <thread>

#include "wasm_builder.h"

namespace gowasm {
namespace {

using namespace test;

std::shared_ptr<Instance> instantiate(const Bytes& bytes, const Imports& imports = Imports{},
                                      InstanceOptions options = {}) {
  return Instance::instantiate(Module::compile(bytes), imports, options);
}

// (func (export "sum") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
const Bytes kSumModule =
    module({section(1, vec({func_type({I32, I32}, {I32})})), section(3, vec({leb_u(0)})),
            section(7, vec({export_func("sum", 0)})),
            section(10, vec({code_entry({}, {0x20, 0x00, 0x20, 0x01, 0x6A, 0x0B})}))});

TEST(Instance, CallsAnExportWithTypedValues) {
  auto instance = instantiate(kSumModule);
  const Value args[] = {Value::i32(5), Value::i32(37)};
  const CallResult result = instance->call("sum", args);
  ASSERT_TRUE(result.ok()) << result.trap->to_string();
  ASSERT_EQ(result.results.size(), 1u);
  EXPECT_EQ(result.results[0].type(), ValType::I32);
  EXPECT_EQ(result.results[0].as_i32(), 42);
}

TEST(Instance, ArgumentsAreCheckedAgainstTheType) {
  auto instance = instantiate(kSumModule);
  const Value wrong_type[] = {Value::i32(5), Value::i64(37)};
  EXPECT_FALSE(instance->call("sum", wrong_type).ok());
  const Value too_few[] = {Value::i32(5)};
  EXPECT_FALSE(instance->call("sum", too_few).ok());
  EXPECT_FALSE(instance->call("absent", {}).ok());
}

TEST(Instance, ImportedHostFunctionIsCalled) {
  // (import "env" "sum" (func (param i32 i32) (result i32)))
  // (func (export "add1") (param i32) (result i32) local.get 0 i32.const 1 call 0)
  const Bytes bytes =
      module({section(1, vec({func_type({I32, I32}, {I32}), func_type({I32}, {I32})})),
              section(2, vec({cat({name("env"), name("sum"), Bytes{0x00}, leb_u(0)})})),
              section(3, vec({leb_u(1)})), section(7, vec({export_func("add1", 1)})),
              section(10, vec({code_entry({}, {0x20, 0x00, 0x41, 0x01, 0x10, 0x00, 0x0B})}))});
  Imports imports;
  int calls = 0;
  imports.add_function("env", "sum", FuncType{{ValType::I32, ValType::I32}, {ValType::I32}},
                       [&](HostCall& call) -> std::optional<Trap> {
                         ++calls;
                         EXPECT_NE(call.instance, nullptr);
                         call.results[0] =
                             Value::i32(call.args[0].as_i32() + call.args[1].as_i32());
                         return std::nullopt;
                       });
  auto instance = instantiate(bytes, imports);
  const Value args[] = {Value::i32(41)};
  const CallResult result = instance->call("add1", args);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result.results[0].as_i32(), 42);
  EXPECT_EQ(calls, 1);
}

TEST(Instance, MissingAndMismatchedImportsAreNamed) {
  const Bytes bytes =
      module({section(1, vec({func_type({I32}, {})})),
              section(2, vec({cat({name("env"), name("a"), Bytes{0x00}, leb_u(0)}),
                              cat({name("env"), name("b"), Bytes{0x00}, leb_u(0)})}))});
  try {
    instantiate(bytes);
    FAIL() << "instantiated without imports";
  } catch (const LinkError& e) {
    EXPECT_EQ(std::string(e.what()), "unknown import: env.a, env.b");
  }
  Imports imports;
  imports.add_function("env", "a", FuncType{{ValType::I64}, {}},
                       [](HostCall&) { return std::nullopt; });
  imports.add_function("env", "b", FuncType{{ValType::I32}, {}},
                       [](HostCall&) { return std::nullopt; });
  try {
    instantiate(bytes, imports);
    FAIL() << "instantiated with a mismatched import";
  } catch (const LinkError& e) {
    EXPECT_NE(std::string(e.what()).find("env.a"), std::string::npos) << e.what();
  }
}

TEST(Instance, ReadsAStringReturnedAsAPointer) {
  // (memory (export "mem") 1) (data (i32.const 16) "hello")
  // (func (export "greeting") (result i32) i32.const 16)
  const Bytes bytes =
      module({section(1, vec({func_type({}, {I32})})), section(3, vec({leb_u(0)})),
              section(5, vec({Bytes{0x00, 0x01}})),
              section(7, vec({export_func("greeting", 0), cat({name("mem"), Bytes{0x02, 0x00}})})),
              section(10, vec({code_entry({}, {0x41, 0x10, 0x0B})})),
              section(11, vec({cat({leb_u(0), Bytes{0x41, 0x10, 0x0B}, name("hello")})}))});
  auto instance = instantiate(bytes);
  const CallResult result = instance->call("greeting", {});
  ASSERT_TRUE(result.ok());
  const std::span<std::byte> memory = instance->memory();
  ASSERT_EQ(memory.size(), 65536u);
  const char* text = reinterpret_cast<const char*>(memory.data()) + result.results[0].as_i32();
  EXPECT_EQ(std::string(text, 5), "hello");
  // Writes through the span are seen by the guest's memory.
  std::memcpy(memory.data() + 16, "j", 1);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(instance->memory().data()) + 16, 5), "jello");
}

TEST(Instance, GlobalsReadAndWrite) {
  // (global (export "g") (mut i64) (i64.const 7))
  const Bytes bytes = module({section(6, vec({Bytes{I64, 0x01, 0x42, 0x07, 0x0B}})),
                              section(7, vec({cat({name("g"), Bytes{0x03, 0x00}})}))});
  auto instance = instantiate(bytes);
  ASSERT_TRUE(instance->global("g"));
  EXPECT_EQ(instance->global("g")->as_i64(), 7);
  EXPECT_TRUE(instance->set_global("g", Value::i64(-3)));
  EXPECT_EQ(instance->global("g")->as_i64(), -3);
  EXPECT_FALSE(instance->set_global("g", Value::i32(1)));  // wrong type
  EXPECT_FALSE(instance->global("absent"));
}

// A module with a named function that traps: (func $boom unreachable),
// called from (func (export "run") call $boom).
Bytes trapping_module() {
  return module(
      {section(1, vec({func_type({}, {})})), section(3, vec({leb_u(0), leb_u(0)})),
       section(7, vec({export_func("run", 1)})),
       section(10, vec({code_entry({}, {0x00, 0x0B}), code_entry({}, {0x10, 0x00, 0x0B})})),
       function_names({{0, "boom"}, {1, "run"}})});
}

TEST(Traps, CarryKindMessageAndNamedGuestStack) {
  auto instance = instantiate(trapping_module());
  const CallResult result = instance->call("run", {});
  ASSERT_TRUE(result.trap);
  EXPECT_EQ(result.trap->kind, TrapKind::Unreachable);
  EXPECT_EQ(result.trap->message, "unreachable executed");
  ASSERT_EQ(result.trap->stack.size(), 2u);
  EXPECT_EQ(result.trap->stack[0], "func 0 (boom)");
  EXPECT_EQ(result.trap->stack[1], "func 1 (run)");
  // The instance stays usable after a trap.
  EXPECT_TRUE(instance->call("run", {}).trap);
}

TEST(Traps, DeepRecursionExhaustsTheConfiguredDepthNotTheHostStack) {
  // (func (export "down") call 0)
  const Bytes bytes = module({section(1, vec({func_type({}, {})})), section(3, vec({leb_u(0)})),
                              section(7, vec({export_func("down", 0)})),
                              section(10, vec({code_entry({}, {0x10, 0x00, 0x0B})}))});
  for (uint32_t depth : {1000u, 1000000u}) {
    InstanceOptions options;
    options.max_call_depth = depth;
    auto instance = instantiate(bytes, Imports{}, options);
    const CallResult result = instance->call("down", {});
    ASSERT_TRUE(result.trap);
    EXPECT_EQ(result.trap->kind, TrapKind::CallStackExhausted);
  }
}

TEST(Traps, IntegerDivideByZero) {
  // (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_s)
  const Bytes bytes =
      module({section(1, vec({func_type({I32, I32}, {I32})})), section(3, vec({leb_u(0)})),
              section(7, vec({export_func("div", 0)})),
              section(10, vec({code_entry({}, {0x20, 0x00, 0x20, 0x01, 0x6D, 0x0B})}))});
  auto instance = instantiate(bytes);
  const Value by_zero[] = {Value::i32(1), Value::i32(0)};
  EXPECT_EQ(instance->call("div", by_zero).trap->kind, TrapKind::IntegerDivideByZero);
  const Value overflow[] = {Value::i32(INT32_MIN), Value::i32(-1)};
  EXPECT_EQ(instance->call("div", overflow).trap->kind, TrapKind::IntegerOverflow);
  const Value fine[] = {Value::i32(-84), Value::i32(2)};
  EXPECT_EQ(instance->call("div", fine).results[0].as_i32(), -42);
}

TEST(Traps, IndirectCallsNameTheirFailure) {
  // (table 2 funcref) (elem (i32.const 0) 0)
  // (func (export "call") (param i32) (result i32) local.get 0 call_indirect (type 1))
  // function 0 has type () -> () and so mismatches type 1, () -> (i32).
  const Bytes bytes =
      module({section(1, vec({func_type({}, {}), func_type({}, {I32}), func_type({I32}, {I32})})),
              section(3, vec({leb_u(0), leb_u(2)})), section(4, vec({Bytes{FUNCREF, 0x00, 0x02}})),
              section(7, vec({export_func("call", 1)})),
              section(9, vec({cat({leb_u(0), Bytes{0x41, 0x00, 0x0B}, vec({leb_u(0)})})})),
              section(10, vec({code_entry({}, {0x0B}),
                               code_entry({}, {0x20, 0x00, 0x11, 0x01, 0x00, 0x0B})}))});
  auto instance = instantiate(bytes);
  const auto trap_of = [&](int32_t index) {
    const Value args[] = {Value::i32(index)};
    return instance->call("call", args).trap;
  };
  EXPECT_EQ(trap_of(0)->message, "indirect call type mismatch");
  EXPECT_EQ(trap_of(1)->message, "uninitialized element 1");
  EXPECT_EQ(trap_of(2)->kind, TrapKind::UndefinedElement);
}

TEST(Memory, GrowthIsBoundedByTheConfiguredMaximum) {
  // (memory 1) (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
  const Bytes bytes =
      module({section(1, vec({func_type({I32}, {I32})})), section(3, vec({leb_u(0)})),
              section(5, vec({Bytes{0x00, 0x01}})), section(7, vec({export_func("grow", 0)})),
              section(10, vec({code_entry({}, {0x20, 0x00, 0x40, 0x00, 0x0B})}))});
  InstanceOptions options;
  options.max_memory_pages = 4;
  auto instance = instantiate(bytes, Imports{}, options);
  const Value two[] = {Value::i32(2)};
  EXPECT_EQ(instance->call("grow", two).results[0].as_i32(), 1);
  EXPECT_EQ(instance->memory().size(), 3u * 65536);
  EXPECT_EQ(instance->call("grow", two).results[0].as_i32(), -1);  // 5 pages > 4
  EXPECT_EQ(instance->memory().size(), 3u * 65536);
}

#if defined(__SANITIZE_ADDRESS__)
// The sanitized lane's check that host code stays inside linear memory:
// the bytes just past its end are poisoned, before and after it grows.
TEST(Memory, UnderAddressSanitizerTheByteAfterTheEndIsPoisoned) {
  Memory memory(Limits{1, 3});
  EXPECT_DEATH(memory.data()[memory.size()] = 1, "use-after-poison");
  ASSERT_EQ(memory.grow(1), 1);
  memory.data()[65536] = 1;  // the old guard is memory now
  EXPECT_EQ(memory.data()[65536 + 1], 0);
  EXPECT_DEATH(memory.data()[memory.size() + 100] = 1, "use-after-poison");
}
#endif

// (func (export "spin") (loop (br 0)))  (func (export "one") (result i32) i32.const 1)
Bytes spin_module() {
  return module({section(1, vec({func_type({}, {}), func_type({}, {I32})})),
                 section(3, vec({leb_u(0), leb_u(1)})),
                 section(7, vec({export_func("spin", 0), export_func("one", 1)})),
                 section(10, vec({code_entry({}, {0x03, 0x40, 0x0C, 0x00, 0x0B, 0x0B}),
                                  code_entry({}, {0x41, 0x01, 0x0B})}))});
}

TEST(Interrupt, AnotherThreadStopsAnEndlessLoopAndTheHandleStaysInterrupted) {
  InstanceOptions options;
  options.interrupt = std::make_shared<InterruptHandle>();
  auto instance = instantiate(spin_module(), Imports{}, options);
  const auto start = std::chrono::steady_clock::now();
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    options.interrupt->interrupt();
  });
  const CallResult result = instance->call("spin", {});
  stopper.join();
  const auto took = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(result.trap);
  EXPECT_EQ(result.trap->kind, TrapKind::Interrupted);
  EXPECT_LT(took, std::chrono::milliseconds(50 + 100));
  // Stopped stays stopped, and says so, until the host resets the handle.
  EXPECT_EQ(instance->call("one", {}).trap->kind, TrapKind::Interrupted);
  options.interrupt->reset();
  EXPECT_EQ(instance->call("one", {}).results.at(0).as_i32(), 1);
}

TEST(Interrupt, ADeadlineStopsOneCallAndAFreshInstanceRunsAfterwards) {
  InstanceOptions options;
  options.interrupt = std::make_shared<InterruptHandle>();
  auto instance = instantiate(spin_module(), Imports{}, options);
  {
    // Long enough for the loop to start under the sanitizers on a busy
    // machine too (20 ms was not: count stayed 0).
    Deadline deadline(options.interrupt, std::chrono::milliseconds(500));
    EXPECT_EQ(instance->call("spin", {}).trap->kind, TrapKind::Interrupted);
    EXPECT_TRUE(deadline.expired());
  }
  auto fresh = instantiate(spin_module());  // no handle: nothing to stop it but itself
  EXPECT_EQ(fresh->call("one", {}).results.at(0).as_i32(), 1);
  {
    options.interrupt->reset();
    Deadline generous(options.interrupt, std::chrono::seconds(10));
    EXPECT_EQ(instance->call("one", {}).results.at(0).as_i32(), 1);
    EXPECT_FALSE(generous.expired());
  }
}

TEST(Interrupt, OnlyTheInterruptedInstanceStops) {
  // (func (export "count") (result i32) (local i32)
  //   (loop (br_if 0 (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1))) (i32.const
  //   1000)))) local.get 0)
  const Bytes counting = module(
      {section(1, vec({func_type({}, {I32})})), section(3, vec({leb_u(0)})),
       section(7, vec({export_func("count", 0)})),
       section(10, vec({code_entry({Bytes{0x01, 0x7F}},
                                   {0x03, 0x40, 0x20, 0x00, 0x41, 0x01, 0x6A, 0x22, 0x00, 0x41,
                                    0xE8, 0x07, 0x49, 0x0D, 0x00, 0x0B, 0x20, 0x00, 0x0B})}))});
  InstanceOptions stopped_options, running_options;
  stopped_options.interrupt = std::make_shared<InterruptHandle>();
  running_options.interrupt = std::make_shared<InterruptHandle>();
  auto stopped = instantiate(counting, Imports{}, stopped_options);
  auto running = instantiate(counting, Imports{}, running_options);
  auto unguarded = instantiate(counting);
  stopped_options.interrupt->interrupt();
  EXPECT_EQ(stopped->call("count", {}).trap->kind, TrapKind::Interrupted);
  EXPECT_EQ(running->call("count", {}).results.at(0).as_i32(), 1000);
  EXPECT_EQ(unguarded->call("count", {}).results.at(0).as_i32(), 1000);
}

TEST(Fuel, AnEndlessLoopStopsAtTheSetCountAndStaysStopped) {
  // (global (export "count") (mut i32) (i32.const 0))
  // (func (export "spin") (loop (global.set 0 (i32.add (global.get 0) (i32.const 1))) (br 0)))
  const Bytes bytes =
      module({section(1, vec({func_type({}, {})})), section(3, vec({leb_u(0)})),
              section(6, vec({Bytes{I32, 0x01, 0x41, 0x00, 0x0B}})),
              section(7, vec({export_func("spin", 0), cat({name("count"), Bytes{0x03, 0x00}})})),
              section(10, vec({code_entry({}, {0x03, 0x40, 0x23, 0x00, 0x41, 0x01, 0x6A, 0x24, 0x00,
                                               0x0C, 0x00, 0x0B, 0x0B})}))});
  for (uint64_t fuel : {1u, 2u, 1000u, 1000000u}) {
    InstanceOptions options;
    options.fuel = fuel;
    auto instance = instantiate(bytes, Imports{}, options);
    const CallResult result = instance->call("spin", {});
    ASSERT_TRUE(result.trap);
    EXPECT_EQ(result.trap->kind, TrapKind::OutOfFuel);
    EXPECT_EQ(result.trap->message, "out of fuel");
    // The entry costs one unit and each iteration after the first one more:
    // fuel F runs F iterations.
    EXPECT_EQ(instance->global("count")->as_i32(), int32_t(fuel)) << "fuel " << fuel;
    EXPECT_EQ(instance->call("spin", {}).trap->kind, TrapKind::OutOfFuel);
    EXPECT_EQ(instance->global("count")->as_i32(), int32_t(fuel));
  }
  // Without fuel, a fresh instance runs as before (stopped by an interrupt here).
  InstanceOptions options;
  options.interrupt = std::make_shared<InterruptHandle>();
  auto unbounded = instantiate(bytes, Imports{}, options);
  // Long enough for the loop to start under the sanitizers on a busy
  // machine too (20 ms was not: count stayed 0).
  Deadline deadline(options.interrupt, std::chrono::milliseconds(500));
  EXPECT_EQ(unbounded->call("spin", {}).trap->kind, TrapKind::Interrupted);
  EXPECT_GT(unbounded->global("count")->as_i32(), 1000);
}

}  // namespace
}  // namespace gowasm
