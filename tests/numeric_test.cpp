// The numeric helpers of interp/numeric.h against the WebAssembly 2.0
// semantics: the edge cases the official suite checks (traps, signed zeros,
// NaN payloads, exact truncation boundaries, double rounding) and
// property tests against slow reference implementations near every
// boundary. Inputs pass through `opaque` so that the compiler cannot fold a
// call at compile time and the code under test is the code the executor runs.
#include "interp/numeric.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace gowasm::numeric {
namespace {

template <class T>
T opaque(T value) {
  volatile T copy = value;
  return copy;
}

float f32(uint32_t b) {
  return from_bits<float>(b);
}
double f64(uint64_t b) {
  return from_bits<double>(b);
}

bool is_quiet_nan(float x) {
  return std::isnan(x) && (bits(x) & 0x00400000u) != 0;
}
bool is_quiet_nan(double x) {
  return std::isnan(x) && (bits(x) & 0x0008000000000000u) != 0;
}

constexpr float kInfF = std::numeric_limits<float>::infinity();
constexpr double kInf = std::numeric_limits<double>::infinity();
// Signalling NaNs (quiet bit clear, payload non-zero) and non-canonical quiet ones.
const float kSignallingNanF = f32(0x7fa00001);
const double kSignallingNan = f64(0x7ff4000000000001);
const float kQuietNanF = f32(0x7fc00005);
const double kQuietNan = f64(0x7ff8000000000005);

// ---------------------------------------------------------------------------
// Trap kinds

TEST(TrapKindTest, MessagesAreTheReferenceInterpreterWording) {
  EXPECT_EQ(trap_message(TrapKind::Unreachable), "unreachable executed");
  EXPECT_EQ(trap_message(TrapKind::IntegerDivideByZero), "integer divide by zero");
  EXPECT_EQ(trap_message(TrapKind::IntegerOverflow), "integer overflow");
  EXPECT_EQ(trap_message(TrapKind::InvalidConversionToInteger), "invalid conversion to integer");
  EXPECT_EQ(trap_message(TrapKind::OutOfBoundsMemoryAccess), "out of bounds memory access");
  EXPECT_EQ(trap_message(TrapKind::OutOfBoundsTableAccess), "out of bounds table access");
  EXPECT_EQ(trap_message(TrapKind::UndefinedElement), "undefined element");
  EXPECT_EQ(trap_message(TrapKind::UninitializedElement), "uninitialized element");
  EXPECT_EQ(trap_message(TrapKind::IndirectCallTypeMismatch), "indirect call type mismatch");
  EXPECT_EQ(trap_message(TrapKind::CallStackExhausted), "call stack exhausted");
}

// The spec runner accepts a trap when its message starts with the text of
// the `assert_trap`; these are all the texts the 2.0 suite uses.
TEST(TrapKindTest, EverySpecSuiteTrapTextIsAPrefixOfOneMessage) {
  const char* expected[] = {"unreachable",
                            "integer divide by zero",
                            "integer overflow",
                            "invalid conversion to integer",
                            "out of bounds memory access",
                            "out of bounds table access",
                            "undefined element",
                            "uninitialized element",
                            "indirect call type mismatch",
                            "call stack exhausted"};
  for (std::string_view text : expected) {
    int matches = 0;
    for (size_t k = 0; k < kTrapKindCount; ++k) {
      if (trap_message(TrapKind(k)).starts_with(text)) ++matches;
    }
    EXPECT_EQ(matches, 1) << text;
  }
}

TEST(TrapKindTest, EveryKindHasADistinctMessage) {
  std::set<std::string_view> seen;
  for (size_t k = 0; k < kTrapKindCount; ++k) {
    std::string_view message = trap_message(TrapKind(k));
    EXPECT_FALSE(message.empty()) << k;
    EXPECT_NE(message, "unknown trap") << k;
    EXPECT_TRUE(seen.insert(message).second) << message;
  }
  EXPECT_EQ(trap_message(TrapKind(kTrapKindCount)), "unknown trap");
}

// ---------------------------------------------------------------------------
// Division and remainder. Results are rendered as text, traps as their
// message, so that a failure shows both at once.

enum class DivOp { DivS, DivU, RemS, RemU };

template <class T>
std::string divide(DivOp op, T a, T b) {
  T out = T(12345);  // a trap must not be mistaken for a result
  TrapKind trap = TrapKind::Unreachable;
  bool ok = false;
  a = opaque(a);
  b = opaque(b);
  if constexpr (std::is_signed_v<T>) {
    ok = op == DivOp::DivS ? div_s(a, b, out, trap) : rem_s(a, b, out, trap);
  } else {
    ok = op == DivOp::DivU ? div_u(a, b, out, trap) : rem_u(a, b, out, trap);
  }
  if (!ok) {
    EXPECT_EQ(out, T(12345)) << "out written on a trap";
    return std::string(trap_message(trap));
  }
  return std::to_string(out);
}

constexpr int32_t kMin32 = std::numeric_limits<int32_t>::min();
constexpr int64_t kMin64 = std::numeric_limits<int64_t>::min();

TEST(DivisionTest, DivS32) {
  EXPECT_EQ(divide<int32_t>(DivOp::DivS, 7, 2), "3");
  EXPECT_EQ(divide<int32_t>(DivOp::DivS, -7, 2), "-3");  // toward zero, not floor
  EXPECT_EQ(divide<int32_t>(DivOp::DivS, 7, -2), "-3");
  EXPECT_EQ(divide<int32_t>(DivOp::DivS, -7, -2), "3");
  EXPECT_EQ(divide<int32_t>(DivOp::DivS, 0, -1), "0");
  EXPECT_EQ(divide<int32_t>(DivOp::DivS, 1, 0), "integer divide by zero");
  EXPECT_EQ(divide<int32_t>(DivOp::DivS, 0, 0), "integer divide by zero");
  EXPECT_EQ(divide<int32_t>(DivOp::DivS, kMin32, 0), "integer divide by zero");
  EXPECT_EQ(divide<int32_t>(DivOp::DivS, kMin32, -1), "integer overflow");
  EXPECT_EQ(divide<int32_t>(DivOp::DivS, kMin32, 1), "-2147483648");
  EXPECT_EQ(divide<int32_t>(DivOp::DivS, kMin32, 2), "-1073741824");
  EXPECT_EQ(divide<int32_t>(DivOp::DivS, kMin32 + 1, -1), "2147483647");
}

TEST(DivisionTest, DivS64) {
  EXPECT_EQ(divide<int64_t>(DivOp::DivS, -7, 2), "-3");
  EXPECT_EQ(divide<int64_t>(DivOp::DivS, 0x100000000LL, 2), "2147483648");
  EXPECT_EQ(divide<int64_t>(DivOp::DivS, 1, 0), "integer divide by zero");
  EXPECT_EQ(divide<int64_t>(DivOp::DivS, kMin64, -1), "integer overflow");
  // The i32 minimum is an ordinary i64.
  EXPECT_EQ(divide<int64_t>(DivOp::DivS, kMin32, -1), "2147483648");
  EXPECT_EQ(divide<int64_t>(DivOp::DivS, kMin64, 1), "-9223372036854775808");
}

TEST(DivisionTest, DivU) {
  EXPECT_EQ(divide<uint32_t>(DivOp::DivU, 0xffffffffu, 2), "2147483647");  // not -1 / 2
  EXPECT_EQ(divide<uint32_t>(DivOp::DivU, 0x80000000u, 0xffffffffu), "0");
  EXPECT_EQ(divide<uint32_t>(DivOp::DivU, 7, 0), "integer divide by zero");
  EXPECT_EQ(divide<uint64_t>(DivOp::DivU, 0xffffffffffffffffu, 2), "9223372036854775807");
  EXPECT_EQ(divide<uint64_t>(DivOp::DivU, 0x8000000000000000u, 0xffffffffffffffffu), "0");
  EXPECT_EQ(divide<uint64_t>(DivOp::DivU, 0x8000000000000000u, 0), "integer divide by zero");
}

TEST(DivisionTest, RemS) {
  EXPECT_EQ(divide<int32_t>(DivOp::RemS, -7, 2), "-1");  // sign of the dividend
  EXPECT_EQ(divide<int32_t>(DivOp::RemS, 7, -2), "1");
  EXPECT_EQ(divide<int32_t>(DivOp::RemS, -7, -2), "-1");
  EXPECT_EQ(divide<int32_t>(DivOp::RemS, kMin32, -1), "0");  // no trap
  EXPECT_EQ(divide<int32_t>(DivOp::RemS, kMin32, 2), "0");
  EXPECT_EQ(divide<int32_t>(DivOp::RemS, kMin32, 3), "-2");
  EXPECT_EQ(divide<int32_t>(DivOp::RemS, 5, -1), "0");
  EXPECT_EQ(divide<int32_t>(DivOp::RemS, 1, 0), "integer divide by zero");
  EXPECT_EQ(divide<int32_t>(DivOp::RemS, kMin32, 0), "integer divide by zero");
  EXPECT_EQ(divide<int64_t>(DivOp::RemS, kMin64, -1), "0");
  EXPECT_EQ(divide<int64_t>(DivOp::RemS, kMin64, 3), "-2");
  EXPECT_EQ(divide<int64_t>(DivOp::RemS, -7, 2), "-1");
  EXPECT_EQ(divide<int64_t>(DivOp::RemS, 1, 0), "integer divide by zero");
}

TEST(DivisionTest, RemU) {
  EXPECT_EQ(divide<uint32_t>(DivOp::RemU, 0xffffffffu, 10), "5");  // signed would say -1
  EXPECT_EQ(divide<uint32_t>(DivOp::RemU, 0x80000000u, 0xffffffffu), "2147483648");
  EXPECT_EQ(divide<uint32_t>(DivOp::RemU, 1, 0), "integer divide by zero");
  EXPECT_EQ(divide<uint64_t>(DivOp::RemU, 0xffffffffffffffffu, 10), "5");
  EXPECT_EQ(divide<uint64_t>(DivOp::RemU, 1, 0), "integer divide by zero");
}

// ---------------------------------------------------------------------------
// Shifts and rotations

TEST(ShiftTest, CountIsTakenModuloTheWidth32) {
  EXPECT_EQ(shl(opaque(1u), 31u), 0x80000000u);
  EXPECT_EQ(shl(opaque(1u), 32u), 1u);
  EXPECT_EQ(shl(opaque(1u), 33u), 2u);
  EXPECT_EQ(shl(opaque(1u), 0xffffffffu), 0x80000000u);  // i32 -1 as a count means 31
  EXPECT_EQ(shl(opaque(0xffffffffu), 4u), 0xfffffff0u);
  EXPECT_EQ(shr_u(opaque(0x80000000u), 31u), 1u);
  EXPECT_EQ(shr_u(opaque(0x80000000u), 32u), 0x80000000u);
  EXPECT_EQ(shr_u(opaque(0x80000000u), 33u), 0x40000000u);
  EXPECT_EQ(shr_s(opaque(kMin32), 31), -1);
  EXPECT_EQ(shr_s(opaque(kMin32), 32), kMin32);
  EXPECT_EQ(shr_s(opaque(kMin32), 33), kMin32 / 2);
  EXPECT_EQ(shr_s(opaque(-1), 100), -1);
  EXPECT_EQ(shr_s(opaque(0x40000000), 30), 1);
  EXPECT_EQ(shr_s(opaque(-8), -1), -1);  // count 0xffffffff: 31
  // Signed callers get the same bits as unsigned ones.
  EXPECT_EQ(shl(opaque(int32_t(1)), 31), kMin32);
  EXPECT_EQ(shr_u(opaque(int32_t(-1)), 28), 0xf);
  EXPECT_EQ(shr_s(opaque(0x80000000u), 4u), 0xf8000000u);
}

TEST(ShiftTest, CountIsTakenModuloTheWidth64) {
  EXPECT_EQ(shl(opaque(uint64_t(1)), 63), 0x8000000000000000u);
  EXPECT_EQ(shl(opaque(uint64_t(1)), 64), 1u);
  EXPECT_EQ(shl(opaque(uint64_t(1)), 65), 2u);
  EXPECT_EQ(shl(opaque(uint64_t(1)), 32), 0x100000000u);  // not masked with 31
  EXPECT_EQ(shl(opaque(uint64_t(1)), 0x100000001u), 2u);  // high count bits ignored
  EXPECT_EQ(shr_u(opaque(0x8000000000000000u), 63), 1u);
  EXPECT_EQ(shr_u(opaque(0x8000000000000000u), 64), 0x8000000000000000u);
  EXPECT_EQ(shr_s(opaque(kMin64), 63), -1);
  EXPECT_EQ(shr_s(opaque(kMin64), 64), kMin64);
  EXPECT_EQ(shr_s(opaque(kMin64), 32), int64_t(0xffffffff80000000u));
  EXPECT_EQ(shr_s(opaque(int64_t(-1)), -1), -1);
}

TEST(RotateTest, Rotl32) {
  EXPECT_EQ(rotl(opaque(0x80000001u), 0u), 0x80000001u);
  EXPECT_EQ(rotl(opaque(0x80000001u), 1u), 0x00000003u);
  EXPECT_EQ(rotl(opaque(0x80000001u), 32u), 0x80000001u);
  EXPECT_EQ(rotl(opaque(0x80000001u), 33u), 0x00000003u);
  EXPECT_EQ(rotl(opaque(0x12345678u), 4u), 0x23456781u);
  EXPECT_EQ(rotl(opaque(0x12345678u), 0xffffffffu), 0x091a2b3cu);  // 31 == rotr 1
  EXPECT_EQ(rotl(opaque(int32_t(-2)), 1), -3);
}

TEST(RotateTest, Rotr32) {
  EXPECT_EQ(rotr(opaque(1u), 0u), 1u);
  EXPECT_EQ(rotr(opaque(1u), 1u), 0x80000000u);
  EXPECT_EQ(rotr(opaque(1u), 32u), 1u);
  EXPECT_EQ(rotr(opaque(1u), 33u), 0x80000000u);
  EXPECT_EQ(rotr(opaque(0x12345678u), 4u), 0x81234567u);
  EXPECT_EQ(rotr(opaque(0x12345678u), 0xffffffffu), 0x2468acf0u);  // 31 == rotl 1
}

TEST(RotateTest, Rotate64) {
  const uint64_t x = 0x8000000000000001u;
  EXPECT_EQ(rotl(opaque(x), 0), x);
  EXPECT_EQ(rotl(opaque(x), 1), 3u);
  EXPECT_EQ(rotl(opaque(x), 64), x);
  EXPECT_EQ(rotl(opaque(x), 65), 3u);
  EXPECT_EQ(rotl(opaque(x), 32), 0x0000000180000000u);  // a 32-bit rotate would differ
  EXPECT_EQ(rotr(opaque(uint64_t(1)), 1), 0x8000000000000000u);
  EXPECT_EQ(rotr(opaque(uint64_t(1)), 64), 1u);
  EXPECT_EQ(rotr(opaque(uint64_t(1)), 65), 0x8000000000000000u);
  EXPECT_EQ(rotr(opaque(uint64_t(1)), ~uint64_t(0)), 2u);  // 63 == rotl 1
  EXPECT_EQ(rotl(opaque(int64_t(-2)), 1), -3);
}

// ---------------------------------------------------------------------------
// Bit counts

TEST(BitCountTest, Clz) {
  EXPECT_EQ(clz(opaque(0u)), 32u);
  EXPECT_EQ(clz(opaque(1u)), 31u);
  EXPECT_EQ(clz(opaque(0x80000000u)), 0u);
  EXPECT_EQ(clz(opaque(0x00008000u)), 16u);
  EXPECT_EQ(clz(opaque(int32_t(-1))), 0);
  EXPECT_EQ(clz(opaque(uint64_t(0))), 64u);
  EXPECT_EQ(clz(opaque(uint64_t(1))), 63u);
  EXPECT_EQ(clz(opaque(uint64_t(0x80000000u))), 32u);
  EXPECT_EQ(clz(opaque(0x8000000000000000u)), 0u);
}

TEST(BitCountTest, Ctz) {
  EXPECT_EQ(ctz(opaque(0u)), 32u);
  EXPECT_EQ(ctz(opaque(1u)), 0u);
  EXPECT_EQ(ctz(opaque(0x80000000u)), 31u);
  EXPECT_EQ(ctz(opaque(0x00010000u)), 16u);
  EXPECT_EQ(ctz(opaque(uint64_t(0))), 64u);
  EXPECT_EQ(ctz(opaque(0x8000000000000000u)), 63u);
  EXPECT_EQ(ctz(opaque(uint64_t(0x100000000u))), 32u);
  EXPECT_EQ(ctz(opaque(int64_t(0))), 64);
}

TEST(BitCountTest, Popcnt) {
  EXPECT_EQ(popcnt(opaque(0u)), 0u);
  EXPECT_EQ(popcnt(opaque(0xffffffffu)), 32u);
  EXPECT_EQ(popcnt(opaque(0x80008000u)), 2u);
  EXPECT_EQ(popcnt(opaque(int32_t(-1))), 32);
  EXPECT_EQ(popcnt(opaque(~uint64_t(0))), 64u);
  EXPECT_EQ(popcnt(opaque(0x8000000000000001u)), 2u);  // both halves count
  EXPECT_EQ(popcnt(opaque(0xaaaaaaaaaaaaaaaau)), 32u);
}

// ---------------------------------------------------------------------------
// Sign extension

TEST(SignExtensionTest, Extend8) {
  EXPECT_EQ(extend8_s(opaque(int32_t(0x7f))), 0x7f);
  EXPECT_EQ(extend8_s(opaque(int32_t(0x80))), -128);
  EXPECT_EQ(extend8_s(opaque(int32_t(0x123456ff))), -1);  // upper bits ignored
  EXPECT_EQ(extend8_s(opaque(int32_t(0xffffff00u))), 0);
  EXPECT_EQ(extend8_s(opaque(0x80u)), 0xffffff80u);
  EXPECT_EQ(extend8_s(opaque(int64_t(0x80))), -128);
  EXPECT_EQ(extend8_s(opaque(int64_t(0x0123456789abcd7f))), 0x7f);
  EXPECT_EQ(extend8_s(opaque(uint64_t(0xff))), ~uint64_t(0));
}

TEST(SignExtensionTest, Extend16) {
  EXPECT_EQ(extend16_s(opaque(int32_t(0x7fff))), 0x7fff);
  EXPECT_EQ(extend16_s(opaque(int32_t(0x8000))), -32768);
  EXPECT_EQ(extend16_s(opaque(int32_t(0x12347fff))), 0x7fff);
  EXPECT_EQ(extend16_s(opaque(int32_t(0x0000ff80))), -128);  // not an 8-bit extension
  EXPECT_EQ(extend16_s(opaque(int64_t(0x8000))), -32768);
  EXPECT_EQ(extend16_s(opaque(int64_t(0x0123456789ab7fff))), 0x7fff);
}

TEST(SignExtensionTest, Extend32) {
  EXPECT_EQ(extend32_s(opaque(int64_t(0x7fffffff))), 0x7fffffff);
  EXPECT_EQ(extend32_s(opaque(int64_t(0x80000000))), int64_t(kMin32));
  EXPECT_EQ(extend32_s(opaque(int64_t(0x17fffffff))), 0x7fffffff);
  EXPECT_EQ(extend32_s(opaque(uint64_t(0xdeadbeef00008000u))), 0x8000u);
  EXPECT_EQ(extend32_s(opaque(uint64_t(0xffffffffu))), ~uint64_t(0));
}

TEST(SignExtensionTest, I32I64Moves) {
  EXPECT_EQ(extend_i32_s(opaque(int32_t(-1))), -1);
  EXPECT_EQ(extend_i32_s(opaque(kMin32)), int64_t(kMin32));
  EXPECT_EQ(extend_i32_u(opaque(0xffffffffu)), 0xffffffffu);
  EXPECT_EQ(extend_i32_u(opaque(0x80000000u)), 0x80000000u);
  EXPECT_EQ(wrap_i64(opaque(0x123456789abcdef0u)), 0x9abcdef0u);
  EXPECT_EQ(wrap_i64(opaque(~uint64_t(0))), 0xffffffffu);
}

// ---------------------------------------------------------------------------
// Sign-bit operations: bit patterns in, bit patterns out.

TEST(SignBitTest, NegFlipsOnlyTheSignBit) {
  EXPECT_EQ(bits(neg(opaque(f32(0x7fa00001)))), 0xffa00001u);  // signalling NaN stays so
  EXPECT_EQ(bits(neg(opaque(f32(0xffa00001)))), 0x7fa00001u);
  EXPECT_EQ(bits(neg(opaque(f32(0x7fc00000)))), 0xffc00000u);
  EXPECT_EQ(bits(neg(opaque(0.0f))), 0x80000000u);
  EXPECT_EQ(bits(neg(opaque(-0.0f))), 0x00000000u);
  EXPECT_EQ(neg(opaque(1.5f)), -1.5f);
  EXPECT_EQ(neg(opaque(-kInfF)), kInfF);
  EXPECT_EQ(bits(neg(opaque(f64(0x7ff4000000000001)))), 0xfff4000000000001u);
  EXPECT_EQ(bits(neg(opaque(f64(0xfff0000000000001)))), 0x7ff0000000000001u);
  EXPECT_EQ(bits(neg(opaque(0.0))), 0x8000000000000000u);
  EXPECT_EQ(neg(opaque(-2.25)), 2.25);
}

TEST(SignBitTest, AbsClearsOnlyTheSignBit) {
  EXPECT_EQ(bits(abs(opaque(f32(0xffa00001)))), 0x7fa00001u);
  EXPECT_EQ(bits(abs(opaque(f32(0x7fa00001)))), 0x7fa00001u);
  EXPECT_EQ(bits(abs(opaque(f32(0xffffffff)))), 0x7fffffffu);
  EXPECT_EQ(bits(abs(opaque(-0.0f))), 0u);
  EXPECT_EQ(abs(opaque(-kInfF)), kInfF);
  EXPECT_EQ(abs(opaque(-3.0f)), 3.0f);
  EXPECT_EQ(abs(opaque(f32(0x80000001))), f32(0x00000001));  // denormal
  EXPECT_EQ(bits(abs(opaque(f64(0xfff4000000000001)))), 0x7ff4000000000001u);
  EXPECT_EQ(bits(abs(opaque(-0.0))), 0u);
  EXPECT_EQ(abs(opaque(-1e300)), 1e300);
}

TEST(SignBitTest, CopysignMovesOnlyTheSignBit) {
  EXPECT_EQ(bits(copysign(opaque(f32(0x7fa00001)), opaque(-1.0f))), 0xffa00001u);
  EXPECT_EQ(bits(copysign(opaque(f32(0xffa00001)), opaque(1.0f))), 0x7fa00001u);
  // The sign of a NaN second operand counts like any other.
  EXPECT_EQ(copysign(opaque(2.0f), opaque(f32(0xffc00000))), -2.0f);
  EXPECT_EQ(copysign(opaque(-2.0f), opaque(f32(0x7fa00001))), 2.0f);
  EXPECT_EQ(bits(copysign(opaque(0.0f), opaque(-0.0f))), 0x80000000u);
  EXPECT_EQ(bits(copysign(opaque(-0.0f), opaque(0.0f))), 0u);
  EXPECT_EQ(copysign(opaque(kInfF), opaque(-1e-40f)), -kInfF);
  EXPECT_EQ(bits(copysign(opaque(f64(0x7ff4000000000001)), opaque(-0.0))), 0xfff4000000000001u);
  EXPECT_EQ(copysign(opaque(3.0), opaque(f64(0xfff8000000000000))), -3.0);
  EXPECT_EQ(copysign(opaque(-3.0), opaque(0.0)), 3.0);
}

// ---------------------------------------------------------------------------
// min and max

template <class F>
void check_min_max() {
  const F nan = std::numeric_limits<F>::quiet_NaN();
  const F inf = std::numeric_limits<F>::infinity();
  EXPECT_EQ(min(opaque(F(1)), opaque(F(2))), F(1));
  EXPECT_EQ(min(opaque(F(2)), opaque(F(1))), F(1));
  EXPECT_EQ(max(opaque(F(1)), opaque(F(2))), F(2));
  EXPECT_EQ(max(opaque(F(2)), opaque(F(1))), F(2));
  EXPECT_EQ(min(opaque(-inf), opaque(F(-1e30))), -inf);
  EXPECT_EQ(max(opaque(inf), opaque(F(1e30))), inf);
  EXPECT_EQ(min(opaque(F(-1)), opaque(F(0))), F(-1));

  // -0 is below +0, whichever operand it is.
  EXPECT_TRUE(std::signbit(min(opaque(F(-0.0)), opaque(F(0.0)))));
  EXPECT_TRUE(std::signbit(min(opaque(F(0.0)), opaque(F(-0.0)))));
  EXPECT_FALSE(std::signbit(max(opaque(F(-0.0)), opaque(F(0.0)))));
  EXPECT_FALSE(std::signbit(max(opaque(F(0.0)), opaque(F(-0.0)))));
  EXPECT_TRUE(std::signbit(max(opaque(F(-0.0)), opaque(F(-0.0)))));
  EXPECT_FALSE(std::signbit(min(opaque(F(0.0)), opaque(F(0.0)))));

  // A NaN on either side wins, and it comes out quiet.
  const F signalling = std::is_same_v<F, float> ? F(kSignallingNanF) : F(kSignallingNan);
  for (F n : {nan, -nan, signalling, neg(signalling)}) {
    for (F other : {F(0), F(-0.0), F(1), -inf, inf, nan}) {
      EXPECT_TRUE(is_quiet_nan(min(opaque(n), opaque(other)))) << n << " " << other;
      EXPECT_TRUE(is_quiet_nan(min(opaque(other), opaque(n)))) << other << " " << n;
      EXPECT_TRUE(is_quiet_nan(max(opaque(n), opaque(other)))) << n << " " << other;
      EXPECT_TRUE(is_quiet_nan(max(opaque(other), opaque(n)))) << other << " " << n;
    }
  }
}

TEST(MinMaxTest, F32) {
  check_min_max<float>();
}
TEST(MinMaxTest, F64) {
  check_min_max<double>();
}

TEST(MinMaxTest, NanPayloadIsKept) {
  // Allowed, not required, by the specification; the executor relies on no
  // more than an arithmetic NaN, but a changed payload would mean a changed
  // implementation worth noticing.
  EXPECT_EQ(bits(min(opaque(kQuietNanF), opaque(1.0f))), 0x7fc00005u);
  EXPECT_EQ(bits(max(opaque(1.0), opaque(kQuietNan))), 0x7ff8000000000005u);
}

// ---------------------------------------------------------------------------
// nearest

template <class F>
void expect_same_value(F actual, F expected, const char* what) {
  EXPECT_EQ(bits(actual), bits(expected)) << what << ": " << actual << " vs " << expected;
}

TEST(NearestTest, HalvesGoToEven) {
  expect_same_value(nearest(opaque(0.5f)), 0.0f, "0.5f");
  expect_same_value(nearest(opaque(1.5f)), 2.0f, "1.5f");
  expect_same_value(nearest(opaque(2.5f)), 2.0f, "2.5f");
  expect_same_value(nearest(opaque(3.5f)), 4.0f, "3.5f");
  expect_same_value(nearest(opaque(-0.5f)), -0.0f, "-0.5f");
  expect_same_value(nearest(opaque(-1.5f)), -2.0f, "-1.5f");
  expect_same_value(nearest(opaque(-2.5f)), -2.0f, "-2.5f");
  expect_same_value(nearest(opaque(0.5)), 0.0, "0.5");
  expect_same_value(nearest(opaque(1.5)), 2.0, "1.5");
  expect_same_value(nearest(opaque(2.5)), 2.0, "2.5");
  expect_same_value(nearest(opaque(-0.5)), -0.0, "-0.5");
  expect_same_value(nearest(opaque(-2.5)), -2.0, "-2.5");
  expect_same_value(nearest(opaque(-3.5)), -4.0, "-3.5");
}

TEST(NearestTest, NotHalvesGoToTheNearer) {
  expect_same_value(nearest(opaque(0.6f)), 1.0f, "0.6f");
  expect_same_value(nearest(opaque(-1.4f)), -1.0f, "-1.4f");
  // The largest value below 0.5: floor(x + 0.5) gets 1 because x + 0.5 rounds up.
  expect_same_value(nearest(opaque(std::nextafter(0.5f, 0.0f))), 0.0f, "below 0.5f");
  expect_same_value(nearest(opaque(std::nextafter(0.5, 0.0))), 0.0, "below 0.5");
  expect_same_value(nearest(opaque(-std::nextafter(0.5, 0.0))), -0.0, "above -0.5");
  expect_same_value(nearest(opaque(std::nextafter(0.5, 1.0))), 1.0, "above 0.5");
}

TEST(NearestTest, SignOfZeroIsKept) {
  expect_same_value(nearest(opaque(0.0f)), 0.0f, "+0");
  expect_same_value(nearest(opaque(-0.0f)), -0.0f, "-0");
  expect_same_value(nearest(opaque(f32(0x80000001))), -0.0f, "-denormal");
  expect_same_value(nearest(opaque(f32(0x00000001))), 0.0f, "+denormal");
  expect_same_value(nearest(opaque(-0.0)), -0.0, "-0");
  expect_same_value(nearest(opaque(-0.4)), -0.0, "-0.4");
  expect_same_value(nearest(opaque(-1e-300)), -0.0, "-1e-300");
}

TEST(NearestTest, LargeValuesAreUnchanged) {
  // From 2^23 (f32) and 2^52 (f64) on every value is an integer; an
  // implementation that adds and subtracts 2^52 there would round odd ones.
  const float p23 = std::ldexp(1.0f, 23);
  const double p52 = std::ldexp(1.0, 52);
  expect_same_value(nearest(opaque(p23 + 1)), p23 + 1, "2^23+1");
  expect_same_value(nearest(opaque(-(p23 + 1))), -(p23 + 1), "-(2^23+1)");
  expect_same_value(nearest(opaque(p23 - 0.5f)), p23, "2^23-0.5");  // a tie, to even
  expect_same_value(nearest(opaque(p23 - 1.5f)), p23 - 2, "2^23-1.5");
  expect_same_value(nearest(opaque(std::ldexp(1.0f, 24) + 2)), std::ldexp(1.0f, 24) + 2, "2^24+2");
  expect_same_value(nearest(opaque(p52 + 1)), p52 + 1, "2^52+1");
  expect_same_value(nearest(opaque(p52 + 3)), p52 + 3, "2^52+3");
  expect_same_value(nearest(opaque(-(p52 + 1))), -(p52 + 1), "-(2^52+1)");
  expect_same_value(nearest(opaque(p52 - 0.5)), p52, "2^52-0.5");
  expect_same_value(nearest(opaque(p52 - 1.5)), p52 - 2, "2^52-1.5");
  expect_same_value(nearest(opaque(std::ldexp(1.0, 53) + 2)), std::ldexp(1.0, 53) + 2, "2^53+2");
  expect_same_value(nearest(opaque(1e300)), 1e300, "1e300");
  expect_same_value(nearest(opaque(std::numeric_limits<float>::max())),
                    std::numeric_limits<float>::max(), "FLT_MAX");
  expect_same_value(nearest(opaque(kInfF)), kInfF, "inf");
  expect_same_value(nearest(opaque(-kInf)), -kInf, "-inf");
}

TEST(NearestTest, NanComesOutQuiet) {
  EXPECT_TRUE(is_quiet_nan(nearest(opaque(kSignallingNanF))));
  EXPECT_TRUE(is_quiet_nan(nearest(opaque(neg(kSignallingNanF)))));
  EXPECT_TRUE(is_quiet_nan(nearest(opaque(kSignallingNan))));
  // A canonical NaN stays canonical (the suite checks nan:canonical).
  EXPECT_EQ(bits(nearest(opaque(f32(0x7fc00000)))), 0x7fc00000u);
  EXPECT_EQ(bits(nearest(opaque(f64(0x7ff8000000000000)))), 0x7ff8000000000000u);
}

// nearbyint in the default rounding mode is the definition; compare on random
// bit patterns and on values of every magnitude around .5 fractions.
TEST(NearestTest, AgreesWithNearbyint) {
  std::mt19937_64 random(42);
  for (int i = 0; i < 1'000'000; ++i) {
    uint64_t r = random();
    float x = f32(uint32_t(r));
    double y = f64(r);
    if (!std::isnan(x)) {
      ASSERT_EQ(bits(nearest(opaque(x))), bits(std::nearbyint(x))) << x;
    }
    if (!std::isnan(y)) {
      ASSERT_EQ(bits(nearest(opaque(y))), bits(std::nearbyint(y))) << y;
    }
    // Random values of moderate size, where the interesting cases are.
    double moderate = std::ldexp(double(r >> 11), -int(r % 60));
    if (r & 1) moderate = -moderate;
    ASSERT_EQ(bits(nearest(opaque(moderate))), bits(std::nearbyint(moderate))) << moderate;
    float moderate_f = float(moderate);
    ASSERT_EQ(bits(nearest(opaque(moderate_f))), bits(std::nearbyint(moderate_f))) << moderate_f;
  }
}

// ---------------------------------------------------------------------------
// ceil, floor, trunc, sqrt

TEST(RoundingTest, CeilFloorTrunc) {
  expect_same_value(ceil(opaque(-0.5f)), -0.0f, "ceil -0.5f");
  expect_same_value(ceil(opaque(0.5f)), 1.0f, "ceil 0.5f");
  expect_same_value(ceil(opaque(-1.5)), -1.0, "ceil -1.5");
  expect_same_value(ceil(opaque(-0.0)), -0.0, "ceil -0");
  expect_same_value(floor(opaque(0.5f)), 0.0f, "floor 0.5f");
  expect_same_value(floor(opaque(-0.5f)), -1.0f, "floor -0.5f");
  expect_same_value(floor(opaque(-0.0)), -0.0, "floor -0");
  expect_same_value(floor(opaque(1.9999999999999998)), 1.0, "floor below 2");
  expect_same_value(trunc(opaque(-0.7f)), -0.0f, "trunc -0.7f");
  expect_same_value(trunc(opaque(2.9)), 2.0, "trunc 2.9");
  expect_same_value(trunc(opaque(-2.9)), -2.0, "trunc -2.9");
  const double p52 = std::ldexp(1.0, 52);
  expect_same_value(ceil(opaque(p52 + 1)), p52 + 1, "ceil 2^52+1");
  expect_same_value(floor(opaque(-(p52 + 1))), -(p52 + 1), "floor -(2^52+1)");
  expect_same_value(trunc(opaque(-kInfF)), -kInfF, "trunc -inf");
}

TEST(RoundingTest, NanComesOutQuiet) {
  EXPECT_TRUE(is_quiet_nan(ceil(opaque(kSignallingNanF))));
  EXPECT_TRUE(is_quiet_nan(floor(opaque(kSignallingNanF))));
  EXPECT_TRUE(is_quiet_nan(trunc(opaque(kSignallingNanF))));
  EXPECT_TRUE(is_quiet_nan(ceil(opaque(kSignallingNan))));
  EXPECT_TRUE(is_quiet_nan(floor(opaque(kSignallingNan))));
  EXPECT_TRUE(is_quiet_nan(trunc(opaque(kSignallingNan))));
}

// The <cmath> functions define the values; compare everywhere but on NaNs.
TEST(RoundingTest, AgreesWithCmath) {
  std::mt19937_64 random(3);
  for (int i = 0; i < 1'000'000; ++i) {
    uint64_t r = random();
    double moderate = std::ldexp(double(r >> 11), -int(r % 64));
    if (r & 1) moderate = -moderate;
    for (double y : {f64(r), moderate}) {
      if (std::isnan(y)) continue;
      ASSERT_EQ(bits(ceil(opaque(y))), bits(std::ceil(y))) << y;
      ASSERT_EQ(bits(floor(opaque(y))), bits(std::floor(y))) << y;
      ASSERT_EQ(bits(trunc(opaque(y))), bits(std::trunc(y))) << y;
    }
    for (float x : {f32(uint32_t(r)), float(moderate)}) {
      if (std::isnan(x)) continue;
      ASSERT_EQ(bits(ceil(opaque(x))), bits(std::ceil(x))) << x;
      ASSERT_EQ(bits(floor(opaque(x))), bits(std::floor(x))) << x;
      ASSERT_EQ(bits(trunc(opaque(x))), bits(std::trunc(x))) << x;
    }
  }
}

TEST(SqrtTest, Values) {
  EXPECT_EQ(sqrt(opaque(4.0f)), 2.0f);
  EXPECT_EQ(sqrt(opaque(2.0)), 1.4142135623730951);
  expect_same_value(sqrt(opaque(-0.0f)), -0.0f, "sqrt -0");
  expect_same_value(sqrt(opaque(-0.0)), -0.0, "sqrt -0");
  EXPECT_EQ(sqrt(opaque(kInf)), kInf);
  EXPECT_TRUE(std::isnan(sqrt(opaque(-1.0f))));
  EXPECT_TRUE(std::isnan(sqrt(opaque(-kInf))));
  EXPECT_TRUE(std::isnan(sqrt(opaque(f64(0x8000000000000001)))));  // negative denormal
  EXPECT_TRUE(is_quiet_nan(sqrt(opaque(kSignallingNanF))));
  EXPECT_TRUE(is_quiet_nan(sqrt(opaque(kSignallingNan))));
}

// ---------------------------------------------------------------------------
// demote and promote

TEST(DemotePromoteTest, Demote) {
  EXPECT_EQ(demote(opaque(1.0)), 1.0f);
  EXPECT_EQ(demote(opaque(1.0 + std::ldexp(1.0, -24))), 1.0f);  // a tie, to even
  EXPECT_EQ(demote(opaque(1.0 + 3 * std::ldexp(1.0, -24))), 1.0f + std::ldexp(1.0f, -22));
  EXPECT_EQ(demote(opaque(1.0 + std::ldexp(1.0, -24) + std::ldexp(1.0, -50))),
            1.0f + std::ldexp(1.0f, -23));
  EXPECT_EQ(demote(opaque(std::numeric_limits<double>::max())), kInfF);
  EXPECT_EQ(demote(opaque(-std::numeric_limits<double>::max())), -kInfF);
  EXPECT_EQ(demote(opaque(0x1.fffffefffffffp+127)), std::numeric_limits<float>::max());
  EXPECT_EQ(demote(opaque(0x1.ffffffp+127)), kInfF);  // the tie above FLT_MAX overflows
  EXPECT_EQ(demote(opaque(0x1p-149)), f32(1));
  expect_same_value(demote(opaque(0x1p-150)), 0.0f, "half the smallest denormal, a tie");
  expect_same_value(demote(opaque(-0x1p-151)), -0.0f, "-tiny");
  expect_same_value(demote(opaque(-0.0)), -0.0f, "-0");
  EXPECT_TRUE(is_quiet_nan(demote(opaque(kSignallingNan))));
  EXPECT_EQ(bits(demote(opaque(f64(0x7ff8000000000000)))), 0x7fc00000u);  // canonical stays so
}

TEST(DemotePromoteTest, Promote) {
  EXPECT_EQ(promote(opaque(1.5f)), 1.5);
  EXPECT_EQ(promote(opaque(f32(1))), 0x1p-149);
  EXPECT_EQ(promote(opaque(std::numeric_limits<float>::max())), 0x1.fffffep+127);
  EXPECT_EQ(promote(opaque(-kInfF)), -kInf);
  expect_same_value(promote(opaque(-0.0f)), -0.0, "-0");
  EXPECT_TRUE(is_quiet_nan(promote(opaque(kSignallingNanF))));
  EXPECT_EQ(bits(promote(opaque(f32(0x7fc00000)))), 0x7ff8000000000000u);
}

// ---------------------------------------------------------------------------
// Trapping truncation

template <class I, class F>
std::string truncated(F x) {
  I out = I(77);
  TrapKind trap = TrapKind::Unreachable;
  if (trunc_int(opaque(x), out, trap)) return std::to_string(out);
  EXPECT_EQ(out, I(77)) << "out written on a trap";
  return std::string(trap_message(trap));
}

const std::string kOverflow = "integer overflow";
const std::string kInvalid = "invalid conversion to integer";

template <class I, class F>
void check_nan_and_infinity() {
  const F inf = std::numeric_limits<F>::infinity();
  const F nan = std::numeric_limits<F>::quiet_NaN();
  const F signalling = std::is_same_v<F, float> ? F(kSignallingNanF) : F(kSignallingNan);
  EXPECT_EQ((truncated<I>(nan)), kInvalid);
  EXPECT_EQ((truncated<I>(-nan)), kInvalid);
  EXPECT_EQ((truncated<I>(signalling)), kInvalid);
  EXPECT_EQ((truncated<I>(inf)), kOverflow);
  EXPECT_EQ((truncated<I>(-inf)), kOverflow);
  EXPECT_EQ((truncated<I>(F(0))), "0");
  EXPECT_EQ((truncated<I>(F(-0.0))), "0");
  EXPECT_EQ((truncated<I>(std::numeric_limits<F>::denorm_min())), "0");
  EXPECT_EQ((truncated<I>(-std::numeric_limits<F>::denorm_min())), "0");
  EXPECT_EQ((truncated<I>(F(1.9))), "1");
  EXPECT_EQ((truncated<I>(F(-0.9))), "0");
}

TEST(TruncIntTest, I32FromF32Signed) {
  check_nan_and_infinity<int32_t, float>();
  EXPECT_EQ(truncated<int32_t>(-1.5f), "-1");
  EXPECT_EQ(truncated<int32_t>(-2147483648.0f), "-2147483648");
  EXPECT_EQ(truncated<int32_t>(std::nextafter(-2147483648.0f, -kInfF)), kOverflow);
  EXPECT_EQ(truncated<int32_t>(2147483648.0f), kOverflow);
  EXPECT_EQ(truncated<int32_t>(std::nextafter(2147483648.0f, 0.0f)), "2147483520");
  EXPECT_EQ(truncated<int32_t>(4294967296.0f), kOverflow);
}

TEST(TruncIntTest, I32FromF64Signed) {
  check_nan_and_infinity<int32_t, double>();
  EXPECT_EQ(truncated<int32_t>(-2147483648.9), "-2147483648");
  EXPECT_EQ(truncated<int32_t>(std::nextafter(-2147483649.0, 0.0)), "-2147483648");
  EXPECT_EQ(truncated<int32_t>(-2147483649.0), kOverflow);
  EXPECT_EQ(truncated<int32_t>(2147483647.9), "2147483647");
  EXPECT_EQ(truncated<int32_t>(std::nextafter(2147483648.0, 0.0)), "2147483647");
  EXPECT_EQ(truncated<int32_t>(2147483648.0), kOverflow);
  EXPECT_EQ(truncated<int32_t>(1e300), kOverflow);
}

TEST(TruncIntTest, I32FromF32Unsigned) {
  check_nan_and_infinity<uint32_t, float>();
  EXPECT_EQ(truncated<uint32_t>(std::nextafter(-1.0f, 0.0f)), "0");
  EXPECT_EQ(truncated<uint32_t>(-1.0f), kOverflow);
  EXPECT_EQ(truncated<uint32_t>(2147483648.0f), "2147483648");  // beyond the signed range
  EXPECT_EQ(truncated<uint32_t>(std::nextafter(4294967296.0f, 0.0f)), "4294967040");
  EXPECT_EQ(truncated<uint32_t>(4294967296.0f), kOverflow);
}

TEST(TruncIntTest, I32FromF64Unsigned) {
  check_nan_and_infinity<uint32_t, double>();
  EXPECT_EQ(truncated<uint32_t>(-0.9), "0");
  EXPECT_EQ(truncated<uint32_t>(std::nextafter(-1.0, 0.0)), "0");
  EXPECT_EQ(truncated<uint32_t>(-1.0), kOverflow);
  EXPECT_EQ(truncated<uint32_t>(2147483648.0), "2147483648");
  EXPECT_EQ(truncated<uint32_t>(4294967295.9), "4294967295");
  EXPECT_EQ(truncated<uint32_t>(std::nextafter(4294967296.0, 0.0)), "4294967295");
  EXPECT_EQ(truncated<uint32_t>(4294967296.0), kOverflow);
}

TEST(TruncIntTest, I64FromF32Signed) {
  check_nan_and_infinity<int64_t, float>();
  const float p63 = std::ldexp(1.0f, 63);
  EXPECT_EQ(truncated<int64_t>(-p63), "-9223372036854775808");
  EXPECT_EQ(truncated<int64_t>(std::nextafter(-p63, -kInfF)), kOverflow);
  EXPECT_EQ(truncated<int64_t>(p63), kOverflow);
  EXPECT_EQ(truncated<int64_t>(std::nextafter(p63, 0.0f)), "9223371487098961920");
  EXPECT_EQ(truncated<int64_t>(4294967296.0f), "4294967296");  // beyond 32 bits
}

TEST(TruncIntTest, I64FromF64Signed) {
  check_nan_and_infinity<int64_t, double>();
  const double p63 = std::ldexp(1.0, 63);
  EXPECT_EQ(truncated<int64_t>(-p63), "-9223372036854775808");
  EXPECT_EQ(truncated<int64_t>(std::nextafter(-p63, -kInf)), kOverflow);
  EXPECT_EQ(truncated<int64_t>(p63), kOverflow);
  EXPECT_EQ(truncated<int64_t>(std::nextafter(p63, 0.0)), "9223372036854774784");
  EXPECT_EQ(truncated<int64_t>(-2147483649.0), "-2147483649");
}

TEST(TruncIntTest, I64FromF32Unsigned) {
  check_nan_and_infinity<uint64_t, float>();
  const float p64 = std::ldexp(1.0f, 64);
  EXPECT_EQ(truncated<uint64_t>(-1.0f), kOverflow);
  EXPECT_EQ(truncated<uint64_t>(std::nextafter(-1.0f, 0.0f)), "0");
  EXPECT_EQ(truncated<uint64_t>(std::ldexp(1.0f, 63)), "9223372036854775808");
  EXPECT_EQ(truncated<uint64_t>(std::nextafter(p64, 0.0f)), "18446742974197923840");
  EXPECT_EQ(truncated<uint64_t>(p64), kOverflow);
}

TEST(TruncIntTest, I64FromF64Unsigned) {
  check_nan_and_infinity<uint64_t, double>();
  const double p64 = std::ldexp(1.0, 64);
  EXPECT_EQ(truncated<uint64_t>(-0.99), "0");
  EXPECT_EQ(truncated<uint64_t>(-1.0), kOverflow);
  EXPECT_EQ(truncated<uint64_t>(std::ldexp(1.0, 63)), "9223372036854775808");
  EXPECT_EQ(truncated<uint64_t>(std::nextafter(std::ldexp(1.0, 63), p64)), "9223372036854777856");
  EXPECT_EQ(truncated<uint64_t>(std::nextafter(p64, 0.0)), "18446744073709549568");
  EXPECT_EQ(truncated<uint64_t>(p64), kOverflow);
}

// ---------------------------------------------------------------------------
// Saturating truncation

template <class I, class F>
void check_saturation_common() {
  using L = std::numeric_limits<I>;
  const F inf = std::numeric_limits<F>::infinity();
  const F nan = std::numeric_limits<F>::quiet_NaN();
  const F signalling = std::is_same_v<F, float> ? F(kSignallingNanF) : F(kSignallingNan);
  EXPECT_EQ(trunc_sat<I>(opaque(nan)), I(0));
  EXPECT_EQ(trunc_sat<I>(opaque(-nan)), I(0));
  EXPECT_EQ(trunc_sat<I>(opaque(signalling)), I(0));
  EXPECT_EQ(trunc_sat<I>(opaque(inf)), L::max());
  EXPECT_EQ(trunc_sat<I>(opaque(-inf)), L::min());
  EXPECT_EQ(trunc_sat<I>(opaque(std::numeric_limits<F>::max())), L::max());
  EXPECT_EQ(trunc_sat<I>(opaque(std::numeric_limits<F>::lowest())), L::min());
  EXPECT_EQ(trunc_sat<I>(opaque(F(-0.9))), I(0));
  EXPECT_EQ(trunc_sat<I>(opaque(F(-0.0))), I(0));
  EXPECT_EQ(trunc_sat<I>(opaque(F(42.9))), I(42));
  // Just past the maximum and the minimum.
  const F max_plus_one = std::ldexp(F(1), L::digits);
  EXPECT_EQ(trunc_sat<I>(opaque(max_plus_one)), L::max());
  EXPECT_EQ(trunc_sat<I>(opaque(std::nextafter(max_plus_one, inf))), L::max());
  if constexpr (L::is_signed) {
    EXPECT_EQ(trunc_sat<I>(opaque(-max_plus_one)), L::min());
    EXPECT_EQ(trunc_sat<I>(opaque(std::nextafter(-max_plus_one, -inf))), L::min());
    EXPECT_EQ(trunc_sat<I>(opaque(F(-1.9))), I(-1));
  } else {
    EXPECT_EQ(trunc_sat<I>(opaque(F(-1))), I(0));
    EXPECT_EQ(trunc_sat<I>(opaque(F(-1e10))), I(0));
  }
}

TEST(TruncSatTest, I32FromF32) {
  check_saturation_common<int32_t, float>();
  check_saturation_common<uint32_t, float>();
  EXPECT_EQ(trunc_sat<int32_t>(opaque(2147483648.0f)), 2147483647);
  EXPECT_EQ(trunc_sat<int32_t>(opaque(std::nextafter(2147483648.0f, 0.0f))), 2147483520);
  EXPECT_EQ(trunc_sat<int32_t>(opaque(-2147483904.0f)), kMin32);
  EXPECT_EQ(trunc_sat<uint32_t>(opaque(std::nextafter(4294967296.0f, 0.0f))), 4294967040u);
  EXPECT_EQ(trunc_sat<uint32_t>(opaque(3e9f)), 3000000000u);
}

TEST(TruncSatTest, I32FromF64) {
  check_saturation_common<int32_t, double>();
  check_saturation_common<uint32_t, double>();
  EXPECT_EQ(trunc_sat<int32_t>(opaque(-2147483648.9)), kMin32);
  EXPECT_EQ(trunc_sat<int32_t>(opaque(-2147483649.0)), kMin32);
  EXPECT_EQ(trunc_sat<int32_t>(opaque(2147483647.9)), 2147483647);
  EXPECT_EQ(trunc_sat<uint32_t>(opaque(4294967295.9)), 0xffffffffu);
  EXPECT_EQ(trunc_sat<uint32_t>(opaque(4294967296.0)), 0xffffffffu);
  EXPECT_EQ(trunc_sat<uint32_t>(opaque(1e300)), 0xffffffffu);
}

TEST(TruncSatTest, I64FromF32) {
  check_saturation_common<int64_t, float>();
  check_saturation_common<uint64_t, float>();
  EXPECT_EQ(trunc_sat<int64_t>(opaque(std::ldexp(1.0f, 63))), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(trunc_sat<uint64_t>(opaque(std::ldexp(1.0f, 64))),
            std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(trunc_sat<uint64_t>(opaque(std::ldexp(1.0f, 63))), 0x8000000000000000u);
}

TEST(TruncSatTest, I64FromF64) {
  check_saturation_common<int64_t, double>();
  check_saturation_common<uint64_t, double>();
  // The hardware conversion gives INT64_MIN for 2^63; saturation must not.
  EXPECT_EQ(trunc_sat<int64_t>(opaque(std::ldexp(1.0, 63))), std::numeric_limits<int64_t>::max());
  EXPECT_EQ(trunc_sat<int64_t>(opaque(-std::ldexp(1.0, 63))), kMin64);
  EXPECT_EQ(trunc_sat<int64_t>(opaque(-1e300)), kMin64);
  EXPECT_EQ(trunc_sat<int64_t>(opaque(std::nextafter(std::ldexp(1.0, 63), 0.0))),
            9223372036854774784);
  EXPECT_EQ(trunc_sat<uint64_t>(opaque(std::nextafter(std::ldexp(1.0, 64), 0.0))),
            18446744073709549568u);
  EXPECT_EQ(trunc_sat<uint64_t>(opaque(std::ldexp(1.0, 64))), std::numeric_limits<uint64_t>::max());
}

// Both truncations against a reference in long double (64-bit mantissa on
// x86-64: every F value and every integer bound is exact there), on every
// value within 64 ulps of each interesting point.
static_assert(std::numeric_limits<long double>::digits >= 64);

template <class I, class F>
void check_truncation_near_bounds() {
  using L = std::numeric_limits<I>;
  const long double lo = L::min(), hi = L::max();
  const F inf = std::numeric_limits<F>::infinity();
  for (long double center : {lo - 1, lo, hi, hi + 1, -1.0L, 0.0L, 1.0L}) {
    F x = F(center);
    for (int i = 0; i < 64; ++i) x = std::nextafter(x, -inf);
    for (int i = 0; i < 129; ++i, x = std::nextafter(x, inf)) {
      long double t = std::trunc((long double)x);
      bool fits = t >= lo && t <= hi;
      std::string expected = fits ? std::to_string(I(t)) : kOverflow;
      ASSERT_EQ((truncated<I>(x)), expected) << std::hexfloat << x;
      I saturated = fits ? I(t) : (t < 0 ? L::min() : L::max());
      ASSERT_EQ(trunc_sat<I>(opaque(x)), saturated) << std::hexfloat << x;
    }
  }
}

TEST(TruncIntTest, AgreesWithReferenceNearBounds) {
  check_truncation_near_bounds<int32_t, float>();
  check_truncation_near_bounds<int32_t, double>();
  check_truncation_near_bounds<uint32_t, float>();
  check_truncation_near_bounds<uint32_t, double>();
  check_truncation_near_bounds<int64_t, float>();
  check_truncation_near_bounds<int64_t, double>();
  check_truncation_near_bounds<uint64_t, float>();
  check_truncation_near_bounds<uint64_t, double>();
}

// ---------------------------------------------------------------------------
// Integer -> float

TEST(ConvertTest, I32ToF32) {
  EXPECT_EQ(convert<float>(opaque(int32_t(16777217))), 16777216.0f);
  EXPECT_EQ(convert<float>(opaque(int32_t(-16777217))), -16777216.0f);
  EXPECT_EQ(convert<float>(opaque(int32_t(16777219))), 16777220.0f);
  EXPECT_EQ(convert<float>(opaque(int32_t(2147483647))), 2147483648.0f);
  EXPECT_EQ(convert<float>(opaque(kMin32)), -2147483648.0f);
  EXPECT_EQ(convert<float>(opaque(int32_t(-1))), -1.0f);
  EXPECT_EQ(convert<float>(opaque(0xffffffffu)), 4294967296.0f);  // not -1
  EXPECT_EQ(convert<float>(opaque(0x80000000u)), 2147483648.0f);
  EXPECT_EQ(convert<float>(opaque(0x80000080u)), 2147483648.0f);  // a tie, to even
  EXPECT_EQ(convert<float>(opaque(0x80000081u)), 2147483904.0f);
  EXPECT_EQ(convert<float>(opaque(0x80000180u)), 2147484160.0f);  // a tie, to even
}

TEST(ConvertTest, I32ToF64) {
  EXPECT_EQ(convert<double>(opaque(int32_t(-1))), -1.0);
  EXPECT_EQ(convert<double>(opaque(kMin32)), -2147483648.0);
  EXPECT_EQ(convert<double>(opaque(0xffffffffu)), 4294967295.0);
  EXPECT_EQ(convert<double>(opaque(0x80000000u)), 2147483648.0);
}

TEST(ConvertTest, I64ToF32RoundsOnce) {
  // Through double these would round twice and land one ulp off.
  EXPECT_EQ(convert<float>(opaque(int64_t(0x7fffff4000000001))), 0x1.fffffep+62f);
  EXPECT_EQ(convert<float>(opaque(int64_t(0x8000004000000001u))), -0x1.fffffep+62f);
  EXPECT_EQ(convert<float>(opaque(int64_t(0x0020000020000001))), 0x1.000002p+53f);
  EXPECT_EQ(convert<float>(opaque(int64_t(0xffdfffffdfffffffu))), -0x1.000002p+53f);
  EXPECT_EQ(convert<float>(opaque(std::numeric_limits<int64_t>::max())), 0x1p+63f);
  EXPECT_EQ(convert<float>(opaque(kMin64)), -0x1p+63f);
  EXPECT_EQ(convert<float>(opaque(int64_t(16777217))), 16777216.0f);
  EXPECT_EQ(convert<float>(opaque(int64_t(-16777219))), -16777220.0f);
}

TEST(ConvertTest, U64ToF32RoundsOnce) {
  EXPECT_EQ(convert<float>(opaque(0x8000008000000001u)), 0x1.000002p+63f);
  EXPECT_EQ(convert<float>(opaque(0xfffffe8000000001u)), 0x1.fffffep+63f);
  EXPECT_EQ(convert<float>(opaque(0x7fffffbfffffffffu)), 0x1.fffffep+62f);
  EXPECT_EQ(convert<float>(opaque(0x0020000020000001u)), 0x1.000002p+53f);
  EXPECT_EQ(convert<float>(opaque(0xffffffffffffffffu)), 0x1p+64f);
  EXPECT_EQ(convert<float>(opaque(0x8000000000000000u)), 0x1p+63f);  // not negative
  EXPECT_EQ(convert<float>(opaque(uint64_t(16777219))), 16777220.0f);
}

TEST(ConvertTest, I64ToF64) {
  EXPECT_EQ(convert<double>(opaque(int64_t(9007199254740993))), 9007199254740992.0);
  EXPECT_EQ(convert<double>(opaque(int64_t(-9007199254740993))), -9007199254740992.0);
  EXPECT_EQ(convert<double>(opaque(int64_t(9007199254740995))), 9007199254740996.0);
  EXPECT_EQ(convert<double>(opaque(kMin64)), -0x1p+63);
  EXPECT_EQ(convert<double>(opaque(0xffffffffffffffffu)), 0x1p+64);
  EXPECT_EQ(convert<double>(opaque(0x8000000000000400u)), 0x1.0000000000000p+63);
  EXPECT_EQ(convert<double>(opaque(0x8000000000000401u)), 0x1.0000000000001p+63);
  EXPECT_EQ(convert<double>(opaque(0x8000000000000402u)), 0x1.0000000000001p+63);
  EXPECT_EQ(convert<double>(opaque(0xfffffffffffff400u)), 0x1.ffffffffffffep+63);
  EXPECT_EQ(convert<double>(opaque(0xfffffffffffff401u)), 0x1.fffffffffffffp+63);
  EXPECT_EQ(convert<double>(opaque(uint64_t(9007199254740995))), 9007199254740996.0);
}

// Round-to-nearest-even done with integers: the slow, obviously right way.
template <class F>
F reference_round(uint64_t magnitude, bool negative) {
  constexpr int kDigits = std::numeric_limits<F>::digits;
  int width = 64 - std::countl_zero(magnitude);
  uint64_t mantissa = magnitude;
  int shift = 0;
  if (width > kDigits) {
    shift = width - kDigits;
    mantissa = magnitude >> shift;
    uint64_t rest = magnitude & ((uint64_t(1) << shift) - 1);
    uint64_t half = uint64_t(1) << (shift - 1);
    if (rest > half || (rest == half && (mantissa & 1))) ++mantissa;
  }
  F result = std::ldexp(F(mantissa), shift);  // mantissa < 2^(kDigits+1): exact
  return negative ? -result : result;
}

TEST(ConvertTest, AgreesWithIntegerReference) {
  std::mt19937_64 random(7);
  for (int i = 0; i < 1'000'000; ++i) {
    // Random widths, and bit patterns dense in the runs of ones and zeros
    // that make ties and carries.
    uint64_t r = random();
    int width = int(random() % 65);
    uint64_t u = width == 64 ? r : r & ((uint64_t(1) << width) - 1);
    if (i % 3 == 0) u |= (uint64_t(1) << 40) - 1;
    if (i % 5 == 0) u &= ~((uint64_t(1) << 30) - 2);
    int64_t s = int64_t(u);
    uint64_t s_magnitude = s < 0 ? 0 - u : u;
    ASSERT_EQ(convert<float>(opaque(u)), reference_round<float>(u, false)) << std::hex << u;
    ASSERT_EQ(convert<double>(opaque(u)), reference_round<double>(u, false)) << std::hex << u;
    ASSERT_EQ(convert<float>(opaque(s)), reference_round<float>(s_magnitude, s < 0)) << s;
    ASSERT_EQ(convert<double>(opaque(s)), reference_round<double>(s_magnitude, s < 0)) << s;
    uint32_t u32 = uint32_t(u);
    int32_t s32 = int32_t(u32);
    uint64_t s32_magnitude = s32 < 0 ? uint64_t(-int64_t(s32)) : uint64_t(s32);
    ASSERT_EQ(convert<float>(opaque(u32)), reference_round<float>(u32, false)) << u32;
    ASSERT_EQ(convert<float>(opaque(s32)), reference_round<float>(s32_magnitude, s32 < 0)) << s32;
    ASSERT_EQ(convert<double>(opaque(u32)), double(u32));
  }
}

// ---------------------------------------------------------------------------
// Reinterpretation

TEST(ReinterpretTest, BitsSurviveUnchanged) {
  for (uint32_t b : {0x7fa00001u, 0xffc00000u, 0x80000000u, 0x00000001u, 0x3f800000u}) {
    EXPECT_EQ(bits(from_bits<float>(opaque(b))), b);
  }
  for (uint64_t b : std::initializer_list<uint64_t>{0x7ff4000000000001u, 0xfff8000000000000u,
                                                    0x8000000000000000u, 0x1u}) {
    EXPECT_EQ(bits(from_bits<double>(opaque(b))), b);
  }
  EXPECT_EQ(bits(opaque(1.0f)), 0x3f800000u);
  EXPECT_EQ(bits(opaque(-2.0)), 0xc000000000000000u);
  EXPECT_EQ(from_bits<float>(opaque(0x40490fdbu)), 3.14159274f);
}

// ---------------------------------------------------------------------------
// The helpers are usable in constant expressions (the translator may fold
// constant operands with them).

constexpr bool trapping_division_folds() {
  int32_t out = 0;
  TrapKind trap = TrapKind::Unreachable;
  return !div_s(kMin32, -1, out, trap) && trap == TrapKind::IntegerOverflow &&
         rem_s(kMin32, -1, out, trap) && out == 0;
}
static_assert(trapping_division_folds());
static_assert(rotl(0x80000001u, 33u) == 3u);
// A count >= the width that slipped past the mask would be undefined
// behaviour, which constant evaluation rejects (x86 hardware would hide it).
static_assert(shl(1u, 32u) == 1u && shr_u(0x80000000u, 33u) == 0x40000000u);
static_assert(shr_s(int64_t(-8), int64_t(65)) == -4 && shl(uint64_t(1), uint64_t(64)) == 1u);
static_assert(rotr(uint64_t(1), uint64_t(64)) == 1u && rotl(1u, 0u) == 1u);
static_assert(clz(uint64_t(0)) == 64u);
static_assert(extend8_s(int32_t(0x80)) == -128);
static_assert(bits(min(-0.0f, 0.0f)) == 0x80000000u);
static_assert(bits(max(-0.0, 0.0)) == 0);
static_assert(nearest(2.5) == 2.0 && nearest(-1.5f) == -2.0f);
static_assert(floor(-0.5) == -1.0 && ceil(0.5f) == 1.0f && trunc(-2.5) == -2.0);
static_assert(trunc_sat<int32_t>(3e9) == std::numeric_limits<int32_t>::max());
static_assert(convert<float>(int64_t(0x7fffff4000000001)) == 0x1.fffffep+62f);
static_assert(bits(neg(from_bits<float>(0x7fa00001u))) == 0xffa00001u);

}  // namespace
}  // namespace gowasm::numeric
