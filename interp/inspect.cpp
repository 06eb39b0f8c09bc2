// gowasm/inspect.h over the interpreter's ModuleCode.
#include "gowasm/inspect.h"

#include <stdexcept>

#include "disassembler.h"
#include "module_code.h"
#include "runtime.h"

namespace gowasm {
namespace {

interp::ModuleCode& code_of(const Module& module) {
  return static_cast<interp::ModuleCode&>(Internals::code(module));
}

}  // namespace

std::string disassemble_function(const Module& module, uint32_t function_index) {
  if (function_index < module.imported_function_count() ||
      function_index >= module.function_count()) {
    throw std::out_of_range("function " + std::to_string(function_index) +
                            " is not a defined function");
  }
  interp::ModuleCode& code = code_of(module);
  std::string error;
  const interp::CompiledFunction* compiled =
      code.get(module, code.function_at(function_index), error);
  if (!compiled) throw std::runtime_error(error);
  return interp::disassemble(*compiled, module);
}

size_t translated_function_count(const Module& module) {
  return code_of(module).translations();
}

}  // namespace gowasm
