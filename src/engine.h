// The engine boundary: the three things the core (modules, linking,
// instances) asks of whatever executes function bodies. interp/ is our
// engine and defines default_engine(); the core names no engine type, so
// another engine (a compiler, a SIMD-capable interpreter) replaces interp/
// without touching src/.
//
//   compile      once per module: code shared by every instance of it
//   instantiate  once per instance: the engine's per-instance state
//   call         run one of the instance's own functions
#pragma once

#include <memory>
#include <span>

#include "gowasm/instance.h"

namespace gowasm {

// A module's code as the engine keeps it. Shared by all instances of the
// module and used from any thread that runs one of them.
class ModuleEngine {
 public:
  virtual ~ModuleEngine() = default;
};

// One instance's execution state (its value stack, for an interpreter).
class InstanceEngine {
 public:
  virtual ~InstanceEngine() = default;
  // Runs `function`, defined by this instance, with arguments already
  // checked against its type.
  virtual CallResult call(const FunctionInstance& function, std::span<const Value> args) = 0;
};

class Engine {
 public:
  virtual ~Engine() = default;
  // Called when a module has validated.
  virtual std::shared_ptr<ModuleEngine> compile(const Module& module) const = 0;
  // Called once `instance`'s functions, tables, globals and memory exist,
  // before its start function runs.
  virtual std::unique_ptr<InstanceEngine> instantiate(Instance& instance) const = 0;
};

// The engine this library is built with (interp/engine.cpp).
const Engine& default_engine();

}  // namespace gowasm
