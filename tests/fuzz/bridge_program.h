// A generator of fake Go programs for fuzzing the bridge: any byte string
// becomes a module with the exports of a GOOS=js program (run, resume,
// getsp, mem) that calls the "gojs" imports as Go does, with a stack
// pointer and parameters in linear memory, but with whatever the input
// chooses: stack pointers anywhere (beyond the memory too), reference ids
// live, dead or never made, property names real and invented, strings that
// are not UTF-8, lengths past the memory, slices of values pointing
// anywhere. The module runs under GoProgram (or gowasm-run, or Node with
// wasm_exec.js) like any Go program.
//
// The calls are a script in linear memory that the module interprets, one
// record per call: run() plays records until the script ends, and every
// resume() (the event loop's timers, a JavaScript call of a Go function)
// plays a few more from inside the bridge, so calls nest as Go's do.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "gowasm/module.h"

namespace gowasm::fuzz {

std::vector<uint8_t> generate_bridge_program(std::span<const uint8_t> choices);

// Runs a generated program as run_go_program does, bounded by fuel, a
// small call depth and a virtual clock, with `directory` (an empty host
// directory) as the guest's /tmp and its output discarded.
struct BridgeRun {
  std::string outcome;  // one line: "exit 0", "trap: ..."
  size_t calls = 0;     // of bridge imports
};
BridgeRun run_bridge_program(std::shared_ptr<const Module> module, const std::string& directory);

}  // namespace gowasm::fuzz
