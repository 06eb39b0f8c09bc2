// What instances share: a module's translated code (translated once,
// whichever instance or thread calls first), and the memories, tables and
// globals an embedder creates and imports into several instances.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "gowasm/inspect.h"
#include "gowasm/instance.h"
#include "gowasm/objects.h"
#include "wasm_builder.h"

namespace gowasm {
namespace {

using namespace test;

// (global (mut i32) (i32.const 0))
// (func (export "bump") (result i32)
//   (global.set 0 (i32.add (global.get 0) (i32.const 1))) (global.get 0))
// (func (export "count") (result i32) (local i32)  ;; a loop to 1000
//   (loop (br_if 0 (i32.lt_u (local.tee 0 (i32.add (local.get 0) (i32.const 1)))
//                            (i32.const 1000)))) (local.get 0))
const Bytes kCounterModule = module(
    {section(1, vec({func_type({}, {I32})})), section(3, vec({leb_u(0), leb_u(0)})),
     section(6, vec({Bytes{I32, 0x01, 0x41, 0x00, 0x0B}})),
     section(7, vec({export_func("bump", 0), export_func("count", 1)})),
     section(10, vec({code_entry({}, {0x23, 0x00, 0x41, 0x01, 0x6A, 0x24, 0x00, 0x23, 0x00, 0x0B}),
                      code_entry({Bytes{0x01, 0x7F}},
                                 {0x03, 0x40, 0x20, 0x00, 0x41, 0x01, 0x6A, 0x22, 0x00, 0x41, 0xE8,
                                  0x07, 0x49, 0x0D, 0x00, 0x0B, 0x20, 0x00, 0x0B})}))});

int32_t call_i32(Instance& instance, std::string_view name, std::span<const Value> args = {}) {
  const CallResult result = instance.call(name, args);
  EXPECT_TRUE(result.ok()) << result.trap->to_string();
  return result.ok() ? result.results.at(0).as_i32() : -1;
}

TEST(SharedCode, AModuleIsTranslatedOnceAndEachInstanceKeepsItsOwnGlobals) {
  const auto module = Module::compile(kCounterModule);
  auto first = Instance::instantiate(module, Imports{});
  auto second = Instance::instantiate(module, Imports{});
  EXPECT_EQ(translated_function_count(*module), 0u);  // nothing is translated before its call
  EXPECT_EQ(call_i32(*first, "bump"), 1);
  EXPECT_EQ(call_i32(*first, "bump"), 2);
  EXPECT_EQ(call_i32(*second, "bump"), 1);  // the same code, the second instance's global
  EXPECT_EQ(translated_function_count(*module), 1u);
  auto third = Instance::instantiate(module, Imports{});
  EXPECT_EQ(call_i32(*third, "bump"), 1);
  EXPECT_EQ(call_i32(*third, "count"), 1000);
  EXPECT_EQ(translated_function_count(*module), 2u);
}

TEST(SharedCode, InstancesOfOneModuleRunOnManyThreads) {
  const auto module = Module::compile(kCounterModule);
  constexpr int kThreads = 4, kInstancesPerThread = 25;
  std::vector<int> wrong(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kInstancesPerThread; ++i) {
        auto instance = Instance::instantiate(module, Imports{});
        for (int32_t expected = 1; expected <= 3; ++expected) {
          const CallResult bump = instance->call("bump", {});
          if (!bump.ok() || bump.results.at(0).as_i32() != expected) ++wrong[t];
        }
        const CallResult count = instance->call("count", {});
        if (!count.ok() || count.results.at(0).as_i32() != 1000) ++wrong[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<int>(kThreads, 0));
  EXPECT_EQ(translated_function_count(*module), 2u);
}

TEST(SharedObjects, AMemoryCreatedByTheHostIsSeenByEveryInstanceImportingIt) {
  // (import "env" "mem" (memory 1))
  // (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  // (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  const Bytes bytes =
      module({section(1, vec({func_type({I32, I32}, {}), func_type({I32}, {I32})})),
              section(2, vec({import("env", "mem", Bytes{0x02, 0x00, 0x01})})),
              section(3, vec({leb_u(0), leb_u(1)})),
              section(7, vec({export_func("store", 0), export_func("load", 1)})),
              section(10, vec({code_entry({}, {0x20, 0x00, 0x20, 0x01, 0x36, 0x02, 0x00, 0x0B}),
                               code_entry({}, {0x20, 0x00, 0x28, 0x02, 0x00, 0x0B})}))});
  auto memory = std::make_shared<Memory>(Limits{1, 2});
  Imports imports;
  imports.add_memory("env", "mem", memory);
  const auto module = Module::compile(bytes);
  auto writer = Instance::instantiate(module, imports);
  auto reader = Instance::instantiate(module, imports);
  const Value store[] = {Value::i32(8), Value::i32(0x01020304)};
  ASSERT_TRUE(writer->call("store", store).ok());
  const Value at_8[] = {Value::i32(8)};
  EXPECT_EQ(call_i32(*reader, "load", at_8), 0x01020304);
  EXPECT_EQ(memory->bytes()[8], std::byte{0x04});  // little-endian, as the host sees it
  memory->data()[12] = 0x2A;
  const Value at_12[] = {Value::i32(12)};
  EXPECT_EQ(call_i32(*writer, "load", at_12), 42);
  // The declared maximum holds for the host too.
  EXPECT_EQ(memory->grow(1), 1);
  EXPECT_EQ(memory->grow(1), -1);
  EXPECT_EQ(reader->memory().size(), 2 * kPageSize);
}

TEST(SharedObjects, AGlobalCreatedByTheHostIsUpdatedByTheInstancesImportingIt) {
  // (import "env" "g" (global (mut i32)))
  // (func (export "bump") (result i32) ... as in kCounterModule, on the imported global)
  const Bytes bytes =
      module({section(1, vec({func_type({}, {I32})})),
              section(2, vec({import("env", "g", Bytes{0x03, I32, 0x01})})),
              section(3, vec({leb_u(0)})), section(7, vec({export_func("bump", 0)})),
              section(10, vec({code_entry({}, {0x23, 0x00, 0x41, 0x01, 0x6A, 0x24, 0x00, 0x23, 0x00,
                                               0x0B})}))});
  auto counter = std::make_shared<Global>(GlobalType{ValType::I32, true}, Value::i32(40));
  Imports imports;
  imports.add_global("env", "g", counter);
  const auto module = Module::compile(bytes);
  auto a = Instance::instantiate(module, imports);
  auto b = Instance::instantiate(module, imports);
  EXPECT_EQ(call_i32(*a, "bump"), 41);
  EXPECT_EQ(call_i32(*b, "bump"), 42);
  EXPECT_EQ(counter->get().as_i32(), 42);
  EXPECT_TRUE(counter->set(Value::i32(99)));
  EXPECT_EQ(call_i32(*a, "bump"), 100);
  EXPECT_FALSE(counter->set(Value::i64(1)));  // another type
  EXPECT_THROW(Global(GlobalType{ValType::I32, false}, Value::f64(1.5)), std::invalid_argument);
  Global fixed(GlobalType{ValType::F64, false}, Value::f64(1.5));
  EXPECT_FALSE(fixed.set(Value::f64(2)));  // immutable
  EXPECT_EQ(fixed.get().as_f64(), 1.5);
}

TEST(SharedObjects, ATableCreatedByTheHostCallsFunctionsOfAnotherInstance) {
  // Instance "seven": (func (export "seven") (result i32) (i32.const 7))
  const Bytes seven_bytes =
      module({section(1, vec({func_type({}, {I32})})), section(3, vec({leb_u(0)})),
              section(7, vec({export_func("seven", 0)})),
              section(10, vec({code_entry({}, {0x41, 0x07, 0x0B})}))});
  // (import "env" "t" (table 2 funcref))
  // (func (export "call") (param i32) (result i32) (call_indirect (type 0) (local.get 0)))
  const Bytes caller_bytes =
      module({section(1, vec({func_type({}, {I32}), func_type({I32}, {I32})})),
              section(2, vec({import("env", "t", Bytes{0x01, FUNCREF, 0x00, 0x02})})),
              section(3, vec({leb_u(1)})), section(7, vec({export_func("call", 0)})),
              section(10, vec({code_entry({}, {0x20, 0x00, 0x11, 0x00, 0x00, 0x0B})}))});
  auto seven = Instance::instantiate(Module::compile(seven_bytes), Imports{});
  auto table = std::make_shared<Table>(TableType{ValType::FuncRef, Limits{2, 4}});
  ASSERT_TRUE(table->set(1, Value::funcref(seven->exported_function("seven"))));
  Imports imports;
  imports.add_table("env", "t", table);
  auto caller = Instance::instantiate(Module::compile(caller_bytes), imports);
  const Value one[] = {Value::i32(1)}, zero[] = {Value::i32(0)};
  EXPECT_EQ(call_i32(*caller, "call", one), 7);
  const CallResult null_entry = caller->call("call", zero);
  ASSERT_TRUE(null_entry.trap);
  EXPECT_EQ(null_entry.trap->kind, TrapKind::UninitializedElement);
  // Elements are typed; the limits hold for the host as for the guest.
  EXPECT_FALSE(table->set(0, Value::externref(5)));
  EXPECT_FALSE(table->set(2, Value::null(ValType::FuncRef)));
  EXPECT_FALSE(table->get(2).has_value());
  EXPECT_TRUE(table->get(0)->is_null());
  EXPECT_EQ(table->grow(2, Value::null(ValType::FuncRef)), 2);
  EXPECT_EQ(table->grow(1, Value::null(ValType::FuncRef)), -1);
}

}  // namespace
}  // namespace gowasm
