// gowasm/inspect.h over the interpreter's ModuleCode.
#include "gowasm/inspect.h"

#include <stdexcept>

#include "disassembler.h"
#include "module_code.h"
#include "native/routines.h"
#include "runtime.h"

namespace gowasm {
namespace {

interp::ModuleCode& code_of(const Module& module) {
  return static_cast<interp::ModuleCode&>(Internals::code(module));
}

void check_defined(const Module& module, uint32_t function_index) {
  if (function_index < module.imported_function_count() ||
      function_index >= module.function_count()) {
    throw std::out_of_range("function " + std::to_string(function_index) +
                            " is not a defined function");
  }
}

}  // namespace

std::string disassemble_function(const Module& module, uint32_t function_index) {
  check_defined(module, function_index);
  interp::ModuleCode& code = code_of(module);
  static const std::atomic<bool> kNeverInterrupted{false};
  std::optional<Trap> failure;
  const interp::CompiledFunction* compiled =
      code.get(module, code.function_at(function_index), kNeverInterrupted, failure);
  if (!compiled) throw std::runtime_error(failure->message);
  return interp::disassemble(*compiled, module);
}

uint64_t function_fingerprint(const Module& module, uint32_t function_index) {
  check_defined(module, function_index);
  return code_of(module).fingerprints().read(function_index).fingerprint;
}

std::string_view native_routine(const Module& module, uint32_t function_index) {
  check_defined(module, function_index);
  const interp::native::NativeRoutine* routine =
      interp::native::find_native_routine(code_of(module).fingerprints(), function_index).routine;
  return routine ? routine->name : std::string_view();
}

size_t translated_function_count(const Module& module) {
  return code_of(module).translations();
}

}  // namespace gowasm
