// The internal threaded code. A function becomes an array of fixed-size
// instructions; each starts with the address of its handler in the
// executor (direct threading) and names its operands as frame slots, so
// the wasm operand stack is gone by the time code runs.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

namespace gowasm::interp {

// One 64-bit frame slot holds any non-vector value. A v128 (SIMD, not yet
// executed) will take two adjacent slots, low half first, which the frame
// layout allocates as a pair; Slot stays 64-bit so that scalar code, nearly
// all of what Go emits, keeps its frames and copies at 8 bytes a value.
using Slot = uint64_t;

// Operand conventions (per handler, see executor.cpp):
//   a, b: slot indices or small immediates; c: a slot index, a 64-bit
//   immediate, a branch target or an object pointer.
struct Instr {
  const void* handler;
  uint32_t a;
  uint32_t b;
  uint64_t c;
};
static_assert(sizeof(Instr) == 24);

namespace native {
struct NativeRoutine;
}

// What a NATIVE instruction names (interp/native/routines.h): the routine
// the function is, and the data addresses its body holds, in body order.
struct NativeEntry {
  const native::NativeRoutine* routine = nullptr;
  std::vector<uint64_t> data_addresses;
};

struct CompiledFunction {
  std::unique_ptr<Instr[]> code;
  size_t code_size = 0;
  std::vector<uint64_t> constants;  // the constant pool, copied into each frame
  // br_table target lists, referred to by their instructions.
  std::vector<std::unique_ptr<const Instr*[]>> jump_tables;
  NativeEntry native;  // when the function is a native routine
};

}  // namespace gowasm::interp
