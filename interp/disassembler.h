// Prints translated code, one instruction per line, for looking at what the
// translator made of a function (gowasm-dump --code).
#pragma once

#include <string>

#include "code.h"

namespace gowasm::interp {

std::string disassemble(const CompiledFunction& function);

}  // namespace gowasm::interp
