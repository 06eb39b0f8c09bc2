// The Go runtime's memory moves and clears as native routines (see
// routines.h). Go 1.19 loops over words and bytes; current releases use
// wasm's bulk memory instructions, which run natively already.
#pragma once

#include "routines.h"

namespace gowasm::interp::native {

bool memmove(const NativeCall& call);    // runtime.memmove (Go ABI)
bool memclr(const NativeCall& call);     // runtime.memclrNoHeapPointers (Go ABI)
bool wasm_move(const NativeCall& call);  // runtime.wasmMove(dst, src, words i32)
bool wasm_zero(const NativeCall& call);  // runtime.wasmZero(dst, words i32)

}  // namespace gowasm::interp::native
