// math/big's pure-Go vector arithmetic (arith.go's _g functions, which
// GOARCH=wasm uses since it has no assembly for them) and the word
// operations they call. Each loop is the Go source's, element by element in
// the same order, so aliasing slices (z sharing x's array, shifted or not)
// give what the wasm gives.
#include "math_big.h"

#include "go_frame.h"

namespace gowasm::interp::native {
namespace {

__extension__ typedef unsigned __int128 u128;  // GCC and Clang: 64x64 -> 128 in one multiply

// hi, lo = x*y + c (math/big's mulAddWWW_g).
inline void mul_add(uint64_t x, uint64_t y, uint64_t c, uint64_t& hi, uint64_t& lo) {
  const u128 product = u128(x) * y + c;
  hi = uint64_t(product >> 64);
  lo = uint64_t(product);
}

// The smallest of the lengths of the slices at the given words, none
// negative: Go 1.19's loops run `i < len(z) && i < len(x) ...`.
template <class... Words>
int64_t shortest(const GoFrame& frame, Words... slices) {
  int64_t n = INT64_MAX;
  for (uint32_t index : {uint32_t(slices)...}) n = std::min(n, frame.length(index));
  return std::max<int64_t>(n, 0);
}

// z = x ± y with carry or borrow, over n elements; returns the final one.
template <bool kSubtract>
uint64_t add_or_sub_vectors(const GoFrame& frame, uint32_t z, uint32_t x, uint32_t y, uint64_t n) {
  uint64_t carry = 0;
  for (uint64_t i = 0; i < n; ++i) {
    const uint64_t a = frame.load(x + 8 * i), b = frame.load(y + 8 * i);
    if constexpr (kSubtract) {
      const u128 difference = u128(a) - b - carry;
      carry = uint64_t(difference >> 64) & 1;
      frame.store(z + 8 * i, uint64_t(difference));
    } else {
      const u128 sum = u128(a) + b + carry;
      carry = uint64_t(sum >> 64);
      frame.store(z + 8 * i, uint64_t(sum));
    }
  }
  return carry;
}

// z = x*y + c, returning the final carry (mulAddVWW_g's loop).
uint64_t mul_add_vector(const GoFrame& frame, uint32_t z, uint32_t x, uint64_t y, uint64_t c,
                        uint64_t n) {
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t lo;
    mul_add(frame.load(x + 8 * i), y, c, c, lo);
    frame.store(z + 8 * i, lo);
  }
  return c;
}

// z = x + y*m + c, returning the final carry (addMulVVW_g's and
// addMulVVWW_g's loop: x is z itself in the first).
uint64_t add_mul_vector(const GoFrame& frame, uint32_t z, uint32_t x, uint32_t y, uint64_t m,
                        uint64_t c, uint64_t n) {
  for (uint64_t i = 0; i < n; ++i) {
    uint64_t z1, z0;
    mul_add(frame.load(y + 8 * i), m, frame.load(x + 8 * i), z1, z0);
    const uint64_t lo = z0 + c;
    c = z1 + (lo < z0);
    frame.store(z + 8 * i, lo);
  }
  return c;
}

}  // namespace

// func Mul64(x, y uint64) (hi, lo uint64)
bool mul64(const NativeCall& call) {
  const auto frame = GoFrame::enter(call, 4);
  if (!frame) return false;
  const u128 product = u128(frame->word(0)) * frame->word(1);
  frame->set_word(2, uint64_t(product >> 64));
  frame->set_word(3, uint64_t(product));
  frame->finish();
  return true;
}

// func mulAddWWW_g(x, y, c Word) (z1, z0 Word)
bool mul_add_www(const NativeCall& call) {
  const auto frame = GoFrame::enter(call, 5);
  if (!frame) return false;
  uint64_t hi, lo;
  mul_add(frame->word(0), frame->word(1), frame->word(2), hi, lo);
  frame->set_word(3, hi);
  frame->set_word(4, lo);
  frame->finish();
  return true;
}

// func addVV_g(z, x, y []Word) (c Word), and subVV_g: Go 1.19 runs over
// the shortest slice, later releases panic unless the lengths agree.
template <bool kSubtract, bool kEqualLengths>
bool add_or_sub_vv(const NativeCall& call) {
  const auto frame = GoFrame::enter(call, 10);
  if (!frame) return false;
  const int64_t n = shortest(*frame, 0, 3, 6);
  if (kEqualLengths &&
      (frame->length(3) != frame->length(0) || frame->length(6) != frame->length(0))) {
    return false;  // the panic
  }
  const auto z = frame->elements(0, n), x = frame->elements(3, n), y = frame->elements(6, n);
  if (!z || !x || !y) return false;
  frame->set_word(9, add_or_sub_vectors<kSubtract>(*frame, *z, *x, *y, uint64_t(n)));
  frame->finish();
  return true;
}
template bool add_or_sub_vv<false, false>(const NativeCall&);
template bool add_or_sub_vv<true, false>(const NativeCall&);
template bool add_or_sub_vv<false, true>(const NativeCall&);
template bool add_or_sub_vv<true, true>(const NativeCall&);

// func mulAddVWW_g(z, x []Word, y, r Word) (c Word): Go 1.19 runs over the
// shorter slice, Go 1.26 panics unless the lengths agree.
template <bool kEqualLengths>
bool mul_add_vww(const NativeCall& call) {
  const auto frame = GoFrame::enter(call, 9);
  if (!frame) return false;
  int64_t n = shortest(*frame, 0, 3);
  if (kEqualLengths && frame->length(0) != frame->length(3)) return false;  // the panic
  const auto z = frame->elements(0, n), x = frame->elements(3, n);
  if (!z || !x) return false;
  frame->set_word(8, mul_add_vector(*frame, *z, *x, frame->word(6), frame->word(7), uint64_t(n)));
  frame->finish();
  return true;
}
template bool mul_add_vww<false>(const NativeCall&);
template bool mul_add_vww<true>(const NativeCall&);

// Go 1.19: func addMulVVW_g(z, x []Word, y Word) (c Word): z += x*y.
bool add_mul_vvw(const NativeCall& call) {
  const auto frame = GoFrame::enter(call, 8);
  if (!frame) return false;
  const int64_t n = shortest(*frame, 0, 3);
  const auto z = frame->elements(0, n), x = frame->elements(3, n);
  if (!z || !x) return false;
  frame->set_word(7, add_mul_vector(*frame, *z, *z, *x, frame->word(6), 0, uint64_t(n)));
  frame->finish();
  return true;
}

// Go 1.26: func addMulVVWW_g(z, x, y []Word, m, a Word) (c Word): z = x + y*m + a.
bool add_mul_vvww(const NativeCall& call) {
  const auto frame = GoFrame::enter(call, 12);
  if (!frame) return false;
  const int64_t n = frame->length(0);
  if (frame->length(3) != n || frame->length(6) != n) return false;  // the panic
  const auto z = frame->elements(0, n), x = frame->elements(3, n), y = frame->elements(6, n);
  if (!z || !x || !y) return false;
  frame->set_word(11,
                  add_mul_vector(*frame, *z, *x, *y, frame->word(9), frame->word(10), uint64_t(n)));
  frame->finish();
  return true;
}

}  // namespace gowasm::interp::native
