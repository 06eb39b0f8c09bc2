// Prints translated code, one instruction per line, for looking at what the
// translator made of a function (gowasm-dump --code). Branch targets print
// as instruction indices; with the instance the code was made for, operands
// that point at its functions, globals and tables print as their names, so
// that the text does not depend on where things are in memory.
#pragma once

#include <string>

#include "code.h"
#include "runtime.h"

namespace gowasm::interp {

std::string disassemble(const CompiledFunction& function, const Instance* instance = nullptr);

}  // namespace gowasm::interp
