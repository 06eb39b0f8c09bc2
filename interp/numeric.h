// The WebAssembly 2.0 numeric instructions whose meaning is not simply the
// C++ operator: integer division and remainder (which trap), shifts and
// rotations (whose count is taken modulo the width), bit counts, sign
// extension, float min/max and rounding (NaN and signed-zero rules that
// <cmath> does not follow), the sign-bit operations (which must not touch NaN
// payloads), and the float/integer conversions (exact trapping ranges,
// saturation, correctly rounded int-to-float). The executor's instruction
// handlers call these on their hot path, so everything here is inline, never
// throws and never allocates; operations that can trap return false and name
// the trap through an out-parameter. Instructions that are the plain C++
// operator on the right type (add, eq, f32.add, ...) have no helper here.
// Everything assumes IEEE 754 types and the default round-to-nearest-even
// mode, which is all WebAssembly knows.
#pragma once

#include <bit>
#include <cmath>
#include <concepts>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "gowasm/trap.h"

namespace gowasm::numeric {

static_assert(std::numeric_limits<float>::is_iec559 && std::numeric_limits<double>::is_iec559,
              "WebAssembly floats are IEEE 754 binary32 and binary64");

// The exact C++ types of WebAssembly values, so that a call with a stray
// `int` or `long long` fails to compile instead of converting silently.
template <class T>
concept WasmSigned = std::same_as<T, int32_t> || std::same_as<T, int64_t>;
template <class T>
concept WasmUnsigned = std::same_as<T, uint32_t> || std::same_as<T, uint64_t>;
template <class T>
concept WasmInt = WasmSigned<T> || WasmUnsigned<T>;
template <class T>
concept WasmFloat = std::same_as<T, float> || std::same_as<T, double>;

// The unsigned integer with the same bits as a float type.
template <WasmFloat F>
using FloatBits = std::conditional_t<sizeof(F) == 4, uint32_t, uint64_t>;

// ---------------------------------------------------------------------------
// Reinterpretation (i32.reinterpret_f32, f64.reinterpret_i64, ...).

template <WasmFloat F>
constexpr FloatBits<F> bits(F x) {
  return std::bit_cast<FloatBits<F>>(x);
}
template <WasmFloat F>
constexpr F from_bits(FloatBits<F> b) {
  return std::bit_cast<F>(b);
}

// ---------------------------------------------------------------------------
// Integer division and remainder. On a trap `out` is left untouched.

template <WasmSigned T>
constexpr bool div_s(T a, T b, T& out, TrapKind& trap) {
  if (b == 0) [[unlikely]] {
    trap = TrapKind::IntegerDivideByZero;
    return false;
  }
  // MIN / -1 is the one quotient that does not fit; in C++ it is undefined
  // behaviour and on x86 the idiv instruction faults.
  if (a == std::numeric_limits<T>::min() && b == -1) [[unlikely]] {
    trap = TrapKind::IntegerOverflow;
    return false;
  }
  out = a / b;
  return true;
}

template <WasmUnsigned T>
constexpr bool div_u(T a, T b, T& out, TrapKind& trap) {
  if (b == 0) [[unlikely]] {
    trap = TrapKind::IntegerDivideByZero;
    return false;
  }
  out = a / b;
  return true;
}

template <WasmSigned T>
constexpr bool rem_s(T a, T b, T& out, TrapKind& trap) {
  if (b == 0) [[unlikely]] {
    trap = TrapKind::IntegerDivideByZero;
    return false;
  }
  // WebAssembly defines MIN % -1 as 0; in C++ it is undefined and idiv
  // faults on it, and any x % -1 is 0 anyway.
  out = b == -1 ? T(0) : T(a % b);
  return true;
}

template <WasmUnsigned T>
constexpr bool rem_u(T a, T b, T& out, TrapKind& trap) {
  if (b == 0) [[unlikely]] {
    trap = TrapKind::IntegerDivideByZero;
    return false;
  }
  out = a % b;
  return true;
}

// ---------------------------------------------------------------------------
// Shifts and rotations. The count is an operand of the value's own type and
// only its low log2(width) bits count; shifting by >= width in C++ is
// undefined, so the mask is not optional. Either signedness of T is accepted
// because only the bits matter; the count converts to T modulo 2^width.

namespace detail {
template <WasmInt T>
using Unsigned = std::make_unsigned_t<T>;
template <WasmInt T>
constexpr unsigned shift_count(T count) {
  return unsigned(Unsigned<T>(count) & (sizeof(T) * 8 - 1));
}
}  // namespace detail

template <WasmInt T>
constexpr T shl(T a, std::type_identity_t<T> count) {
  return T(detail::Unsigned<T>(a) << detail::shift_count(count));
}
template <WasmInt T>
constexpr T shr_s(T a, std::type_identity_t<T> count) {
  // C++20 defines >> on negative signed values as the arithmetic shift.
  return T(std::make_signed_t<T>(a) >> detail::shift_count(count));
}
template <WasmInt T>
constexpr T shr_u(T a, std::type_identity_t<T> count) {
  return T(detail::Unsigned<T>(a) >> detail::shift_count(count));
}
template <WasmInt T>
constexpr T rotl(T a, std::type_identity_t<T> count) {
  return T(std::rotl(detail::Unsigned<T>(a), int(detail::shift_count(count))));
}
template <WasmInt T>
constexpr T rotr(T a, std::type_identity_t<T> count) {
  return T(std::rotr(detail::Unsigned<T>(a), int(detail::shift_count(count))));
}

// ---------------------------------------------------------------------------
// Bit counts; clz and ctz of 0 are the width (std::countl_zero agrees, the
// bsr/bsf instructions and __builtin_clz do not).

template <WasmInt T>
constexpr T clz(T a) {
  return T(std::countl_zero(detail::Unsigned<T>(a)));
}
template <WasmInt T>
constexpr T ctz(T a) {
  return T(std::countr_zero(detail::Unsigned<T>(a)));
}
template <WasmInt T>
constexpr T popcnt(T a) {
  return T(std::popcount(detail::Unsigned<T>(a)));
}

// ---------------------------------------------------------------------------
// Sign extension (i32.extend8_s, i64.extend32_s, ...) and the i32 <-> i64
// moves. Narrowing to a signed type is modular since C++20.

template <WasmInt T>
constexpr T extend8_s(T a) {
  return T(int8_t(a));
}
template <WasmInt T>
constexpr T extend16_s(T a) {
  return T(int16_t(a));
}
template <WasmInt T>
requires(sizeof(T) == 8) constexpr T extend32_s(T a) {
  return T(int32_t(a));
}

constexpr int64_t extend_i32_s(int32_t a) {
  return a;
}
constexpr uint64_t extend_i32_u(uint32_t a) {
  return a;
}
constexpr uint32_t wrap_i64(uint64_t a) {
  return uint32_t(a);
}

// ---------------------------------------------------------------------------
// Float operations. The public functions are plain float and double
// overloads, not templates: in a scope with `using namespace` on this
// namespace, a call like floor(x) is then ambiguous with ::floor and fails to
// compile, where a template would silently lose to the <cmath> function and
// bring back the NaN behaviour these exist to avoid. The generic bodies live
// in `detail`.

namespace detail {
template <WasmFloat F>
inline constexpr FloatBits<F> kSignBit = FloatBits<F>(1) << (sizeof(F) * 8 - 1);

// abs, neg and copysign are defined on the bit pattern: a NaN keeps its
// payload and even its signalling bit. IEEE 754 defines fabs, negation and
// copysign the same way, and with SSE they are single and/xor/or
// instructions on the vector register; the integer form is kept for
// constant evaluation, where <cmath> is not constexpr.
template <WasmFloat F>
constexpr F abs(F x) {
  if (std::is_constant_evaluated()) return from_bits<F>(bits(x) & ~kSignBit<F>);
  return std::fabs(x);
}
template <WasmFloat F>
constexpr F neg(F x) {
  if (std::is_constant_evaluated()) return from_bits<F>(bits(x) ^ kSignBit<F>);
  return -x;
}
template <WasmFloat F>
constexpr F copysign(F magnitude, F sign) {
  if (std::is_constant_evaluated()) {
    return from_bits<F>((bits(magnitude) & ~kSignBit<F>) | (bits(sign) & kSignBit<F>));
  }
  return std::copysign(magnitude, sign);
}

// A NaN with its quiet bit set and its payload kept, as hardware arithmetic
// returns it. Done on the bits because GCC, which assumes no signalling NaNs
// by default, may fold x + 0.0 to x, and its inline expansion of
// std::floor/ceil/trunc returns a NaN untouched.
template <WasmFloat F>
constexpr F quiet_nan(F x) {
  constexpr FloatBits<F> kQuietBit = FloatBits<F>(1) << (std::numeric_limits<F>::digits - 2);
  return from_bits<F>(bits(x) | kQuietBit);
}

// Unlike std::fmin/fmax (which drop a NaN operand) and x86's minss (which
// returns the second operand for NaNs and for ±0), WebAssembly's min and max
// return NaN if either operand is NaN and order -0 below +0.
template <WasmFloat F>
constexpr F min(F a, F b) {
  // The sum of a NaN and anything is a NaN carrying an operand's payload,
  // which WebAssembly allows ("arithmetic NaN") once it is quiet.
  if (a != a || b != b) [[unlikely]]
    return quiet_nan(a + b);
  // Equal operands differ at most in the sign of zero; OR-ing the bits
  // picks -0 when either is -0 and is the identity otherwise.
  if (a == b) return from_bits<F>(bits(a) | bits(b));
  return a < b ? a : b;
}
template <WasmFloat F>
constexpr F max(F a, F b) {
  if (a != a || b != b) [[unlikely]]
    return quiet_nan(a + b);
  // AND-ing the bits picks +0 when either is +0.
  if (a == b) return from_bits<F>(bits(a) & bits(b));
  return a > b ? a : b;
}

// 2^n as a compile-time constant (std::ldexp is not constexpr in C++20).
template <WasmFloat F>
constexpr F pow2(int n) {
  F r = 1;
  for (int i = 0; i < n; ++i) r *= 2;
  return r;
}

// From this magnitude on every value of F is an integer: 2^23 or 2^52.
template <WasmFloat F>
inline constexpr F kNoFraction = pow2<F>(std::numeric_limits<F>::digits - 1);
// A signed integer that holds every integral F value below kNoFraction.
template <WasmFloat F>
using RoundingInt = std::conditional_t<sizeof(F) == 4, int32_t, int64_t>;

// ceil, floor, trunc and nearest are written out rather than taken from
// <cmath>: without SSE4.1, GCC's inline std::floor returns a signalling NaN
// untouched, where WebAssembly wants it quietened as by any arithmetic
// instruction, and Clang's std::floor and everyone's std::nearbyint are libm
// calls. Each handles |x| < 2^(mantissa bits) with a few SSE2 instructions;
// anything larger is already integral. The sign of a zero result follows x
// (ceil(-0.5) is -0), as the specification requires.

// Truncation toward zero through the integer conversion (cvttss2si), with
// the sign put back so that -0.5 gives -0; only for |x| < kNoFraction.
template <WasmFloat F>
constexpr F trunc_small(F x) {
  return copysign(F(RoundingInt<F>(x)), x);
}

template <WasmFloat F>
constexpr F trunc(F x) {
  if (x != x) [[unlikely]]
    return quiet_nan(x);
  if (abs(x) < kNoFraction<F>) return trunc_small(x);
  return x;
}

template <WasmFloat F>
constexpr F floor(F x) {
  if (x != x) [[unlikely]]
    return quiet_nan(x);
  if (abs(x) < kNoFraction<F>) {
    F t = trunc_small(x);
    // t > x means x < t <= 0 (truncation moved x up), so t - 1 <= -1:
    // never a zero whose sign would need fixing. Likewise for ceil below.
    return t > x ? t - F(1) : t;
  }
  return x;
}

template <WasmFloat F>
constexpr F ceil(F x) {
  if (x != x) [[unlikely]]
    return quiet_nan(x);
  if (abs(x) < kNoFraction<F>) {
    F t = trunc_small(x);
    return t < x ? t + F(1) : t;
  }
  return x;
}

// Round half to even. Adding and subtracting 2^(mantissa bits) makes the FPU
// round the fraction away in the current mode, which is WebAssembly's
// round-to-nearest-even (WebAssembly has no other mode).
template <WasmFloat F>
constexpr F nearest(F x) {
  if (x != x) [[unlikely]]
    return quiet_nan(x);
  constexpr F k = kNoFraction<F>;
  F magnitude = abs(x);
  if (magnitude < k) return copysign((magnitude + k) - k, x);
  return x;
}
}  // namespace detail

constexpr float abs(float x) {
  return detail::abs(x);
}
constexpr double abs(double x) {
  return detail::abs(x);
}
constexpr float neg(float x) {
  return detail::neg(x);
}
constexpr double neg(double x) {
  return detail::neg(x);
}
constexpr float copysign(float x, float sign) {
  return detail::copysign(x, sign);
}
constexpr double copysign(double x, double sign) {
  return detail::copysign(x, sign);
}
constexpr float min(float a, float b) {
  return detail::min(a, b);
}
constexpr double min(double a, double b) {
  return detail::min(a, b);
}
constexpr float max(float a, float b) {
  return detail::max(a, b);
}
constexpr double max(double a, double b) {
  return detail::max(a, b);
}
constexpr float trunc(float x) {
  return detail::trunc(x);
}
constexpr double trunc(double x) {
  return detail::trunc(x);
}
constexpr float floor(float x) {
  return detail::floor(x);
}
constexpr double floor(double x) {
  return detail::floor(x);
}
constexpr float ceil(float x) {
  return detail::ceil(x);
}
constexpr double ceil(double x) {
  return detail::ceil(x);
}
constexpr float nearest(float x) {
  return detail::nearest(x);
}
constexpr double nearest(double x) {
  return detail::nearest(x);
}
// sqrtss/sqrtsd: correctly rounded, and quietens NaNs.
inline float sqrt(float x) {
  return std::sqrt(x);
}
inline double sqrt(double x) {
  return std::sqrt(x);
}

// ---------------------------------------------------------------------------
// Float <-> float. With SSE (x86-64) the casts round to nearest-even,
// overflow to infinity and quieten NaNs, exactly as WebAssembly requires.

constexpr float demote(double x) {
  return static_cast<float>(x);
}
constexpr double promote(float x) {
  return static_cast<double>(x);
}

// ---------------------------------------------------------------------------
// Float -> integer truncation (i32.trunc_f32_s ... i64.trunc_f64_u and the
// trunc_sat forms). The range is the open interval (MIN - 1, MAX + 1) of the
// real numbers, which must be tested on x itself, before truncation, with
// bounds that are exact in F.

namespace detail {
// True when x >= MIN of I after truncation toward zero, i.e. x > MIN - 1.
template <WasmInt I, WasmFloat F>
constexpr bool above_min(F x) {
  if constexpr (std::is_unsigned_v<I>) {
    return x > F(-1);  // -0.9 truncates to 0 and is accepted
  } else {
    constexpr int kWidth = sizeof(I) * 8;
    constexpr F kMin = -pow2<F>(kWidth - 1);
    if constexpr (std::numeric_limits<F>::digits >= kWidth) {
      // MIN - 1 is exact in F (i32 from f64): values in (MIN - 1, MIN) count.
      return x > kMin - F(1);
    } else {
      // F has no values strictly between MIN - 1 and MIN (its spacing there
      // is at least 2), so the bound is MIN itself, inclusive.
      return x >= kMin;
    }
  }
}

// True when x < MAX + 1 of I; MAX + 1 is a power of two, exact in any F.
template <WasmInt I, WasmFloat F>
constexpr bool below_max(F x) {
  constexpr int kValueBits = std::numeric_limits<I>::digits;  // 31 for int32_t, 32 for uint32_t
  return x < pow2<F>(kValueBits);
}
}  // namespace detail

// The trapping truncation; the type of `out` selects the instruction:
// trunc_int(float, uint32_t&, ...) is i32.trunc_f32_u.
template <WasmInt I, WasmFloat F>
constexpr bool trunc_int(F x, I& out, TrapKind& trap) {
  // Both comparisons are false for NaN, which therefore takes the slow path.
  if (detail::above_min<I>(x) && detail::below_max<I>(x)) [[likely]] {
    out = static_cast<I>(x);
    return true;
  }
  trap = x != x ? TrapKind::InvalidConversionToInteger : TrapKind::IntegerOverflow;
  return false;
}

// The saturating truncation (i32.trunc_sat_f32_s, ...): NaN gives 0, values
// beyond the range give MIN or MAX.
template <WasmInt I, WasmFloat F>
constexpr I trunc_sat(F x) {
  if (detail::above_min<I>(x) && detail::below_max<I>(x)) [[likely]]
    return static_cast<I>(x);
  if (x != x) return 0;
  return x < 0 ? std::numeric_limits<I>::min() : std::numeric_limits<I>::max();
}

// ---------------------------------------------------------------------------
// Integer -> float (f32.convert_i64_u, ...): round to nearest-even, once.
// Going through double first would round twice and be wrong for some i64
// -> f32 inputs. The direct conversion is correct with GCC and Clang on
// x86-64: cvtsi2ss/sd for signed sources, and for u64 sources a halving
// sequence that keeps the dropped bit as a sticky bit.

template <WasmFloat F, WasmInt I>
constexpr F convert(I x) {
  return static_cast<F>(x);
}

}  // namespace gowasm::numeric
