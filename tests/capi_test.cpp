// The C API (gowasm/gowasm.h) as a C program uses it: errors with their
// kinds and trap kinds, host functions, limits (fuel, interrupts,
// deadlines), tables shared with instances and the funcrefs in them, and
// Go programs' wasmexport functions taking bytes through guest memory.
// (The examples build the header as C11; these tests check behaviour.)
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>

#include "go_test_modules.h"
#include "gowasm/gowasm.h"
#include "wasm_builder.h"

namespace gowasm {
namespace {

using namespace test;

// Owns what a test makes and frees it at the end, as a C caller would.
struct Module {
  gowasm_module* module = nullptr;
  explicit Module(const Bytes& bytes) {
    gowasm_error* error = nullptr;
    module = gowasm_module_compile(bytes.data(), bytes.size(), &error);
    EXPECT_EQ(error, nullptr) << gowasm_error_message(error);
  }
  ~Module() { gowasm_module_free(module); }
};

struct Error {
  gowasm_error* error = nullptr;
  ~Error() { gowasm_error_free(error); }
  gowasm_error** operator&() { return &error; }
  std::string message() const { return error ? gowasm_error_message(error) : "(no error)"; }
  gowasm_error_kind kind() const { return gowasm_error_kind_of(error); }
  gowasm_trap_kind trap() const { return gowasm_error_trap_kind(error); }
};

gowasm_value i32(int32_t v) {
  gowasm_value value;
  value.kind = GOWASM_I32;
  value.of.i32 = v;
  return value;
}

// (func (export "spin") (loop (br 0)))
const Bytes kSpin =
    module({section(1, vec({func_type({}, {})})), section(3, vec({leb_u(0)})),
            section(7, vec({export_func("spin", 0)})),
            section(10, vec({code_entry({}, {0x03, 0x40, 0x0C, 0x00, 0x0B, 0x0B})}))});

// (import "env" "double" (func (param i32) (result i32)))
// (func (export "quad") (param i32) (result i32) (call 0 (call 0 (local.get 0))))
// (func (export "boom") unreachable)
const Bytes kQuad =
    module({section(1, vec({func_type({I32}, {I32}), func_type({}, {})})),
            section(2, vec({import("env", "double", Bytes{0x00, 0x00})})),
            section(3, vec({leb_u(0), leb_u(1)})),
            section(7, vec({export_func("quad", 1), export_func("boom", 2)})),
            section(10, vec({code_entry({}, {0x20, 0x00, 0x10, 0x00, 0x10, 0x00, 0x0B}),
                             code_entry({}, {0x00, 0x0B})}))});

const char* double_it(void* env, const gowasm_value* args, size_t, gowasm_value* results, size_t) {
  ++*static_cast<int*>(env);
  if (args[0].of.i32 < 0) return "negative input";
  results[0] = i32(args[0].of.i32 * 2);
  return nullptr;
}

// kQuad instantiated with double_it counting its calls in `calls`.
gowasm_instance* quad_instance(const Module& quad, int* calls) {
  gowasm_imports* imports = gowasm_imports_new();
  const gowasm_value_kind i32_kind = GOWASM_I32;
  gowasm_imports_add_function(imports, "env", "double", &i32_kind, 1, &i32_kind, 1, double_it,
                              calls, nullptr);
  gowasm_instance* instance = gowasm_instance_new(quad.module, imports, nullptr, nullptr);
  gowasm_imports_free(imports);  // the instance keeps what it imported
  return instance;
}

TEST(CApi, ErrorsSayWhatFailedAndHow) {
  const uint8_t garbage[] = {1, 2, 3};
  Error load;
  EXPECT_EQ(gowasm_module_compile(garbage, sizeof garbage, &load), nullptr);
  EXPECT_EQ(load.kind(), GOWASM_ERROR_LOAD);
  EXPECT_EQ(load.trap(), GOWASM_TRAP_NONE);

  // The NULL of a failed load, passed on: an error, not a crash.
  Error no_module, no_program;
  EXPECT_EQ(gowasm_instance_new(nullptr, nullptr, nullptr, &no_module), nullptr);
  EXPECT_EQ(no_module.kind(), GOWASM_ERROR_ARGUMENT);
  EXPECT_EQ(gowasm_go_program_new(nullptr, nullptr, &no_program), nullptr);
  EXPECT_EQ(no_program.message(), "no module (NULL)");

  Module quad(kQuad);
  Error link;
  EXPECT_EQ(gowasm_instance_new(quad.module, nullptr, nullptr, &link), nullptr);
  EXPECT_EQ(link.kind(), GOWASM_ERROR_LINK);
  EXPECT_NE(link.message().find("env.double"), std::string::npos) << link.message();

  int calls = 0;
  gowasm_instance* instance = quad_instance(quad, &calls);
  ASSERT_NE(instance, nullptr);

  gowasm_value arg = i32(5), result;
  ASSERT_TRUE(gowasm_instance_call(instance, "quad", &arg, 1, &result, 1, nullptr));
  EXPECT_EQ(result.of.i32, 20);
  EXPECT_EQ(calls, 2);

  Error host;
  arg = i32(-1);
  EXPECT_FALSE(gowasm_instance_call(instance, "quad", &arg, 1, &result, 1, &host));
  EXPECT_EQ(host.kind(), GOWASM_ERROR_TRAP);
  EXPECT_EQ(host.trap(), GOWASM_TRAP_HOST);
  EXPECT_EQ(host.message(), "negative input");

  Error trap;
  EXPECT_FALSE(gowasm_instance_call(instance, "boom", nullptr, 0, nullptr, 0, &trap));
  EXPECT_EQ(trap.trap(), GOWASM_TRAP_UNREACHABLE);
  EXPECT_EQ(trap.message(), "unreachable executed");

  Error absent, arity;
  EXPECT_FALSE(gowasm_instance_call(instance, "absent", nullptr, 0, nullptr, 0, &absent));
  EXPECT_EQ(absent.kind(), GOWASM_ERROR_ARGUMENT);
  EXPECT_EQ(absent.message(), "no exported function named absent");
  arg = i32(1);
  EXPECT_FALSE(gowasm_instance_call(instance, "quad", &arg, 1, nullptr, 0, &arity));
  EXPECT_EQ(arity.kind(), GOWASM_ERROR_ARGUMENT);
  gowasm_instance_free(instance);
}

TEST(CApi, FuelInterruptsAndDeadlinesStopAnEndlessLoop) {
  Module spin(kSpin);
  gowasm_limits limits = gowasm_limits_default();
  limits.fuel = 1000;
  gowasm_instance* fueled = gowasm_instance_new(spin.module, nullptr, &limits, nullptr);
  Error out_of_fuel;
  EXPECT_FALSE(gowasm_instance_call(fueled, "spin", nullptr, 0, nullptr, 0, &out_of_fuel));
  EXPECT_EQ(out_of_fuel.trap(), GOWASM_TRAP_OUT_OF_FUEL);
  gowasm_instance_free(fueled);

  limits = gowasm_limits_default();
  limits.interrupt = gowasm_interrupt_new();
  gowasm_instance* instance = gowasm_instance_new(spin.module, nullptr, &limits, nullptr);
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    gowasm_interrupt_trigger(limits.interrupt);
  });
  Error interrupted;
  EXPECT_FALSE(gowasm_instance_call(instance, "spin", nullptr, 0, nullptr, 0, &interrupted));
  stopper.join();
  EXPECT_EQ(interrupted.trap(), GOWASM_TRAP_INTERRUPTED);

  gowasm_interrupt_reset(limits.interrupt);
  gowasm_deadline* deadline = gowasm_deadline_new(limits.interrupt, 20);
  Error expired;
  EXPECT_FALSE(gowasm_instance_call(instance, "spin", nullptr, 0, nullptr, 0, &expired));
  EXPECT_TRUE(gowasm_deadline_expired(deadline));
  EXPECT_EQ(expired.trap(), GOWASM_TRAP_INTERRUPTED);
  gowasm_deadline_free(deadline);
  gowasm_interrupt_free(limits.interrupt);  // the instance keeps its own reference
  gowasm_instance_free(instance);
}

TEST(CApi, TablesAreSharedWithInstancesAndHoldCallableFunctions) {
  // (import "env" "t" (table 2 funcref)) (export "same" (table 0))
  // (func (export "call") (param i32) (result i32) (call_indirect (type 0) (local.get 0)))
  // with type 0 = [i32] -> [i32]
  const Bytes caller = module(
      {section(1, vec({func_type({I32}, {I32})})),
       section(2, vec({import("env", "t", Bytes{0x01, FUNCREF, 0x00, 0x02})})),
       section(3, vec({leb_u(0)})),
       section(7, vec({export_func("call", 0), export_entry("same", 0x01, 0)})),
       section(10, vec({code_entry({}, {0x20, 0x00, 0x20, 0x00, 0x11, 0x00, 0x00, 0x0B})}))});
  Module quad_module(kQuad), caller_module(caller);
  int calls = 0;
  gowasm_instance* quad = quad_instance(quad_module, &calls);

  EXPECT_EQ(gowasm_table_new(GOWASM_I32, 1, 2), nullptr);
  gowasm_table* table = gowasm_table_new(GOWASM_FUNCREF, 2, 4);
  gowasm_value quad_ref;
  quad_ref.kind = GOWASM_FUNCREF;
  quad_ref.of.funcref = gowasm_instance_function(quad, "quad");
  ASSERT_NE(quad_ref.of.funcref, nullptr);
  EXPECT_TRUE(gowasm_table_set(table, 1, quad_ref));
  EXPECT_FALSE(gowasm_table_set(table, 2, quad_ref));  // out of bounds

  gowasm_imports* imports = gowasm_imports_new();
  gowasm_imports_add_table(imports, "env", "t", table);
  gowasm_instance* instance = gowasm_instance_new(caller_module.module, imports, nullptr, nullptr);
  gowasm_imports_free(imports);
  ASSERT_NE(instance, nullptr);
  gowasm_value arg = i32(1), result;
  ASSERT_TRUE(gowasm_instance_call(instance, "call", &arg, 1, &result, 1, nullptr));
  EXPECT_EQ(result.of.i32, 4);  // quad(1), through the host's table
  Error null_entry;
  arg = i32(0);
  EXPECT_FALSE(gowasm_instance_call(instance, "call", &arg, 1, &result, 1, &null_entry));
  EXPECT_EQ(null_entry.trap(), GOWASM_TRAP_UNINITIALIZED_ELEMENT);

  // The instance's export is the same table: growth shows through both.
  gowasm_table* same = gowasm_instance_table(instance, "same");
  ASSERT_NE(same, nullptr);
  EXPECT_EQ(gowasm_instance_table(instance, "call"), nullptr);
  EXPECT_EQ(gowasm_table_grow(same, 2, quad_ref), 2);
  EXPECT_EQ(gowasm_table_grow(same, 1, quad_ref), -1);  // past the maximum
  EXPECT_EQ(gowasm_table_size(table), 4u);
  gowasm_value element;
  ASSERT_TRUE(gowasm_table_get(table, 3, &element));
  ASSERT_EQ(element.kind, GOWASM_FUNCREF);
  arg = i32(3);
  ASSERT_TRUE(
      gowasm_instance_call_function(instance, element.of.funcref, &arg, 1, &result, 1, nullptr));
  EXPECT_EQ(result.of.i32, 12);
  EXPECT_FALSE(gowasm_table_get(table, 4, &element));

  gowasm_table* handles = gowasm_table_new(GOWASM_EXTERNREF, 1, UINT32_MAX);
  gowasm_value handle;
  handle.kind = GOWASM_EXTERNREF;
  handle.of.externref = 0xC0FFEE;
  EXPECT_FALSE(gowasm_table_set(table, 0, handle));  // not a funcref
  EXPECT_TRUE(gowasm_table_set(handles, 0, handle));
  ASSERT_TRUE(gowasm_table_get(handles, 0, &element));
  EXPECT_EQ(element.of.externref, 0xC0FFEEu);
  gowasm_table_free(handles);
  gowasm_table_free(same);
  gowasm_table_free(table);
  gowasm_instance_free(instance);
  gowasm_instance_free(quad);
}

// testdata/go/plugin, started.
gowasm_go_program* start_plugin(const gowasm_limits* limits = nullptr) {
  static gowasm_module* module = [] {
    const char* dir = std::getenv("GOWASM_GO_MODULES");
    return gowasm_module_read_file((std::string(dir ? dir : ".") + "/plugin.wasm").c_str(),
                                   nullptr);
  }();
  gowasm_go_options* options = gowasm_go_options_new();
  gowasm_go_options_set_write(
      options, [](void*, int, const uint8_t*, size_t) {}, nullptr, nullptr);
  if (limits) gowasm_go_options_set_limits(options, limits);
  gowasm_go_program* program = gowasm_go_program_new(module, options, nullptr);
  gowasm_go_options_free(options);
  gowasm_js_value* global = gowasm_go_program_global(program);
  gowasm_js_value* config = gowasm_js_object(program);
  gowasm_js_value_set(global, "pluginConfig", config);
  gowasm_js_value_free(config);
  gowasm_js_value_free(global);
  EXPECT_EQ(gowasm_go_program_start(program), GOWASM_GO_BLOCKED);
  return program;
}

TEST(CApi, GoExportsTakeBytesThroughGuestMemory) {
  gowasm_go_program* program = start_plugin();
  const char text[] = "bytes in guest memory";
  gowasm_value size = i32(sizeof text - 1), address;
  ASSERT_TRUE(gowasm_go_program_call_export(program, "allocate", &size, 1, &address, 1, nullptr));
  size_t memory_size = 0;
  uint8_t* memory = gowasm_go_program_memory(program, &memory_size);
  ASSERT_LT(uint32_t(address.of.i32) + sizeof text, memory_size);
  std::memcpy(memory + uint32_t(address.of.i32), text, sizeof text - 1);
  const gowasm_value args[] = {address, size};
  gowasm_value changed;
  ASSERT_TRUE(gowasm_go_program_call_export(program, "upper", args, 2, &changed, 1, nullptr));
  EXPECT_EQ(changed.of.i32, 18);
  memory = gowasm_go_program_memory(program, nullptr);  // the call may have moved it
  EXPECT_EQ(
      std::string(reinterpret_cast<char*>(memory) + uint32_t(address.of.i32), sizeof text - 1),
      "BYTES IN GUEST MEMORY");
  ASSERT_TRUE(gowasm_go_program_call_export(program, "release", &address, 1, nullptr, 0, nullptr));
  Error absent;
  EXPECT_FALSE(gowasm_go_program_call_export(program, "absent", nullptr, 0, nullptr, 0, &absent));
  EXPECT_EQ(absent.message(), "no exported function named absent");
  gowasm_go_program_free(program);
}

TEST(CApi, GoStdinComesFromTheReadCallback) {
  static gowasm_module* module = gowasm_module_read_file(
      (std::string(std::getenv("GOWASM_GO_MODULES")) + "/fs_stdin.wasm").c_str(), nullptr);
  ASSERT_NE(module, nullptr);
  struct Io {
    std::string input, output;
    size_t at = 0;
  } io{"eleven byte"};
  gowasm_go_options* options = gowasm_go_options_new();
  gowasm_go_options_set_read(
      options,
      [](void* env, uint8_t* buffer, size_t size) -> int64_t {
        Io& state = *static_cast<Io*>(env);
        const size_t n = std::min(size, state.input.size() - state.at);
        std::memcpy(buffer, state.input.data() + state.at, n);
        state.at += n;
        return int64_t(n);
      },
      &io, nullptr);
  gowasm_go_options_set_write(
      options,
      [](void* env, int fd, const uint8_t* bytes, size_t size) {
        if (fd == 1)
          static_cast<Io*>(env)->output.append(reinterpret_cast<const char*>(bytes), size);
      },
      &io, nullptr);
  gowasm_go_program* program = gowasm_go_program_new(module, options, nullptr);
  gowasm_go_options_free(options);
  EXPECT_EQ(gowasm_go_program_start(program), GOWASM_GO_EXITED);
  EXPECT_EQ(io.output.substr(0, io.output.find('\n')), "read 11 bytes, err=<nil>");
  gowasm_go_program_free(program);
}

TEST(CApi, WasiCommandsRunWithTheSameOptions) {
  const Module exits(wasi_command({0x41, 0x07, 0x10, 0x01}));  // proc_exit(7)
  const Module traps(wasi_command({0x00}));                    // unreachable
  const Module spin(kSpin);
  EXPECT_TRUE(gowasm_module_is_wasi(exits.module));
  EXPECT_FALSE(gowasm_module_is_wasi(spin.module));
  EXPECT_FALSE(gowasm_module_is_wasi(nullptr));
  std::string out;
  gowasm_go_options* options = gowasm_go_options_new();
  gowasm_go_options_set_write(
      options,
      [](void* env, int fd, const uint8_t* bytes, size_t size) {
        if (fd == 1)
          static_cast<std::string*>(env)->append(reinterpret_cast<const char*>(bytes), size);
      },
      &out, nullptr);
  int status = -1;
  Error none;
  EXPECT_TRUE(gowasm_wasi_run(exits.module, options, &status, &none)) << none.message();
  EXPECT_EQ(status, 7);
  EXPECT_EQ(out, "hi\n");
  Error trapped;
  EXPECT_FALSE(gowasm_wasi_run(traps.module, options, &status, &trapped));
  EXPECT_EQ(trapped.kind(), GOWASM_ERROR_TRAP);
  EXPECT_EQ(trapped.trap(), GOWASM_TRAP_UNREACHABLE);
  EXPECT_EQ(out, "hi\nhi\n");
  Error not_wasi;
  EXPECT_FALSE(gowasm_wasi_run(spin.module, options, &status, &not_wasi));
  EXPECT_EQ(not_wasi.kind(), GOWASM_ERROR_LINK);
  EXPECT_NE(not_wasi.message().find("not a WASI command"), std::string::npos);
  Error no_module;
  EXPECT_FALSE(gowasm_wasi_run(nullptr, options, &status, &no_module));
  EXPECT_EQ(no_module.kind(), GOWASM_ERROR_ARGUMENT);
  gowasm_go_options_free(options);
}

TEST(CApi, GoCallsEndInTheirOwnErrorKinds) {
  gowasm_go_program* program = start_plugin();
  gowasm_js_value* global = gowasm_go_program_global(program);
  gowasm_js_value* add = gowasm_js_value_get(global, "add");
  gowasm_js_value* args[] = {gowasm_js_number(40), gowasm_js_number(2)};
  gowasm_js_value* sum = gowasm_go_program_call_function(program, add, args, 2, nullptr, nullptr);
  ASSERT_NE(sum, nullptr);
  EXPECT_EQ(gowasm_js_value_number(sum), 42);
  Error exception;
  EXPECT_EQ(gowasm_go_program_call_function(program, global, args, 2, nullptr, &exception),
            nullptr);
  EXPECT_EQ(exception.kind(), GOWASM_ERROR_EXCEPTION);
  gowasm_js_value* message = gowasm_js_string("broken", 6);
  Error panic;
  EXPECT_EQ(gowasm_go_program_call(program, "panicWith", &message, 1, &panic), nullptr);
  EXPECT_EQ(panic.kind(), GOWASM_ERROR_PANIC);
  EXPECT_EQ(panic.message(), "panic: broken");
  EXPECT_EQ(gowasm_error_exit_code(panic.error), 2);
  Error ended;  // a program that has ended says so again
  EXPECT_EQ(gowasm_go_program_call(program, "add", args, 2, &ended), nullptr);
  EXPECT_EQ(ended.kind(), GOWASM_ERROR_PANIC);
  EXPECT_EQ(ended.message(), "panic: broken");
  for (gowasm_js_value* v : {add, global, sum, message, args[0], args[1]}) gowasm_js_value_free(v);
  gowasm_go_program_free(program);

  gowasm_limits limits = gowasm_limits_default();
  limits.fuel = 10'000'000;
  program = start_plugin(&limits);
  Error out_of_fuel;
  EXPECT_EQ(gowasm_go_program_call(program, "spin", nullptr, 0, &out_of_fuel), nullptr);
  EXPECT_EQ(out_of_fuel.kind(), GOWASM_ERROR_TRAP);
  EXPECT_EQ(out_of_fuel.trap(), GOWASM_TRAP_OUT_OF_FUEL);
  EXPECT_EQ(gowasm_go_program_state(program), GOWASM_GO_TRAPPED);
  gowasm_go_program_free(program);
}

}  // namespace
}  // namespace gowasm
