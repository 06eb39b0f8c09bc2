// What an instance is made of, as the core and the engine see it: function
// instances, the instance's index spaces, and the way into the private
// parts of the public classes.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "engine.h"
#include "gowasm/instance.h"
#include "gowasm/objects.h"

namespace gowasm {

// A function in an instance's index space: defined by a module instance or
// provided by the host.
struct FunctionInstance {
  const FuncType* type = nullptr;
  uint32_t type_id = 0;          // equal ids ⇔ equal function types, across modules
  Instance* instance = nullptr;  // the defining instance; null for host functions
  uint32_t index = 0;            // in the defining instance's function index space
  const HostFunction* host = nullptr;  // host functions only; owned by their Imports definition
};

// Structural identity of function types for call_indirect: interned once per
// distinct type, process-wide.
uint32_t intern_function_type(const FuncType& type);

// Calls `function` (of any instance, or the host) after checking `args`
// against its type. `caller` is the instance a host function sees as its
// caller (null when called from the API).
CallResult call_function(const FunctionInstance& function, std::span<const Value> args,
                         Instance* caller);

struct Instance::State {
  std::vector<FunctionInstance*> functions;  // the function index space
  // One block for all the functions the instance defines: an instance of a
  // Go module has thousands, and each costs only these 32 bytes.
  std::unique_ptr<FunctionInstance[]> own_functions;
  std::vector<std::shared_ptr<Table>> tables;
  std::vector<std::shared_ptr<Global>> globals;
  // The import definitions this instance resolved: host functions live in
  // them, and they keep exporting instances alive.
  std::vector<std::shared_ptr<const void>> keep_alive;
  // Element and data segments that have been dropped (or applied, for active ones).
  std::vector<bool> dropped_elements;
  std::vector<bool> dropped_data;
  std::unique_ptr<InstanceEngine> engine;
};

// The private parts of Module and Instance, for the core and the engine;
// the public headers only declare this as a friend.
struct Internals {
  static Instance::State& state(Instance& instance) { return *instance.state_; }
  static const Instance::State& state(const Instance& instance) { return *instance.state_; }
  static ModuleEngine& code(const Module& module) { return *module.engine_code_; }
};

}  // namespace gowasm
