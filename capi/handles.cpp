// The conversions the C API's parts share (handles.h).
#include "handles.h"

#include <cstdlib>

namespace gowasm::capi {

namespace {

gowasm_trap_kind trap_kind(TrapKind kind) {
  static_assert(GOWASM_TRAP_NONE == kTrapKindCount, "gowasm_trap_kind mirrors TrapKind");
  return gowasm_trap_kind(int(kind));
}

}  // namespace

void fail(gowasm_error** error, gowasm_error_kind kind, std::string message, int exit_code) {
  if (error) *error = new gowasm_error{kind, std::move(message), exit_code};
}

void fail(gowasm_error** error, const Trap& trap) {
  if (error)
    *error =
        new gowasm_error{GOWASM_ERROR_TRAP, trap.message, trap.exit_code, trap_kind(trap.kind)};
}

std::shared_ptr<void> finalizing(void* env, void (*finalizer)(void*)) {
  return std::shared_ptr<void>(env, [finalizer](void* e) {
    if (finalizer) finalizer(e);
  });
}

std::string take_message(char* message) {
  std::string text = message;
  std::free(message);
  return text;
}

InstanceOptions instance_options(const gowasm_limits& limits) {
  InstanceOptions options;
  options.max_memory_pages = limits.max_memory_pages;
  options.max_call_depth = limits.max_call_depth;
  if (limits.fuel) options.fuel = limits.fuel;
  if (limits.interrupt) options.interrupt = limits.interrupt->handle;
  return options;
}

ValType val_type(gowasm_value_kind kind) {
  switch (kind) {
    case GOWASM_I32: return ValType::I32;
    case GOWASM_I64: return ValType::I64;
    case GOWASM_F32: return ValType::F32;
    case GOWASM_F64: return ValType::F64;
    case GOWASM_FUNCREF: return ValType::FuncRef;
    case GOWASM_EXTERNREF: return ValType::ExternRef;
  }
  return ValType::I32;
}

Value to_cpp(const gowasm_value& v) {
  switch (v.kind) {
    case GOWASM_I32: return Value::i32(v.of.i32);
    case GOWASM_I64: return Value::i64(v.of.i64);
    case GOWASM_F32: return Value::f32(v.of.f32);
    case GOWASM_F64: return Value::f64(v.of.f64);
    case GOWASM_FUNCREF:
      return Value::funcref(reinterpret_cast<const FunctionInstance*>(v.of.funcref));
    case GOWASM_EXTERNREF: return Value::externref(v.of.externref);
  }
  return Value();
}

std::vector<Value> to_cpp(const gowasm_value* values, size_t count) {
  std::vector<Value> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) out.push_back(to_cpp(values[i]));
  return out;
}

bool to_c(const Value& v, gowasm_value& out) {
  switch (v.type()) {
    case ValType::I32: out.kind = GOWASM_I32, out.of.i32 = v.as_i32(); return true;
    case ValType::I64: out.kind = GOWASM_I64, out.of.i64 = v.as_i64(); return true;
    case ValType::F32: out.kind = GOWASM_F32, out.of.f32 = v.as_f32(); return true;
    case ValType::F64: out.kind = GOWASM_F64, out.of.f64 = v.as_f64(); return true;
    case ValType::FuncRef:
      out.kind = GOWASM_FUNCREF;
      out.of.funcref = reinterpret_cast<const gowasm_function*>(v.as_funcref());
      return true;
    case ValType::ExternRef:
      out.kind = GOWASM_EXTERNREF, out.of.externref = v.as_externref();
      return true;
    case ValType::V128: return false;
  }
  return false;
}

bool deliver(const CallResult& r, const std::string& what, gowasm_value* results,
             size_t result_count, gowasm_error** error) {
  if (r.trap) {
    fail(error, *r.trap);
    return false;
  }
  if (r.results.size() != result_count) {
    fail(error, GOWASM_ERROR_ARGUMENT,
         what + " returns " + std::to_string(r.results.size()) + " values, not " +
             std::to_string(result_count));
    return false;
  }
  for (size_t i = 0; i < result_count; ++i) {
    if (!to_c(r.results[i], results[i])) {
      fail(error, GOWASM_ERROR_ARGUMENT, what + " returns a v128, which the C API cannot carry");
      return false;
    }
  }
  return true;
}

gowasm_js_value* wrap(JsValue value) {
  return new gowasm_js_value{std::move(value)};
}

std::vector<JsValue> unwrap(gowasm_js_value* const* values, size_t count) {
  std::vector<JsValue> out;
  out.reserve(count);
  for (size_t i = 0; i < count; ++i) out.push_back(values[i] ? values[i]->value : JsValue());
  return out;
}

gowasm_js_value* deliver(const GoCallResult& r, gowasm_error** error) {
  if (r.ok()) return wrap(*r.value);
  const GoCallError& e = *r.error;
  if (!error) return nullptr;
  gowasm_error_kind kind = GOWASM_ERROR_TRAP;
  switch (e.kind) {
    case GoCallError::Kind::Exception: kind = GOWASM_ERROR_EXCEPTION; break;
    case GoCallError::Kind::Panic: kind = GOWASM_ERROR_PANIC; break;
    case GoCallError::Kind::Exit: kind = GOWASM_ERROR_EXIT; break;
    case GoCallError::Kind::Trap: kind = GOWASM_ERROR_TRAP; break;
    case GoCallError::Kind::NotRunning: kind = GOWASM_ERROR_NOT_RUNNING; break;
  }
  *error = new gowasm_error{kind, e.message, e.exit_code,
                            e.trap ? trap_kind(e.trap->kind) : GOWASM_TRAP_NONE};
  return nullptr;
}

}  // namespace gowasm::capi
