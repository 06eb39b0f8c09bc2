// The routines and the fingerprints of the bodies they stand for. To add a
// Go release: build a program that uses the function with it, and take the
// function's fingerprint from `gowasm-dump --fingerprints`; then run
// native_routines_test with that release (tests/go_toolchains.txt).
#include "routines.h"

#include "math_big.h"
#include "runtime_memory.h"
#include "sha256_block.h"

namespace gowasm::interp::native {
namespace {

// Go 1.19
constexpr uint64_t kMemmove[] = {0x587e4b4c49660539};
constexpr uint64_t kMemclr[] = {0x314ff91b576d77a4};
constexpr uint64_t kWasmMove[] = {0xabec05a864aa6a81};
constexpr uint64_t kWasmZero[] = {0x8afa197ac6da6bfa};
constexpr uint64_t kMul64[] = {0xd5d441472a612cb9};
constexpr uint64_t kMulAddWWW[] = {0xbb80b7957dbb0d67};
constexpr uint64_t kAddVVShortest[] = {0x56a519d751897fad};
constexpr uint64_t kSubVVShortest[] = {0x746ba8c458521e76};
constexpr uint64_t kMulAddVWWShortest[] = {0x3f34e5aa74e4970c};
constexpr uint64_t kSha256Block119[] = {0x5066f56cd1ace206};
constexpr uint64_t kAddMulVVW[] = {0x87a74cb54e071c38};
// Go 1.26.8, then Go 1.27.3
constexpr uint64_t kAddVVEqual[] = {0x2fbedba73013118b, 0x30e96c112efc1dd9};
constexpr uint64_t kSubVVEqual[] = {0x8590fa25845fd624, 0xa6617cc3cf70f598};
constexpr uint64_t kMulAddVWWEqual[] = {0x871ca16df76fc4ed, 0xc289497d17cf4241};
constexpr uint64_t kSha256Block[] = {0x3b6c7bf1f3e28ed7, 0xcef962875e26cb9b};
constexpr uint64_t kAddMulVVWW[] = {0xc904426db106a0f1, 0x6914180ba047e0ec};

const NativeRoutine kRoutines[] = {
    {"runtime.memmove", memmove, kMemmove},
    {"runtime.memclrNoHeapPointers", memclr, kMemclr},
    {"runtime.wasmMove", wasm_move, kWasmMove},
    {"runtime.wasmZero", wasm_zero, kWasmZero},
    {"math_bits.Mul64", mul64, kMul64},
    {"math_big.mulAddWWW_g", mul_add_www, kMulAddWWW},
    {"math_big.addVV_g", add_or_sub_vv_shortest<false>, kAddVVShortest},
    {"math_big.subVV_g", add_or_sub_vv_shortest<true>, kSubVVShortest},
    {"math_big.mulAddVWW_g", mul_add_vww<false>, kMulAddVWWShortest},
    {"math_big.addMulVVW_g", add_mul_vvw, kAddMulVVW},
    {"crypto_sha256.blockGeneric", sha256_block<true>, kSha256Block119},
    {"math_big.addVV_g", add_or_sub_vv_equal<false>, kAddVVEqual},
    {"math_big.subVV_g", add_or_sub_vv_equal<true>, kSubVVEqual},
    {"math_big.mulAddVWW_g", mul_add_vww<true>, kMulAddVWWEqual},
    {"math_big.addMulVVWW_g", add_mul_vvww, kAddMulVVWW},
    {"crypto_internal_fips140_sha256.blockGeneric", sha256_block<false>, kSha256Block},
};

}  // namespace

const NativeRoutine* find_native_routine(const Fingerprinter& fingerprints,
                                         uint32_t function_index) {
  return native_routine_with(fingerprints(function_index));
}

const NativeRoutine* native_routine_with(uint64_t fingerprint) {
  if (fingerprint == 0) return nullptr;
  for (const NativeRoutine& routine : kRoutines) {
    for (uint64_t known : routine.fingerprints) {
      if (known == fingerprint) return &routine;
    }
  }
  return nullptr;
}

}  // namespace gowasm::interp::native
