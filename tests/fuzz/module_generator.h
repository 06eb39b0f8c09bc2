// A generator of valid WebAssembly modules for the executor's fuzz target:
// any byte string is read as a sequence of choices and becomes a module
// that validates, so that libFuzzer's mutations explore programs rather
// than decoder errors. The modules use every scalar instruction family
// (numeric, conversions including the trapping ones, loads and stores of
// every width, locals, globals, blocks, loops and ifs with results and
// parameters, br, br_if, br_table, select, direct and indirect calls,
// memory.size, grow, fill and copy, unreachable) on i32, i64, f32 and f64.
// Loops may run forever: run the modules with fuel.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace gowasm::fuzz {

// The module, with no imports; every function is exported as "f0", "f1",
// ..., its memory as "memory" and its table as "table".
std::vector<uint8_t> generate_module(std::span<const uint8_t> choices);

}  // namespace gowasm::fuzz
