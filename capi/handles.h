// What the C API's opaque handles hold, and the conversions every part of
// the C API shares. Each handle owns (or shares) one object of the public
// C++ API; nothing here reaches below it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "gowasm/go.h"
#include "gowasm/gowasm.h"
#include "gowasm/instance.h"
#include "gowasm/wapc.h"

struct gowasm_error {
  gowasm_error_kind kind;
  std::string message;
  int exit_code = 0;
  gowasm_trap_kind trap = GOWASM_TRAP_NONE;
};
struct gowasm_interrupt {
  std::shared_ptr<gowasm::InterruptHandle> handle;
};
struct gowasm_deadline {
  gowasm::Deadline deadline;
};
struct gowasm_module {
  std::shared_ptr<const gowasm::Module> module;
};
struct gowasm_imports {
  gowasm::Imports imports;
};
struct gowasm_instance {
  std::shared_ptr<gowasm::Instance> instance;
};
struct gowasm_table {
  std::shared_ptr<gowasm::Table> table;
};
struct gowasm_go_options {
  gowasm::GoOptions options;
};
struct gowasm_go_program {
  std::unique_ptr<gowasm::GoProgram> program;
};
struct gowasm_js_value {
  gowasm::JsValue value;
};
struct gowasm_go_hold {
  gowasm::GoProgram::Hold hold;
};
struct gowasm_wapc_host {
  gowasm::WapcHost host;
};

namespace gowasm::capi {

// Stores a new error in *error when `error` is not null.
void fail(gowasm_error** error, gowasm_error_kind kind, std::string message, int exit_code = 0);
void fail(gowasm_error** error, const Trap& trap);

// Runs `finalizer(env)` once, when the last copy of the callback goes.
std::shared_ptr<void> finalizing(void* env, void (*finalizer)(void*));

// The text of a message the caller made with gowasm_js_error_message (or
// strdup), which is freed.
std::string take_message(char* message);

InstanceOptions instance_options(const gowasm_limits& limits);

ValType val_type(gowasm_value_kind kind);
Value to_cpp(const gowasm_value& v);
// false for v128, which the C API does not carry.
bool to_c(const Value& v, gowasm_value& out);
std::vector<Value> to_cpp(const gowasm_value* values, size_t count);
// A call's outcome into the caller's `results` or `error`; `what` names the
// function in messages.
bool deliver(const CallResult& r, const std::string& what, gowasm_value* results,
             size_t result_count, gowasm_error** error);

gowasm_js_value* wrap(JsValue value);
std::vector<JsValue> unwrap(gowasm_js_value* const* values, size_t count);
// A call into a Go program: its value, or its error in `error`.
gowasm_js_value* deliver(const GoCallResult& r, gowasm_error** error);

}  // namespace gowasm::capi
