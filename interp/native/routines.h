// Native routines: fixed functions of Go's runtime and standard library
// run as native code instead of their wasm loops.
//
// Some Go functions compile to the same wasm in every program a Go release
// builds: the runtime's memory moves and clears, math/big's vector
// arithmetic. They are where Go's heaviest code spends its time, as loops
// of many dispatches per word. The translator recognises them by their
// body's fingerprint (fingerprint.h), never by name, and puts a NATIVE
// instruction at their entry.
//
// A routine either performs the whole call with exactly the effect its wasm
// body would have (memory, globals, result) and returns, or declines, and
// the wasm body runs as if the routine were not there. It declines whenever
// the call is not the plain case: a resumed Go frame, a goroutine stack
// near its guard, an argument range outside memory or overlapping the Go
// stack, a length that would make the wasm wrap around. So every trap, every
// stack growth and every odd case happens in the wasm itself, where it
// happens without native routines; the native code handles only the case
// whose effect is easy to state and to test (tests/native_routines_test.cpp
// compares both ways on random inputs).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "code.h"
#include "fingerprint.h"
#include "gowasm/module.h"

namespace gowasm::interp::native {

// What a routine sees of the call: the function's parameter slots (results
// go to the first slots, as RETURN expects), the linear memory and the
// instance's globals.
struct NativeCall {
  Slot* params;
  uint8_t* mem;
  uint64_t mem_size;
  uint64_t* const* globals;
  // The data addresses in the function's body (Fingerprinter::Body): where
  // the tables it reads are in this program.
  std::span<const uint64_t> data;
};

// A call in a routine's body that its native code stands for: the
// `ordinal`-th call (from 0) must be to a function that is routine `name`.
struct RoutineCall {
  uint32_t ordinal;
  std::string_view name;
};

struct NativeRoutine {
  std::string_view name;  // the Go function, as Go's name section spells it ("math_big.addVV_g")
  // Performs the call and returns true, or returns false having changed nothing.
  bool (*run)(const NativeCall& call);
  // The bodies it stands for: one fingerprint per Go release that compiles
  // the function differently.
  std::span<const uint64_t> fingerprints;
  // The calls it stands for (its other calls are made only where it
  // declines: a panic, morestack).
  std::span<const RoutineCall> calls = {};
};

// The routine defined function `function_index` is, with the data
// addresses its body holds; a null routine when it is none.
NativeEntry find_native_routine(const Fingerprinter& fingerprints, uint32_t function_index);

}  // namespace gowasm::interp::native
