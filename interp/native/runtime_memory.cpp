// See runtime_memory.h. Each routine takes its fast path only where the wasm
// loop's effect is a plain memmove or memset; overlaps that make the wasm's
// word-by-word copy differ are copied word by word here too.
#include "runtime_memory.h"

#include <cstring>

#include "go_frame.h"

namespace gowasm::interp::native {
namespace {

// Copies `words` 8-byte words forward, one at a time, as wasmMove's loop
// does: when dst lies inside the source ahead of it, words already copied
// are copied again (a pattern repeats), which memmove would not do.
void copy_words_forward(uint8_t* mem, uint64_t dst, uint64_t src, uint64_t words) {
  if (dst <= src || dst >= src + 8 * words) {
    std::memmove(mem + dst, mem + src, 8 * words);
    return;
  }
  for (uint64_t i = 0; i < words; ++i) {
    uint64_t word;
    std::memcpy(&word, mem + src + 8 * i, 8);
    std::memcpy(mem + dst + 8 * i, &word, 8);
  }
}

}  // namespace

// func memmove(to, from unsafe.Pointer, n uintptr), Go 1.19: forward when
// to < from, else backward, by words then bytes. In bounds, either
// direction is exactly memmove.
bool memmove(const NativeCall& call) {
  const auto frame = GoFrame::enter(call, 3);
  if (!frame) return false;
  const uint64_t to = frame->word(0), from = frame->word(1), n = frame->word(2);
  if (!frame->bytes(to, n) || !frame->bytes(from, n)) return false;
  std::memmove(call.mem + to, call.mem + from, n);
  frame->finish();
  return true;
}

// func memclrNoHeapPointers(ptr unsafe.Pointer, n uintptr), Go 1.19: a byte loop.
bool memclr(const NativeCall& call) {
  const auto frame = GoFrame::enter(call, 2);
  if (!frame) return false;
  const uint64_t ptr = frame->word(0), n = frame->word(1);
  if (!frame->bytes(ptr, n)) return false;
  std::memset(call.mem + ptr, 0, n);
  frame->finish();
  return true;
}

// wasmMove(dst, src, words i32): copies, then counts down, so 0 words
// means 2^32 of them, a case left to the wasm.
bool wasm_move(const NativeCall& call) {
  const uint64_t dst = uint32_t(call.params[0]), src = uint32_t(call.params[1]),
                 words = uint32_t(call.params[2]);
  if (words == 0 || dst + 8 * words > call.mem_size || src + 8 * words > call.mem_size)
    return false;
  copy_words_forward(call.mem, dst, src, words);
  return true;
}

// wasmZero(dst, words i32), counting down as wasmMove does.
bool wasm_zero(const NativeCall& call) {
  const uint64_t dst = uint32_t(call.params[0]), words = uint32_t(call.params[1]);
  if (words == 0 || dst + 8 * words > call.mem_size) return false;
  std::memset(call.mem + dst, 0, 8 * words);
  return true;
}

}  // namespace gowasm::interp::native
