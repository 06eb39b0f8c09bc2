// The counting build (cmake -DGOWASM_COUNT_DISPATCH=ON): every dispatch of
// the executor is counted by handler, by pair of consecutive handlers and
// by the guest function it runs in; the counts are written at exit to
// $GOWASM_DISPATCH_COUNTS (or stderr). It is for finding what to optimise
// (bench/README.md), and slow: an ordinary build has none of it.
#pragma once

#include <cstdint>

namespace gowasm {
class Module;
}

namespace gowasm::interp::dispatch_counts {

// One dispatch of `handler` in function `function` of `module` (~0u: in
// none, as when an activation ends).
void count(const void* handler, const Module& module, uint32_t function);
// `module` is going away: its functions' counts are kept under their names.
void forget(const Module& module);

}  // namespace gowasm::interp::dispatch_counts
