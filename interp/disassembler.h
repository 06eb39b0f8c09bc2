// Prints translated code, one instruction per line, for looking at what the
// translator made of a function (gowasm-dump --code). Branch targets print
// as instruction indices and operands that name functions, globals and
// tables print as their names, so the text does not depend on where things
// are in memory.
#pragma once

#include <string>

#include "code.h"
#include "gowasm/module.h"

namespace gowasm::interp {

std::string disassemble(const CompiledFunction& function, const Module& module);

}  // namespace gowasm::interp
