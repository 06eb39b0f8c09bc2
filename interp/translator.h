// Translates a validated function body into threaded code (see code.h).
//
// The wasm operand stack is simulated at translation time. Each stack entry
// is a constant, a value in a fixed slot (a local) or a temporary in the
// canonical slot of its stack height, so local.get and constants cost no
// instruction and results go straight where they are needed:
//   - an instruction whose result is immediately stored by local.set writes
//     the local directly;
//   - constant operands of common integer instructions become immediates;
//   - an integer compare followed by br_if or if becomes one
//     compare-and-branch instruction;
//   - calls pass arguments in place: the callee's frame starts at the
//     caller's first argument slot.
// At every block boundary the stack is brought to canonical slots, which is
// what makes branches and joins agree on where values live.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <stdexcept>

#include "code.h"
#include "gowasm/module.h"
#include "module_code.h"

namespace gowasm::interp {

// A function the translator cannot handle (a frame too large for the code's
// 32-bit slot fields); reported as a trap when the function is first called.
class TranslationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
// The translation stopped because `interrupted` (below) was set.
class TranslationInterrupted : public TranslationError {
 public:
  using TranslationError::TranslationError;
};

// Translates function `function_index` (a defined function) of `module`.
// The code names globals, tables and imported functions by index and direct
// callees by their entry in `code`, so it serves every instance of the module.
// `interrupted`, when given, is polled every few thousand instructions: a
// huge function's translation takes seconds, and a deadline must not wait.
std::unique_ptr<CompiledFunction> translate_function(
    const Module& module, ModuleCode& code, uint32_t function_index,
    const std::atomic<bool>* interrupted = nullptr);

}  // namespace gowasm::interp
