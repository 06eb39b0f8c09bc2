// Looking inside the engine: what the interpreter made of a module. For
// tools (gowasm-dump --code), tests and anyone learning how the
// interpreter works; nothing here is needed to run a module.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "gowasm/module.h"

namespace gowasm {

// The interpreter's code for defined function `function_index`, one
// instruction per line: index, handler, operands; branch targets as
// instruction indices, functions, globals and tables by index and name.
// Translates the function if no call has yet (the translation is the one
// every instance of `module` runs). Throws std::out_of_range when the index
// is not a defined function, std::runtime_error when translation fails.
std::string disassemble_function(const Module& module, uint32_t function_index);

// The fingerprint of defined function `function_index`'s body: a hash of
// its code that is the same wherever the same Go release compiled the same
// Go function (call targets and Go's return addresses left out), 0 for a
// body too large to be one of the native routines. The interpreter
// recognises the fixed routines of Go's runtime and math/big by it and runs
// them as native code (InstanceOptions::native_routines).
uint64_t function_fingerprint(const Module& module, uint32_t function_index);

// The Go function that defined function `function_index` was recognised
// as, when the interpreter runs it as a native routine; empty otherwise.
std::string_view native_routine(const Module& module, uint32_t function_index);

// How many of the module's functions have been translated. Functions are
// translated on their first call, once per module, whichever instance and
// thread makes that call.
size_t translated_function_count(const Module& module);

}  // namespace gowasm
