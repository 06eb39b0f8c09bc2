// The C API for Go programs as plugins: options, the lifecycle, calls in,
// and work posted from other threads.
#include <algorithm>
#include <system_error>

#include "handles.h"

using namespace gowasm::capi;

namespace {

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
void gowasm_go_options_set_read(gowasm_go_options* o,
                                int64_t (*read)(void* env, uint8_t* buffer, size_t size), void* env,
                                void (*finalizer)(void* env)) {
  o->options.read = [read, owner = finalizing(env, finalizer)](std::span<uint8_t> buffer) {
    const int64_t n = read(owner.get(), buffer.data(), buffer.size());
    if (n < 0) throw std::system_error(int(-n), std::generic_category());
    return size_t(std::min<uint64_t>(uint64_t(n), buffer.size()));
  };
}
void gowasm_go_options_set_virtual_clock(gowasm_go_options* o, int64_t unix_ms) {
  o->options.virtual_clock_start =
      std::chrono::system_clock::time_point(std::chrono::milliseconds(unix_ms));
}
void gowasm_go_options_set_random_seed(gowasm_go_options* o, uint64_t seed) {
  o->options.random_seed = seed;
}
void gowasm_go_options_set_limits(gowasm_go_options* o, const gowasm_limits* limits) {
  o->options.instance = instance_options(limits ? *limits : gowasm_limits_default());
}
void gowasm_go_options_add_socket(gowasm_go_options* o, int socket) {
  o->options.sockets.push_back(socket);
}
void gowasm_go_options_free(gowasm_go_options* o) {
  delete o;
}

gowasm_go_program* gowasm_go_program_new(const gowasm_module* module,
                                         const gowasm_go_options* options, gowasm_error** error) {
  if (!module) {  // a failed load's NULL, passed on unchecked
    fail(error, GOWASM_ERROR_ARGUMENT, "no module (NULL)");
    return nullptr;
  }
  try {
    return new gowasm_go_program{std::make_unique<gowasm::GoProgram>(
        module->module, options ? options->options : gowasm::GoOptions{})};
  } catch (const gowasm::InstantiationTrap& e) {
    fail(error, e.trap());
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

gowasm_js_value* gowasm_go_program_call(gowasm_go_program* p, const char* name,
                                        gowasm_js_value* const* args, size_t arg_count,
                                        gowasm_error** error) {
  return deliver(p->program->call(name, unwrap(args, arg_count)), error);
}

gowasm_js_value* gowasm_go_program_call_function(gowasm_go_program* p,
                                                 const gowasm_js_value* function,
                                                 gowasm_js_value* const* args, size_t arg_count,
                                                 const gowasm_js_value* this_value,
                                                 gowasm_error** error) {
  return deliver(p->program->call_function(function->value, unwrap(args, arg_count),
                                           this_value ? this_value->value : gowasm::JsValue()),
                 error);
}

bool gowasm_go_program_call_export(gowasm_go_program* p, const char* name, const gowasm_value* args,
                                   size_t arg_count, gowasm_value* results, size_t result_count,
                                   gowasm_error** error) {
  return deliver(p->program->call_export(name, to_cpp(args, arg_count)), name, results,
                 result_count, error);
}

uint8_t* gowasm_go_program_memory(gowasm_go_program* p, size_t* size) {
  const std::span<uint8_t> memory = p->program->memory();
  if (size) *size = memory.size();
  return memory.data();
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

}  // extern "C"
