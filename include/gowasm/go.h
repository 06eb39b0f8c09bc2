// Running a Go program compiled with GOOS=js GOARCH=wasm: the equivalent of
// `node wasm_exec_node.js module.wasm args...`, with no JavaScript engine.
// Both import ABIs are provided: module "go" (Go <= 1.20) and "gojs"
// (Go >= 1.21).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "gowasm/instance.h"
#include "gowasm/js.h"
#include "gowasm/program.h"

namespace gowasm {

// GoMount and GoResult are the names the Go port has always used for the
// shared ProgramMount and ProgramResult (gowasm/program.h).
using GoMount = ProgramMount;
using GoResult = ProgramResult;

// A Go program's configuration: everything a program is given
// (ProgramOptions: args, env, mounts, instance, virtual_clock_start,
// random_seed, write, read; set them as fields, `options.args = ...`), and
// what only the Go/JS bridge has.
struct GoOptions : ProgramOptions {
  // When set, called before every bridge import the guest calls, with the
  // import's name and, for valueGet, valueSet, valueDelete and valueCall,
  // the property or method: the sequence to compare with another runner's
  // (gowasm-run --trace prints it as ../shared/tools/node-ref-run.js does
  // under GOJS_TRACE=1).
  std::function<void(std::string_view import, std::optional<std::string_view> property)> trace;
};

// Where a Go program is between the host's calls into it.
enum class GoState {
  NotStarted,
  Blocked,  // main waits: for a timer, a posted task, or the host to call in
  Exited,   // os.Exit, or main returned: result() has the status
  Trapped,  // a trap, an interrupt or an uncaught JavaScript exception: result() says which
};

// Why a call into a Go program returned no value.
struct GoCallError {
  enum class Kind {
    Exception,   // the function threw: `exception` is the thrown value
    Panic,       // Go panicked (or its runtime failed); the program has exited
    Exit,        // the program called os.Exit during the call
    Trap,        // a WebAssembly trap or an interrupt; the program is Trapped
    NotRunning,  // the program was never started (one that has ended repeats its end)
  } kind = Kind::Exception;
  std::string message;  // one line: the exception's text, the panic, "exit status 3", the trap
  JsValue exception;    // Exception only
  int exit_code = 0;    // Panic (2) and Exit
  std::optional<Trap> trap;
};

struct GoCallResult {
  std::optional<JsValue> value;  // what the function returned, when it returned
  std::optional<GoCallError> error;
  bool ok() const { return !error; }
};

class GoProgram;
// A host function the guest can call: `this_value` and `args` as the guest
// passed them. Throw JsError to throw a JavaScript Error at the guest.
using HostJsFunction = std::function<JsValue(GoProgram& program, const JsValue& this_value,
                                             std::span<const JsValue> args)>;

// A Go program that stays alive between the host's calls: a plugin.
//
//   GoProgram program(module, options);
//   program.global().set("pluginConfig", config);  // read by the guest's init and main
//   program.start();                               // main runs until it blocks
//   GoCallResult r = program.call("describe", {"text", 1.5, true});
//   program.drive(deadline);                       // timers, posted tasks
//
// Everything but post() and interrupt() belongs to one thread at a time.
// A program that has exited or trapped stays so: later calls return the
// error that ended it, and steps return its final state.
class GoProgram {
 public:
  // Instantiates `module` against the bridge. Throws LinkError (missing
  // imports, all named; not a Go program) or InstantiationTrap.
  GoProgram(std::shared_ptr<const Module> module, GoOptions options);
  ~GoProgram();
  GoProgram(const GoProgram&) = delete;
  GoProgram& operator=(const GoProgram&) = delete;

  // --- the realm: values the host makes and the global object ---
  JsValue global() const;
  JsValue make_object();
  JsValue make_array(std::vector<JsValue> elements);
  JsValue make_bytes(std::span<const uint8_t> bytes);
  JsValue make_function(std::string name, HostJsFunction function);

  // --- running ---
  // Calls Go's run(argc, argv): main runs until it exits or blocks.
  GoState start();
  // The event loop: fires timers as they fall due and runs posted tasks,
  // until the program ends, `deadline` passes, nothing is left that could
  // wake it (no timer, no task, no Hold), or `until` (checked after each
  // timer and task) returns true.
  GoState drive(
      std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max(),
      const std::function<bool()>& until = nullptr);
  // Nothing will ever call the program again: hands Go the event by which
  // it reports "all goroutines are asleep", as Node does at exit.
  GoState report_deadlock();
  GoState state() const;
  // The outcome, once Exited or Trapped.
  GoResult result() const;

  // --- calling in ---
  // Calls the function stored on the global object under `name` (what the
  // guest set with js.Global().Set(name, js.FuncOf(...))).
  GoCallResult call(std::string_view name, std::vector<JsValue> args);
  // Calls any function value with `this_value` as this.
  GoCallResult call_function(const JsValue& function, std::vector<JsValue> args,
                             const JsValue& this_value = JsValue());
  // Calls a //go:wasmexport function (Go >= 1.24) with typed arguments.
  CallResult call_export(std::string_view name, std::span<const Value> args);
  // The guest's linear memory, for bytes passed by address to and from
  // wasmexport functions. Valid until the guest runs again: any call may
  // grow the memory and move it.
  std::span<uint8_t> memory();

  // --- from other threads ---
  // Runs `task` on the thread that drives the program, at its next drive().
  // Thread-safe.
  void post(std::function<void(GoProgram&)> task);
  // While a Hold is alive, drive() waits for posted tasks instead of
  // returning idle: take one before handing work to another thread, and
  // drop it once that thread has posted its result. Thread-safe.
  class Hold {
   public:
    Hold(Hold&&) noexcept;
    Hold& operator=(Hold&&) noexcept;
    ~Hold();

   private:
    friend class GoProgram;
    explicit Hold(std::shared_ptr<void> token) : token_(std::move(token)) {}
    std::shared_ptr<void> token_;
  };
  Hold hold();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Runs `module` to completion: a GoProgram started, driven until nothing
// is left, and asked to report its deadlock if it is still blocked then,
// which is what `node wasm_exec_node.js` does. Throws as GoProgram does.
GoResult run_go_program(std::shared_ptr<const Module> module, GoOptions options);

// GoOptions::write's default: all of `bytes` to descriptor `fd`, unbuffered;
// throws std::system_error when the descriptor refuses them. For a write
// callback that adds to the default (counting, noting failures) and keeps it.
void write_to_descriptor(int fd, std::span<const uint8_t> bytes);

}  // namespace gowasm
