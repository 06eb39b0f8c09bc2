// Runs every exported function of a module, one after another in one
// instance, as binaryen's `wasm-opt --fuzz-exec` does (zero arguments,
// export order, going on after a trap, the export "hangLimitInitializer"
// called before each), and writes what happened as a
// transcript, one event per line:
//
//   call NAME                 an export is called
//   log i32 -5                binaryen's "fuzzing-support" log-* import was called
//   result i32 7 f64 0x...    the call returned (floats as their bits)
//   trap out of bounds memory access
//
// The executor fuzz target runs generated modules through it; the
// differential test (differential.py) compares it with binaryen's output.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "gowasm/module.h"

namespace gowasm::fuzz {

struct TranscriptLimits {
  std::optional<uint64_t> fuel;  // per instance
  uint32_t max_memory_pages = 65536;
  uint32_t max_call_depth = 200000;
  size_t value_stack_slots = size_t(1) << 24;
};

std::string transcribe_exports(const std::shared_ptr<const Module>& module,
                               const TranscriptLimits& limits);

}  // namespace gowasm::fuzz
