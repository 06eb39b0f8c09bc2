// Tests for how the spec runner reads wast2json values and matches results
// against them, above all the NaN patterns: a matcher that is too lenient
// would count wrong float results as passed across the whole suite.
#include "spec/spec_value.h"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>

namespace gowasm::spec {
namespace {

JsonValue json(std::string_view text) {
  return parse_json(text);
}

TEST(SpecValueTest, CanonicalNanIsQuietWithEmptyPayloadEitherSign) {
  EXPECT_TRUE(is_canonical_nan(uint32_t(0x7fc00000)));
  EXPECT_TRUE(is_canonical_nan(uint32_t(0xffc00000)));
  EXPECT_FALSE(is_canonical_nan(uint32_t(0x7fc00001)));  // payload
  EXPECT_FALSE(is_canonical_nan(uint32_t(0x7fa00000)));  // signalling
  EXPECT_FALSE(is_canonical_nan(uint32_t(0x7f800000)));  // infinity
  EXPECT_TRUE(is_canonical_nan(uint64_t(0x7ff8000000000000)));
  EXPECT_TRUE(is_canonical_nan(uint64_t(0xfff8000000000000)));
  EXPECT_FALSE(is_canonical_nan(uint64_t(0x7ff8000000000001)));
  EXPECT_FALSE(is_canonical_nan(uint64_t(0x7ff0000000000001)));
}

TEST(SpecValueTest, ArithmeticNanIsAnyQuietNan) {
  EXPECT_TRUE(is_arithmetic_nan(uint32_t(0x7fc00000)));
  EXPECT_TRUE(is_arithmetic_nan(uint32_t(0xffc00123)));
  EXPECT_FALSE(is_arithmetic_nan(uint32_t(0x7f800001)));  // signalling
  EXPECT_FALSE(is_arithmetic_nan(uint32_t(0x7f800000)));  // infinity
  EXPECT_FALSE(is_arithmetic_nan(uint32_t(0x3fc00000)));  // 1.5
  EXPECT_TRUE(is_arithmetic_nan(uint64_t(0xfff8000000000abc)));
  EXPECT_FALSE(is_arithmetic_nan(uint64_t(0x7ff4000000000000)));
}

TEST(SpecValueTest, FloatsMatchBitExactly) {
  EXPECT_TRUE(f32_matches("2147483648", 0x80000000));  // -0
  EXPECT_FALSE(f32_matches("0", 0x80000000));          // +0 is not -0
  EXPECT_TRUE(f64_matches("9221120237041090560", 0x7ff8000000000000));
  EXPECT_FALSE(f64_matches("9221120237041090560", 0xfff8000000000000));  // sign of a NaN counts
  EXPECT_TRUE(f32_matches("nan:canonical", 0xffc00000));
  EXPECT_FALSE(f32_matches("nan:canonical", 0x7fc00001));
  EXPECT_TRUE(f32_matches("nan:arithmetic", 0x7fc00001));
  EXPECT_THROW(f32_matches("4294967296", 0), ValueError);  // beyond 32 bits
  EXPECT_THROW(f64_matches("nan", 0), ValueError);
}

TEST(SpecValueTest, ParsesArguments) {
  EXPECT_EQ(parse_value(json(R"({"type":"i32","value":"4294967295"})")).as_i32(), -1);
  EXPECT_EQ(parse_value(json(R"({"type":"i64","value":"18446744073709551615"})")).as_i64(), -1);
  EXPECT_EQ(parse_value(json(R"({"type":"f32","value":"1069547520"})")).as_f32(), 1.5f);
  Value null_ref = parse_value(json(R"({"type":"externref","value":"null"})"));
  EXPECT_EQ(null_ref.type(), ValType::ExternRef);
  EXPECT_TRUE(null_ref.is_null());
  // Host reference 0 must not become the null handle.
  EXPECT_EQ(parse_value(json(R"({"type":"externref","value":"0"})")).as_externref(), 1u);
  Value v = parse_value(json(R"({"type":"v128","lane_type":"i16","value":
      ["1","2","3","4","5","6","7","65535"]})"));
  std::array<uint8_t, 16> bytes = v.as_v128();
  EXPECT_EQ(bytes[0], 1);
  EXPECT_EQ(bytes[2], 2);
  EXPECT_EQ(bytes[14], 0xff);
  EXPECT_EQ(bytes[15], 0xff);
  EXPECT_THROW(parse_value(json(R"({"type":"i32","value":"-1"})")), ValueError);
  EXPECT_THROW(parse_value(json(R"({"type":"i128","value":"0"})")), ValueError);
}

TEST(SpecValueTest, MatchesResults) {
  EXPECT_TRUE(value_matches(json(R"({"type":"i32","value":"4294967295"})"), Value::i32(-1)));
  EXPECT_FALSE(value_matches(json(R"({"type":"i64","value":"4294967295"})"), Value::i32(-1)));
  EXPECT_TRUE(value_matches(json(R"({"type":"f64","value":"nan:canonical"})"),
                            Value::f64_bits(0xfff8000000000000)));
  EXPECT_TRUE(value_matches(json(R"({"type":"externref","value":"3"})"), Value::externref(4)));
  EXPECT_FALSE(value_matches(json(R"({"type":"externref","value":"null"})"), Value::externref(1)));
  EXPECT_TRUE(
      value_matches(json(R"({"type":"funcref","value":"null"})"), Value::null(ValType::FuncRef)));
  EXPECT_FALSE(
      value_matches(json(R"({"type":"funcref","value":"null"})"), Value::null(ValType::ExternRef)));
  // A float lane of a v128 can hold a NaN pattern.
  std::array<uint8_t, 16> bytes{};
  bytes[2] = 0xc0;
  bytes[3] = 0x7f;
  EXPECT_TRUE(value_matches(json(R"({"type":"v128","lane_type":"f32",
      "value":["nan:canonical","0","0","0"]})"),
                            Value::v128(bytes)));
  EXPECT_FALSE(value_matches(json(R"({"type":"v128","lane_type":"f32",
      "value":["0","nan:canonical","0","0"]})"),
                             Value::v128(bytes)));
}

}  // namespace
}  // namespace gowasm::spec
