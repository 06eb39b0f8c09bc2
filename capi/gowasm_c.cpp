// gowasm/gowasm.h: the C API, over the public C++ API only. Every entry
// point catches what the C++ side may throw and turns it into an error.
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "gowasm/file.h"
#include "gowasm/go.h"
#include "gowasm/gowasm.h"
#include "gowasm/instance.h"
#include "gowasm/wapc.h"

struct gowasm_error {
  gowasm_error_kind kind;
  std::string message;
  int exit_code = 0;
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

namespace {

// Runs `finalizer(env)` once, when the last copy of the callback goes.
std::shared_ptr<void> finalizing(void* env, void (*finalizer)(void*)) {
  return std::shared_ptr<void>(env, [finalizer](void* e) {
    if (finalizer) finalizer(e);
  });
}

void fail(gowasm_error** error, gowasm_error_kind kind, std::string message, int exit_code = 0) {
  if (error) *error = new gowasm_error{kind, std::move(message), exit_code};
}

gowasm::ValType val_type(gowasm_value_kind kind) {
  switch (kind) {
    case GOWASM_I32: return gowasm::ValType::I32;
    case GOWASM_I64: return gowasm::ValType::I64;
    case GOWASM_F32: return gowasm::ValType::F32;
    case GOWASM_F64: return gowasm::ValType::F64;
  }
  return gowasm::ValType::I32;
}

gowasm::Value to_cpp(const gowasm_value& v) {
  switch (v.kind) {
    case GOWASM_I32: return gowasm::Value::i32(v.of.i32);
    case GOWASM_I64: return gowasm::Value::i64(v.of.i64);
    case GOWASM_F32: return gowasm::Value::f32(v.of.f32);
    case GOWASM_F64: return gowasm::Value::f64(v.of.f64);
  }
  return gowasm::Value();
}

// false for types the C API does not carry (v128, references).
bool to_c(const gowasm::Value& v, gowasm_value& out) {
  switch (v.type()) {
    case gowasm::ValType::I32: out.kind = GOWASM_I32, out.of.i32 = v.as_i32(); return true;
    case gowasm::ValType::I64: out.kind = GOWASM_I64, out.of.i64 = v.as_i64(); return true;
    case gowasm::ValType::F32: out.kind = GOWASM_F32, out.of.f32 = v.as_f32(); return true;
    case gowasm::ValType::F64: out.kind = GOWASM_F64, out.of.f64 = v.as_f64(); return true;
    default: return false;
  }
}

// The text of a message the caller made with gowasm_js_error_message (or
// strdup), which is freed.
std::string take_message(char* message) {
  std::string text = message;
  std::free(message);
  return text;
}

gowasm_js_value* wrap(gowasm::JsValue value) {
  return new gowasm_js_value{std::move(value)};
}

std::vector<gowasm::JsValue> unwrap(gowasm_js_value* const* values, size_t count) {
  std::vector<gowasm::JsValue> out;
  for (size_t i = 0; i < count; ++i)
    out.push_back(values[i] ? values[i]->value : gowasm::JsValue());
  return out;
}

gowasm_error_kind kind_of(gowasm::GoCallError::Kind kind) {
  switch (kind) {
    case gowasm::GoCallError::Kind::Exception: return GOWASM_ERROR_EXCEPTION;
    case gowasm::GoCallError::Kind::Panic: return GOWASM_ERROR_PANIC;
    case gowasm::GoCallError::Kind::Exit: return GOWASM_ERROR_EXIT;
    case gowasm::GoCallError::Kind::Trap: return GOWASM_ERROR_TRAP;
    case gowasm::GoCallError::Kind::NotRunning: return GOWASM_ERROR_NOT_RUNNING;
  }
  return GOWASM_ERROR_TRAP;
}

gowasm_go_state state_of(gowasm::GoState state) {
  switch (state) {
    case gowasm::GoState::NotStarted: return GOWASM_GO_NOT_STARTED;
    case gowasm::GoState::Blocked: return GOWASM_GO_BLOCKED;
    case gowasm::GoState::Exited: return GOWASM_GO_EXITED;
    case gowasm::GoState::Trapped: return GOWASM_GO_TRAPPED;
  }
  return GOWASM_GO_TRAPPED;
}

}  // namespace

extern "C" {

gowasm_error_kind gowasm_error_kind_of(const gowasm_error* error) {
  return error->kind;
}
const char* gowasm_error_message(const gowasm_error* error) {
  return error->message.c_str();
}
int gowasm_error_exit_code(const gowasm_error* error) {
  return error->exit_code;
}
void gowasm_error_free(gowasm_error* error) {
  delete error;
}

gowasm_module* gowasm_module_compile(const uint8_t* bytes, size_t size, gowasm_error** error) {
  try {
    return new gowasm_module{gowasm::Module::compile(std::span<const uint8_t>(bytes, size))};
  } catch (const std::exception& e) {
    fail(error, GOWASM_ERROR_LOAD, e.what());
    return nullptr;
  }
}

gowasm_module* gowasm_module_read_file(const char* path, gowasm_error** error) {
  std::vector<uint8_t> bytes;
  try {
    bytes = gowasm::read_binary_file(path);
  } catch (const std::exception& e) {
    fail(error, GOWASM_ERROR_LOAD, std::string("cannot read ") + e.what());
    return nullptr;
  }
  return gowasm_module_compile(bytes.data(), bytes.size(), error);
}

void gowasm_module_free(gowasm_module* module) {
  delete module;
}

gowasm_imports* gowasm_imports_new(void) {
  return new gowasm_imports{};
}

void gowasm_imports_add_function(gowasm_imports* imports, const char* module, const char* name,
                                 const gowasm_value_kind* params, size_t param_count,
                                 const gowasm_value_kind* results, size_t result_count,
                                 gowasm_host_function function, void* env,
                                 void (*finalizer)(void* env)) {
  gowasm::FuncType type;
  for (size_t i = 0; i < param_count; ++i) type.params.push_back(val_type(params[i]));
  for (size_t i = 0; i < result_count; ++i) type.results.push_back(val_type(results[i]));
  imports->imports.add_function(
      module, name, type,
      [function,
       owner = finalizing(env, finalizer)](gowasm::HostCall& call) -> std::optional<gowasm::Trap> {
        std::vector<gowasm_value> args(call.args.size()), out(call.results.size());
        for (size_t i = 0; i < args.size(); ++i) to_c(call.args[i], args[i]);
        for (size_t i = 0; i < out.size(); ++i) {
          to_c(gowasm::Value::from_bits(call.results[i].type(), 0), out[i]);
        }
        if (const char* trap =
                function(owner.get(), args.data(), args.size(), out.data(), out.size()))
          return gowasm::Trap::host(trap);
        for (size_t i = 0; i < out.size(); ++i) call.results[i] = to_cpp(out[i]);
        return std::nullopt;
      });
}

void gowasm_imports_free(gowasm_imports* imports) {
  delete imports;
}

gowasm_instance* gowasm_instance_new(const gowasm_module* module, const gowasm_imports* imports,
                                     gowasm_error** error) {
  try {
    static const gowasm_imports kNone{};
    return new gowasm_instance{
        gowasm::Instance::instantiate(module->module, (imports ? imports : &kNone)->imports)};
  } catch (const gowasm::InstantiationTrap& e) {
    fail(error, GOWASM_ERROR_TRAP, e.what());
  } catch (const std::exception& e) {
    fail(error, GOWASM_ERROR_LINK, e.what());
  }
  return nullptr;
}

bool gowasm_instance_call(gowasm_instance* instance, const char* name, const gowasm_value* args,
                          size_t arg_count, gowasm_value* results, size_t result_count,
                          gowasm_error** error) {
  std::vector<gowasm::Value> values;
  for (size_t i = 0; i < arg_count; ++i) values.push_back(to_cpp(args[i]));
  const gowasm::CallResult r = instance->instance->call(name, values);
  if (r.trap) {
    const bool argument =
        r.trap->kind == gowasm::TrapKind::Host && !instance->instance->exported_function(name);
    fail(error, argument ? GOWASM_ERROR_ARGUMENT : GOWASM_ERROR_TRAP, r.trap->message);
    return false;
  }
  if (r.results.size() != result_count) {
    fail(error, GOWASM_ERROR_ARGUMENT,
         std::string(name) + " returns " + std::to_string(r.results.size()) + " values");
    return false;
  }
  for (size_t i = 0; i < result_count; ++i) {
    if (!to_c(r.results[i], results[i])) {
      fail(error, GOWASM_ERROR_ARGUMENT, "a result the C API cannot carry (v128 or a reference)");
      return false;
    }
  }
  return true;
}

uint8_t* gowasm_instance_memory(gowasm_instance* instance, size_t* size) {
  const std::span<std::byte> memory = instance->instance->memory();
  if (size) *size = memory.size();
  return memory.empty() ? nullptr : reinterpret_cast<uint8_t*>(memory.data());
}

bool gowasm_instance_global_get(const gowasm_instance* instance, const char* name,
                                gowasm_value* value) {
  const std::optional<gowasm::Value> v = instance->instance->global(name);
  return v && to_c(*v, *value);
}

bool gowasm_instance_global_set(gowasm_instance* instance, const char* name, gowasm_value value) {
  return instance->instance->set_global(name, to_cpp(value));
}

void gowasm_instance_free(gowasm_instance* instance) {
  delete instance;
}

gowasm_go_options* gowasm_go_options_new(void) {
  return new gowasm_go_options{};
}
void gowasm_go_options_add_arg(gowasm_go_options* o, const char* arg) {
  o->options.args.emplace_back(arg);
}
void gowasm_go_options_add_env(gowasm_go_options* o, const char* key, const char* value) {
  o->options.env.emplace_back(key, value);
}
void gowasm_go_options_add_mount(gowasm_go_options* o, const char* host_dir, const char* guest_dir,
                                 bool read_only) {
  o->options.mounts.push_back(gowasm::GoMount{host_dir, guest_dir, read_only});
}
void gowasm_go_options_set_write(gowasm_go_options* o,
                                 void (*write)(void* env, int fd, const uint8_t* bytes,
                                               size_t size),
                                 void* env, void (*finalizer)(void* env)) {
  o->options.write = [write, owner = finalizing(env, finalizer)](int fd,
                                                                 std::span<const uint8_t> bytes) {
    write(owner.get(), fd, bytes.data(), bytes.size());
  };
}
void gowasm_go_options_set_virtual_clock(gowasm_go_options* o, int64_t unix_ms) {
  o->options.virtual_clock_start =
      std::chrono::system_clock::time_point(std::chrono::milliseconds(unix_ms));
}
void gowasm_go_options_set_random_seed(gowasm_go_options* o, uint64_t seed) {
  o->options.random_seed = seed;
}
void gowasm_go_options_set_fuel(gowasm_go_options* o, uint64_t fuel) {
  o->options.instance.fuel = fuel;
}
void gowasm_go_options_set_max_memory_pages(gowasm_go_options* o, uint32_t pages) {
  o->options.instance.max_memory_pages = pages;
}
void gowasm_go_options_free(gowasm_go_options* o) {
  delete o;
}

gowasm_go_program* gowasm_go_program_new(const gowasm_module* module,
                                         const gowasm_go_options* options, gowasm_error** error) {
  try {
    return new gowasm_go_program{std::make_unique<gowasm::GoProgram>(
        module->module, options ? options->options : gowasm::GoOptions{})};
  } catch (const gowasm::InstantiationTrap& e) {
    fail(error, GOWASM_ERROR_TRAP, e.what());
  } catch (const std::exception& e) {
    fail(error, GOWASM_ERROR_LINK, e.what());
  }
  return nullptr;
}

gowasm_go_state gowasm_go_program_start(gowasm_go_program* p) {
  return state_of(p->program->start());
}
gowasm_go_state gowasm_go_program_drive(gowasm_go_program* p, int64_t timeout_ms) {
  const auto deadline =
      timeout_ms < 0 ? std::chrono::steady_clock::time_point::max()
                     : std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  return state_of(p->program->drive(deadline));
}
gowasm_go_state gowasm_go_program_report_deadlock(gowasm_go_program* p) {
  return state_of(p->program->report_deadlock());
}
gowasm_go_state gowasm_go_program_state(const gowasm_go_program* p) {
  return state_of(p->program->state());
}
int gowasm_go_program_exit_code(const gowasm_go_program* p) {
  return p->program->result().exit_code;
}
void gowasm_go_program_free(gowasm_go_program* p) {
  delete p;
}

gowasm_js_value* gowasm_js_undefined(void) {
  return wrap(gowasm::JsValue());
}
gowasm_js_value* gowasm_js_null(void) {
  return wrap(gowasm::JsValue::null());
}
gowasm_js_value* gowasm_js_bool(bool value) {
  return wrap(gowasm::JsValue(value));
}
gowasm_js_value* gowasm_js_number(double value) {
  return wrap(gowasm::JsValue(value));
}
gowasm_js_value* gowasm_js_string(const char* utf8, size_t size) {
  return wrap(gowasm::JsValue(std::string(utf8, size)));
}
gowasm_js_value* gowasm_js_object(gowasm_go_program* p) {
  return wrap(p->program->make_object());
}
gowasm_js_value* gowasm_js_bytes(gowasm_go_program* p, const uint8_t* bytes, size_t size) {
  return wrap(p->program->make_bytes(std::span<const uint8_t>(bytes, size)));
}
gowasm_js_value* gowasm_js_array(gowasm_go_program* p, gowasm_js_value* const* elements,
                                 size_t count) {
  return wrap(p->program->make_array(unwrap(elements, count)));
}

char* gowasm_js_error_message(const char* message) {
  return strdup(message);
}

gowasm_js_value* gowasm_js_function_new(gowasm_go_program* p, const char* name,
                                        gowasm_js_function function, void* env,
                                        void (*finalizer)(void* env)) {
  return wrap(
      p->program->make_function(name, [p, function, owner = finalizing(env, finalizer)](
                                          gowasm::GoProgram&, const gowasm::JsValue& this_value,
                                          std::span<const gowasm::JsValue> args) {
        std::vector<gowasm_js_value> values;
        values.reserve(args.size());
        for (const gowasm::JsValue& a : args) values.push_back(gowasm_js_value{a});
        std::vector<const gowasm_js_value*> pointers;
        for (const gowasm_js_value& v : values) pointers.push_back(&v);
        const gowasm_js_value self{this_value};
        char* message = nullptr;
        gowasm_js_value* result =
            function(owner.get(), p, &self, pointers.data(), pointers.size(), &message);
        if (message) {
          gowasm_js_value_free(result);
          throw gowasm::JsError(take_message(message));
        }
        gowasm::JsValue out = result ? result->value : gowasm::JsValue();
        gowasm_js_value_free(result);
        return out;
      }));
}

gowasm_js_value* gowasm_go_program_global(gowasm_go_program* p) {
  return wrap(p->program->global());
}

gowasm_js_type gowasm_js_value_type(const gowasm_js_value* v) {
  return gowasm_js_type(int(v->value.type()));
}
bool gowasm_js_value_bool(const gowasm_js_value* v) {
  return v->value.type() == gowasm::JsValue::Type::Boolean && v->value.as_bool();
}
double gowasm_js_value_number(const gowasm_js_value* v) {
  return v->value.type() == gowasm::JsValue::Type::Number ? v->value.as_number() : std::nan("");
}
const char* gowasm_js_value_string(const gowasm_js_value* v, size_t* size) {
  if (v->value.type() != gowasm::JsValue::Type::String) return nullptr;
  const std::string& s = v->value.as_string();
  if (size) *size = s.size();
  return s.c_str();
}
uint8_t* gowasm_js_value_bytes(const gowasm_js_value* v, size_t* size) {
  const auto bytes = v->value.bytes();
  if (!bytes) return nullptr;
  if (size) *size = bytes->size();
  return bytes->data();
}
gowasm_js_value* gowasm_js_value_get(const gowasm_js_value* v, const char* key) {
  return wrap(v->value.get(key));
}
bool gowasm_js_value_set(gowasm_js_value* v, const char* key, const gowasm_js_value* value) {
  if (!v->value.is_object()) return false;
  v->value.set(key, value ? value->value : gowasm::JsValue());
  return true;
}
size_t gowasm_js_value_length(const gowasm_js_value* v) {
  return v->value.length();
}
gowasm_js_value* gowasm_js_value_at(const gowasm_js_value* v, size_t index) {
  return wrap(v->value.at(index));
}
void gowasm_js_value_free(gowasm_js_value* v) {
  delete v;
}

gowasm_js_value* gowasm_go_program_call(gowasm_go_program* p, const char* name,
                                        gowasm_js_value* const* args, size_t arg_count,
                                        gowasm_error** error) {
  const gowasm::GoCallResult r = p->program->call(name, unwrap(args, arg_count));
  if (!r.ok()) {
    fail(error, kind_of(r.error->kind), r.error->message, r.error->exit_code);
    return nullptr;
  }
  return wrap(*r.value);
}

void gowasm_go_program_post(gowasm_go_program* p,
                            void (*task)(void* env, gowasm_go_program* program), void* env) {
  p->program->post([p, task, env](gowasm::GoProgram&) { task(env, p); });
}

gowasm_go_hold* gowasm_go_program_hold(gowasm_go_program* p) {
  return new gowasm_go_hold{p->program->hold()};
}

void gowasm_go_hold_free(gowasm_go_hold* hold) {
  delete hold;
}

uint8_t* gowasm_wapc_bytes(const uint8_t* bytes, size_t size) {
  auto* copy = static_cast<uint8_t*>(std::malloc(size ? size : 1));
  if (size) std::memcpy(copy, bytes, size);
  return copy;
}

gowasm_wapc_host* gowasm_wapc_host_new(gowasm_go_program* p, gowasm_wapc_host_call handler,
                                       void* env, void (*finalizer)(void* env)) {
  gowasm::WapcHostHandler host_handler;
  if (handler) {
    host_handler = [handler, owner = finalizing(env, finalizer)](const gowasm::WapcHostCall& call) {
      size_t size = 0;
      char* message = nullptr;
      uint8_t* response = handler(owner.get(), call.binding.c_str(), call.namespace_.c_str(),
                                  call.operation.c_str(), call.payload.data(), call.payload.size(),
                                  &size, &message);
      std::vector<uint8_t> out(response, response ? response + size : response);
      std::free(response);
      if (message) throw gowasm::WapcError(take_message(message));
      return out;
    };
  }
  return new gowasm_wapc_host{gowasm::WapcHost(*p->program, std::move(host_handler))};
}

uint8_t* gowasm_wapc_invoke(gowasm_wapc_host* host, const char* operation, const uint8_t* payload,
                            size_t payload_size, int64_t timeout_ms, size_t* response_size,
                            gowasm_error** error) {
  const gowasm::WapcResult r =
      host->host.invoke(operation, std::span<const uint8_t>(payload, payload_size),
                        std::chrono::milliseconds(timeout_ms < 0 ? int64_t(1) << 40 : timeout_ms));
  if (response_size) *response_size = 0;
  if (!r.ok()) {
    fail(error, GOWASM_ERROR_EXCEPTION, *r.error);
    return nullptr;
  }
  if (response_size) *response_size = r.response.size();
  return r.response.empty() ? nullptr : gowasm_wapc_bytes(r.response.data(), r.response.size());
}

void gowasm_wapc_host_free(gowasm_wapc_host* host) {
  delete host;
}

}  // extern "C"
