// The routines and the fingerprints of the bodies they stand for. To add a
// Go release: build a program that uses the function with it, and take the
// function's fingerprint from `gowasm-dump --fingerprints`; then run
// native_routines_test with that release (tests/go_toolchains.txt).
#include "routines.h"

#include <algorithm>

#include "math_big.h"
#include "runtime_memory.h"
#include "sha256_block.h"

namespace gowasm::interp::native {
namespace {

// Go 1.19
constexpr uint64_t kMemmove[] = {0x80c53053f8b585e3};
constexpr uint64_t kMemclr[] = {0x9a9e3ff360ea981b};
constexpr uint64_t kWasmMove[] = {0xb4a1ab2ad1095eb5};
constexpr uint64_t kWasmZero[] = {0x29e7d4cd31b56574};
constexpr uint64_t kMul64[] = {0x41c748a41a6cca64};
constexpr uint64_t kMulAddWWW[] = {0xbde55f7b29cf5fbd};
constexpr uint64_t kAddVVShortest[] = {0xd27413ff9eb77e80};
constexpr uint64_t kSubVVShortest[] = {0xd274db4393a36f5d};
constexpr uint64_t kMulAddVWWShortest[] = {0x1ca28c119ec848d3};
constexpr uint64_t kSha256Block119[] = {0x5d1f9adff60069f7};
constexpr uint64_t kAddMulVVW[] = {0x597de0afbbc05466};
// Go 1.26.8, then Go 1.27.3
constexpr uint64_t kAddVVEqual[] = {0xfb2e202d1df526f2, 0xfb2eb545e78ea770};
constexpr uint64_t kSubVVEqual[] = {0xfb2e6c42cbb451af, 0xfb2e29f38090811f};
constexpr uint64_t kMulAddVWWEqual[] = {0x62bad255e593b458, 0x62ba938166946cc4};
constexpr uint64_t kSha256Block[] = {0xcaf2d28ce6d1633a, 0xcaf265e1e7f8a8f2};
constexpr uint64_t kAddMulVVWW[] = {0x90e48338efaa8eae, 0x90e4a560b3cbeb77};

// The calls Go 1.19's routines stand for, after morestack (call 0).
constexpr RoutineCall kCallsMul64[] = {{1, "math_bits.Mul64"}};
constexpr RoutineCall kCallsMulAddWWW[] = {{1, "math_big.mulAddWWW_g"}};
constexpr RoutineCall kCallsWasmZero[] = {{1, "runtime.wasmZero"}};  // clearing its frame

const NativeRoutine kRoutines[] = {
    {"runtime.memmove", memmove, kMemmove},
    {"runtime.memclrNoHeapPointers", memclr, kMemclr},
    {"runtime.wasmMove", wasm_move, kWasmMove},
    {"runtime.wasmZero", wasm_zero, kWasmZero},
    {"math_bits.Mul64", mul64, kMul64},
    {"math_big.mulAddWWW_g", mul_add_www, kMulAddWWW, kCallsMul64},
    {"math_big.addVV_g", add_or_sub_vv<false, false>, kAddVVShortest},
    {"math_big.subVV_g", add_or_sub_vv<true, false>, kSubVVShortest},
    {"math_big.mulAddVWW_g", mul_add_vww<false>, kMulAddVWWShortest, kCallsMulAddWWW},
    {"math_big.addMulVVW_g", add_mul_vvw, kAddMulVVW, kCallsMulAddWWW},
    {"crypto_sha256.blockGeneric", sha256_block<true>, kSha256Block119, kCallsWasmZero},
    {"math_big.addVV_g", add_or_sub_vv<false, true>, kAddVVEqual},
    {"math_big.subVV_g", add_or_sub_vv<true, true>, kSubVVEqual},
    {"math_big.mulAddVWW_g", mul_add_vww<true>, kMulAddVWWEqual},
    {"math_big.addMulVVWW_g", add_mul_vvww, kAddMulVVWW},
    {"crypto_internal_fips140_sha256.blockGeneric", sha256_block<false>, kSha256Block},
};

}  // namespace

NativeEntry find_native_routine(const Fingerprinter& fingerprints, uint32_t function_index) {
  const auto known_key = [&](uint16_t key) {
    return std::any_of(std::begin(kRoutines), std::end(kRoutines), [&](const NativeRoutine& r) {
      return std::any_of(r.fingerprints.begin(), r.fingerprints.end(),
                         [&](uint64_t f) { return f >> 48 == key; });
    });
  };
  if (!known_key(fingerprints.signature_key(function_index, -1)) &&
      !known_key(fingerprints.signature_key(function_index, 0)) &&
      !known_key(fingerprints.signature_key(function_index, 1))) {
    return {};
  }
  Fingerprinter::Body body = fingerprints.read(function_index);
  if (body.fingerprint == 0) return {};
  for (const NativeRoutine& routine : kRoutines) {
    if (std::find(routine.fingerprints.begin(), routine.fingerprints.end(), body.fingerprint) ==
        routine.fingerprints.end()) {
      continue;
    }
    const bool calls_match =
        std::all_of(routine.calls.begin(), routine.calls.end(), [&](const RoutineCall& call) {
          if (call.ordinal >= body.callees.size()) return false;
          const uint32_t callee = body.callees[call.ordinal];
          if (callee < fingerprints.module().imported_function_count()) return false;
          const NativeRoutine* found = find_native_routine(fingerprints, callee).routine;
          return found && found->name == call.name;
        });
    if (calls_match) return {&routine, std::move(body.data_addresses)};
  }
  return {};
}

}  // namespace gowasm::interp::native
