// The Go side of wasm_exec.js: one Go program's bridge state and how it
// runs. The imports of modules "go" and "gojs" are in go_imports.cpp, the
// timers and event loop in go_event_loop.cpp, Go's memory layout in
// go_memory.h; this class ties them together (go_runtime.cpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
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
#include "task_queue.h"

namespace gowasm::js {

// A trap (or exit) raised by Go code that ran inside a JavaScript function
// called from an import; it unwinds the JavaScript frames to the import.
struct GuestTrap {
  Trap trap;
};

// One Go program: its realm, reference table, filesystem view, instance and
// timers, driven by the host one step at a time:
//
//   GoRuntime go(module, options);
//   go.start();                        // main runs until it exits or blocks
//   go.drive(deadline);                // timers and posted tasks, until none is left
//   if (go.state() == GoState::Blocked) go.report_deadlock();  // as Node at exit
//
// which is what run() does. Once Exited or Trapped, it stays so: every
// later step returns that state without running anything.
class GoRuntime {
 public:
  // Throws LinkError (missing imports, all named) or InstantiationTrap.
  GoRuntime(std::shared_ptr<const Module> module, GoOptions options);
  ~GoRuntime();
  GoRuntime(const GoRuntime&) = delete;
  GoRuntime& operator=(const GoRuntime&) = delete;

  // Calls Go's run(argc, argv) with the configured args and environment.
  GoState start();
  // The event loop: fires timers as they fall due, in Node's order, and
  // runs posted tasks, until nothing is pending, the program ends,
  // `deadline` passes, or `until` returns true.
  GoState drive(
      std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max(),
      const std::function<bool()>& until = nullptr);
  // Nothing can wake the program any more: hands Go the event by which it
  // reports "all goroutines are asleep", as Node does at exit. A program
  // that still does not exit ends as Node's would, with status 0.
  GoState report_deadlock();
  // start(), drive(), report_deadlock().
  GoResult run();

  GoState state() const { return state_; }
  bool has_timers() const { return !timers_.empty(); }
  // The outcome, once Exited or Trapped.
  GoResult result() const;

  // --- the host calling in ---
  // Calls `function`. A JavaScript exception it throws comes back as such
  // and leaves the program running; whatever ends the program comes back
  // as what ended it.
  GoCallResult call(const Value& function, const Value& this_value, std::span<const Value> args);
  // Calls a //go:wasmexport function.
  CallResult call_export(std::string_view name, std::span<const gowasm::Value> args);
  std::span<std::byte> memory() { return instance_->memory(); }
  js::Realm& realm() { return realm_; }
  // Tasks from other threads, run by drive(); shared with the holds and
  // posts that may outlive the program.
  const std::shared_ptr<TaskQueue>& tasks() const { return tasks_; }

 private:
  // Runs `step` (which calls into Go), then the I/O callbacks it queued,
  // turning how it ends into the state.
  GoState guarded(const std::function<void()>& step);
  // Node's I/O phase: the callbacks of finished fs operations, in order,
  // until none is left (each may resume Go, which may queue more). Every
  // entry of the host into Go ends with it, so a step leaves the program
  // blocked on something other than its own I/O, as Node's event loop
  // would have run those callbacks at once.
  void run_io_callbacks();
  // Runs `body`; what escapes it and ends the program, as an uncaught
  // exception ends Node's (a JavaScript exception, a TypeError or
  // RangeError of the value model, an access outside linear memory, a
  // trap of Go code it ran), comes back as that trap. `where` names the
  // import it escaped ("syscall/js.valueGet"), or is empty.
  static std::optional<Trap> uncaught_as_trap(const std::function<void()>& body,
                                              const std::string& where);
  // Why a call returned nothing, once the program has ended.
  GoCallError ended_error() const;

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
  // GoOptions::trace for the import `name` called with `sp`.
  void trace(const char* name, bool names_property, uint32_t sp);

  void write_args_and_env(uint32_t& argc, uint32_t& argv);

  // --- timers and the event loop (go_event_loop.cpp) ---
  uint64_t add_timer(double delay_ms, std::function<void()> fire);
  void install_timers();

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
  GoState state_ = GoState::NotStarted;
  bool exited_ = false;  // wasmExit ran
  int exit_code_ = 0;
  std::optional<Trap> trap_;  // when Trapped
  std::string stderr_tail_;   // the last of what fd 2 got: where a panic is told
  std::shared_ptr<TaskQueue> tasks_ = std::make_shared<TaskQueue>();
  std::deque<std::function<void()>> io_callbacks_;  // HostEnvironment::defer's queue
  uint64_t interrupt_listener_ = 0;
  // The timer queue, as Node's: setTimeout from JavaScript and Go's timeout
  // events alike; fired in deadline order, then creation order.
  struct Timer {
    std::chrono::nanoseconds due;  // on host_.clock
    std::function<void()> fire;
  };
  std::map<uint64_t, Timer> timers_;  // by creation number
  uint64_t next_timer_ = 1;
  // Go's timeout events (the glue's _scheduledTimeouts): id -> its timer.
  std::map<int32_t, uint64_t> go_timeouts_;
  int32_t next_timeout_id_ = 1;
};

}  // namespace gowasm::js
