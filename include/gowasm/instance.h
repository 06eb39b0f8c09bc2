// Instantiating a compiled Module against imports, and using the instance:
// exports, calls, memory, globals. Traps come back as values; an instance
// never crashes its host.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "gowasm/interrupt.h"
#include "gowasm/module.h"
#include "gowasm/objects.h"
#include "gowasm/trap.h"
#include "gowasm/value.h"

namespace gowasm {

class Instance;
class GuestProfiler;  // gowasm/profile.h
// A function of an instance or of the host, as exports, tables and
// funcref values refer to it; only ever handled by pointer.
struct FunctionInstance;

// What a host function sees of its caller.
struct HostCall {
  Instance* instance;  // the instance whose code made the call; null when called from the API
  std::span<const Value> args;
  std::span<Value> results;  // sized by the function type; fill every element
};

// Returns nothing to continue, or a Trap to unwind the guest.
using HostFunction = std::function<std::optional<Trap>(HostCall& call)>;

// Resource bounds of an instance; all have finite defaults.
struct InstanceOptions {
  uint32_t max_memory_pages = 65536;  // memory.grow fails beyond this (4 GiB)
  uint32_t max_call_depth = 200000;   // nested wasm calls before "call stack exhausted"
  size_t value_stack_slots =
      size_t(1) << 24;  // 8-byte slots for locals and operands (128 MiB, reserved lazily)
  // When set, interrupting it stops the instance's code (TrapKind::Interrupted).
  std::shared_ptr<InterruptHandle> interrupt;
  // When set, the instance's code stops (TrapKind::OutOfFuel) once it has
  // spent this much: one unit per function entry and per taken branch, so
  // a loop spends one per iteration. It stays stopped. While an instance
  // on fuel exists, every instance's taken branches take a slower path
  // (a few instructions more): use fuel to bound untrusted code, not
  // everywhere.
  std::optional<uint64_t> fuel;
  // When set, samples this instance's code (gowasm/profile.h).
  std::shared_ptr<GuestProfiler> profiler;
  // Fixed routines of Go's runtime and math/big (memory moves and clears,
  // vector arithmetic), recognised by their code, run as native code with
  // exactly their wasm's effect. Off, every function runs as its wasm: for
  // comparing the two, or to rule the native code out when hunting a bug.
  // A native routine's call spends fuel as one function entry.
  bool native_routines = true;
};

// Unresolvable imports: a missing name or a type that does not match.
class LinkError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A trap during instantiation (segment out of bounds, start function trap).
// Element segments applied before the trap stay in their (possibly
// imported) tables, as the specification requires; the partly initialised
// instance that owns those functions is kept alive by this error and by
// whoever keeps instance(): keep it as long as those tables are used.
class InstantiationTrap : public std::runtime_error {
 public:
  InstantiationTrap(Trap trap, std::shared_ptr<Instance> instance);
  const Trap& trap() const { return trap_; }
  const std::shared_ptr<Instance>& instance() const { return instance_; }

 private:
  Trap trap_;
  std::shared_ptr<Instance> instance_;
};

// Named definitions offered to a module's imports.
class Imports {
 public:
  void add_function(std::string module, std::string name, FuncType type, HostFunction function);
  void add_memory(std::string module, std::string name, std::shared_ptr<Memory> memory);
  void add_table(std::string module, std::string name, std::shared_ptr<Table> table);
  void add_global(std::string module, std::string name, std::shared_ptr<Global> global);
  // Offers every export of `instance` under `module` (the spec's `register`).
  void add_instance(std::string module, const std::shared_ptr<Instance>& instance);

  struct Definition;
  // Shared: an instance keeps the definitions it imported alive.
  std::shared_ptr<const Definition> find(const std::string& module, const std::string& name) const;
  ~Imports();
  Imports();
  Imports(Imports&&) noexcept;
  Imports& operator=(Imports&&) noexcept;

 private:
  std::map<std::pair<std::string, std::string>, std::shared_ptr<Definition>> definitions_;
};

// The outcome of a call: results, or the trap that ended it.
struct CallResult {
  std::vector<Value> results;
  std::optional<Trap> trap;
  bool ok() const { return !trap; }
};

class Instance : public std::enable_shared_from_this<Instance> {
 public:
  // Throws LinkError or InstantiationTrap.
  static std::shared_ptr<Instance> instantiate(std::shared_ptr<const Module> module,
                                               const Imports& imports,
                                               InstanceOptions options = {});
  ~Instance();

  const Module& module() const { return *module_; }
  const InstanceOptions& options() const { return options_; }

  // Calls an exported function; arguments are checked against its type.
  CallResult call(std::string_view export_name, std::span<const Value> args);
  CallResult call(const FunctionInstance& function, std::span<const Value> args);
  // nullptr when there is no such exported function.
  const FunctionInstance* exported_function(std::string_view name) const;
  const FuncType& function_type(const FunctionInstance& function) const;

  // Memory 0 as bytes (empty without a memory). Valid until the memory grows.
  std::span<std::byte> memory();
  std::shared_ptr<Memory> memory_object() const { return memory_; }
  std::optional<Value> global(std::string_view export_name) const;
  bool set_global(std::string_view export_name, const Value& value);
  std::shared_ptr<Global> exported_global(std::string_view name) const;
  std::shared_ptr<Table> exported_table(std::string_view name) const;
  std::shared_ptr<Memory> exported_memory(std::string_view name) const;

  // The reference bits of item `item` of element segment `segment_index`.
  uint64_t element_value(uint32_t segment_index, size_t item) const;

 private:
  friend struct Internals;
  struct State;  // the index spaces and the engine's state: src/runtime.h
  Instance(std::shared_ptr<const Module> module, InstanceOptions options);
  void link(const Imports& imports);
  void initialize();

  std::shared_ptr<const Module> module_;
  InstanceOptions options_;
  std::shared_ptr<Memory> memory_;
  std::unique_ptr<State> state_;
};

}  // namespace gowasm
