// Runs threaded code (see code.h): one C++ function with a computed goto per
// handler, frames on an explicit value stack, and calls within an instance
// that never recurse on the host stack. Calls to host functions and to other
// instances leave the loop and re-enter it through a nested activation on
// the same (or the other instance's) stack.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "code.h"
#include "runtime.h"

namespace gowasm::interp {

// The value stack and the frame records of one instance.
struct ExecutionStack {
  struct Frame {
    const Instr* return_ip;
    Slot* fp;
    const FunctionInstance* function;
  };

  // `interrupt` (may be null): while it is interrupted, entry_limit is null.
  ExecutionStack(size_t slot_count, uint32_t max_depth, std::shared_ptr<InterruptHandle> interrupt);
  ~ExecutionStack();
  ExecutionStack(const ExecutionStack&) = delete;
  ExecutionStack& operator=(const ExecutionStack&) = delete;

  std::unique_ptr<Slot[]> slots;  // not zeroed: pages are committed as frames reach them
  Slot* end;
  // What function entries check a new frame against: `end`, or null while
  // the instance is interrupted, so that an interrupt costs calls nothing.
  std::atomic<Slot*> entry_limit;
  std::shared_ptr<InterruptHandle> interrupt;
  uint64_t interrupt_listener = 0;
  Slot* top;  // first slot a new activation may use
  std::unique_ptr<Frame[]> frames;
  uint32_t max_depth;
  uint32_t depth = 0;    // frame records in use
  uint32_t nesting = 0;  // activations currently running (host re-entry)
};

// The translated code of an instance's functions, made on first call.
class CodeCache {
 public:
  // The code of `f` (defined by `instance`), translating it if needed;
  // nullptr with `error` set when translation fails.
  const CompiledFunction* get(Instance& instance, const FunctionInstance& f, std::string& error);

 private:
  std::vector<std::unique_ptr<CompiledFunction>> functions_;  // by defined-function index
};

// Calls `f` (of any instance, or the host) with typed arguments; `caller`
// is the instance a host function sees as its caller (may be null).
CallResult invoke(const FunctionInstance& f, std::span<const Value> args, Instance* caller);

}  // namespace gowasm::interp
