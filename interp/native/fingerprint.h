// What a function body computes, as one number: how native routines are
// recognised (routines.h), by content and never by name.
#pragma once

#include <array>
#include <cstdint>
#include <mutex>
#include <vector>

#include "gowasm/module.h"
#include "instruction.h"

namespace gowasm::interp::native {

// Fingerprints the functions of one module: a 64-bit FNV-1a hash of a
// function's type, local declarations and instructions, normalised so that
// the same Go source compiled by the same Go release into another program
// hashes the same:
//   - a call contributes its callee's fingerprint when the callee is a
//     native routine (looking up to kCallDepth calls deep), else the
//     callee's type: never
//     its index, and nothing of a callee that is not a routine, which only
//     the wasm runs (a routine's native code stands for its calls to other
//     routines, and declines wherever the wasm would call anything else);
//   - the return address Go stores before each call
//     (`i64.const PC; i64.store; i32.const 0; call`), which encodes the
//     caller's index, contributes nothing;
//   - an i64 constant that lies where the module's data segments are
//     contributes nothing: it is the address of a table, a string or a type
//     descriptor, which moves with everything else the program holds (a
//     routine that reads such a table finds it through data_addresses()).
// Everything else (opcodes, locals, other constants, offsets, labels, the
// globals Go keeps SP and g in) is hashed as encoded.
class Fingerprinter {
 public:
  explicit Fingerprinter(const Module& module);

  // The fingerprint of defined function `function_index`, or 0 for a body
  // larger than kMaxBody: no routine is that large.
  uint64_t operator()(uint32_t function_index) const;

  // The constants the fingerprint left out as data addresses, in the order
  // the body has them.
  std::vector<uint64_t> data_addresses(uint32_t function_index) const;

  static constexpr uint32_t kMaxBody = 4096;
  static constexpr int kCallDepth = 2;

 private:
  uint64_t fingerprint(uint32_t function_index, int depth) const;
  uint64_t callee_identity(uint32_t function_index, int depth) const;
  bool is_data_address(const Instruction& in) const;

  const Module& module_;
  uint64_t data_begin_ = 0, data_end_ = 0;  // the span of the active data segments
  // Fingerprints already computed, by function and depth (0: not yet).
  // Thread-safe: translation and tools may fingerprint at the same time.
  mutable std::mutex mutex_;
  mutable std::vector<std::array<uint64_t, kCallDepth + 1>> memo_;
};

}  // namespace gowasm::interp::native
