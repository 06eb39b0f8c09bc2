// The Go side of wasm_exec.js: one Go program's bridge state and how it
// runs. The imports of modules "go" and "gojs" are in go_imports.cpp, the
// timers and event loop in go_event_loop.cpp, Go's memory layout in
// go_memory.h; this class ties them together (go_runtime.cpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "go_memory.h"
#include "gowasm/go.h"
#include "guest_fs.h"
#include "host_objects.h"
#include "realm.h"
#include "ref_table.h"

namespace gowasm::js {

// A trap (or exit) raised by Go code that ran inside a JavaScript function
// called from an import; it unwinds the JavaScript frames to the import.
struct GuestTrap {
  Trap trap;
};

// One Go program: its realm, reference table, filesystem view, instance and
// timers. run() runs main and then the event loop to the end.
class GoRuntime {
 public:
  // Throws LinkError (missing imports, all named) or InstantiationTrap.
  GoRuntime(std::shared_ptr<const Module> module, GoOptions options);
  GoResult run();

 private:
  // --- calls into the guest (go_runtime.cpp) ---
  uint32_t getsp();
  void resume();
  Value make_func_wrapper(double id);

  // --- JavaScript operations the imports use, as Reflect does them ---
  js::ObjectRef object_operand(const Value& v, const char* operation);
  Value reflect_get(const Value& target, const Value& key);
  Value reflect_apply(const Value& function, const Value& this_value, std::span<const Value> args);

  // --- the imports (go_imports.cpp) ---
  void register_imports(Imports& imports, const std::string& module);
  void register_test_imports(Imports& imports);

  void write_args_and_env(uint32_t& argc, uint32_t& argv);
  GoResult finish(const Trap& trap);

  // --- timers and the event loop (go_event_loop.cpp) ---
  uint64_t add_timer(double delay_ms, std::function<void()> fire);
  void install_timers();
  std::optional<Trap> run_event_loop();

  std::shared_ptr<const Module> module_;
  GoOptions options_;
  js::Realm realm_;
  std::unique_ptr<js::GuestFileSystem> fs_;
  js::HostEnvironment host_;
  js::ObjectRef go_object_;
  std::unique_ptr<js::RefTable> refs_;
  std::shared_ptr<Instance> instance_;
  std::unique_ptr<js::GoMemory> memory_;  // instance_'s memory, refs_'s values
  const FunctionInstance* getsp_ = nullptr;
  const FunctionInstance* resume_ = nullptr;
  bool exited_ = false;
  int exit_code_ = 0;
  // The timer queue, as Node's: setTimeout from JavaScript and Go's timeout
  // events alike; fired in deadline order, then creation order.
  struct Timer {
    std::chrono::steady_clock::time_point due;
    std::function<void()> fire;
  };
  std::map<uint64_t, Timer> timers_;  // by creation number
  uint64_t next_timer_ = 1;
  // Go's timeout events (the glue's _scheduledTimeouts): id -> its timer.
  std::map<int32_t, uint64_t> go_timeouts_;
  int32_t next_timeout_id_ = 1;
  std::chrono::system_clock::time_point wall_start_ = std::chrono::system_clock::now();
};

}  // namespace gowasm::js
