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
#include "gowasm/profile.h"
#include "module_code.h"
#include "runtime.h"

namespace gowasm::interp {

// The value stack and the frame records of one instance.
struct ExecutionStack {
  struct Frame {
    const Instr* return_ip;
    Slot* fp;
    const FunctionCode* function;
  };

  // `interrupt` (may be null): while it is interrupted, entry_limit is null.
  // `fuel` (may be unset): the instance's budget. With one, entry_limit is
  // always null, so that every function entry takes the slow path and pays
  // there, and taken branches are polled (detail::poll_requests).
  ExecutionStack(size_t slot_count, uint32_t max_depth, std::shared_ptr<InterruptHandle> interrupt,
                 std::optional<uint64_t> fuel, std::shared_ptr<GuestProfiler> profiler);
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
  // Fuel (InstanceOptions::fuel), beside the limit that the same slow
  // paths of the executor check.
  const bool fueled;
  uint64_t fuel_left;
  // Spends one unit of fuel; true when there is none left.
  bool out_of_fuel() {
    if (!fueled) return false;
    if (fuel_left == 0) return true;
    --fuel_left;
    return false;
  }
  // InstanceOptions::profiler: takes its samples at polls.
  std::shared_ptr<GuestProfiler> profiler;
};

// One instance's engine state: its module's shared code and, from the
// first call on, its value stack.
class InstanceCode : public InstanceEngine {
 public:
  explicit InstanceCode(Instance& instance);
  ~InstanceCode() override;

  CallResult call(const FunctionInstance& function, std::span<const Value> args) override;
  ExecutionStack& stack();
  const Module& module() const { return instance.module(); }
  auto& state() { return Internals::state(instance); }

  Instance& instance;
  ModuleCode& code;  // kept alive by the instance's module
  // Where each global's value lives (global.get is one load more than a
  // constant address, which is all that sharing code costs it).
  std::vector<uint64_t*> global_cells;
  // InstanceOptions::native_routines: whether NATIVE instructions run.
  const bool native_routines;

 private:
  std::unique_ptr<ExecutionStack> stack_;
};

}  // namespace gowasm::interp
