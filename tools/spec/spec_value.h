// Values as wast2json writes them in action arguments and expected results,
// {"type": "f32", "value": "1065353216"}, and the spec's rules for comparing
// results with them. Numbers come as the unsigned decimal of their bits, so
// floats compare bit for bit; the NaN patterns "nan:canonical" and
// "nan:arithmetic" accept a set of NaNs instead, because the spec leaves the
// payload of a NaN result partly to the engine.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "gowasm/value.h"
#include "spec/json.h"

namespace gowasm::spec {

// A value the runner cannot read: an unknown type or a malformed number.
class ValueError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Host reference N of a script is the externref handle N + 1, so that the
// script's references never collide with the null handle 0.
inline uint64_t externref_handle(uint64_t script_reference) {
  return script_reference + 1;
}

// The canonical NaNs are the quiet NaNs with an empty payload, of either sign.
inline bool is_canonical_nan(uint32_t f32_bits) {
  return (f32_bits & 0x7fffffffu) == 0x7fc00000u;
}
inline bool is_canonical_nan(uint64_t f64_bits) {
  return (f64_bits & 0x7fffffffffffffffu) == 0x7ff8000000000000u;
}
// The arithmetic NaNs are the NaNs with the quiet bit set, any payload, either sign.
inline bool is_arithmetic_nan(uint32_t f32_bits) {
  return (f32_bits & 0x7fc00000u) == 0x7fc00000u;
}
inline bool is_arithmetic_nan(uint64_t f64_bits) {
  return (f64_bits & 0x7ff8000000000000u) == 0x7ff8000000000000u;
}

// Whether float bits match a script's value text: the decimal of the
// expected bits, "nan:canonical" or "nan:arithmetic". Throws ValueError on other text.
bool f32_matches(std::string_view expected, uint32_t bits);
bool f64_matches(std::string_view expected, uint64_t bits);

// An action argument. Throws ValueError or JsonError.
Value parse_value(const JsonValue& json);

// Whether `got` is a result `expected` allows. A reference expected without
// a value, or a non-null funcref, stands for any non-null reference of its
// type: a script cannot name a function instance. Throws ValueError or JsonError.
bool value_matches(const JsonValue& expected, const Value& got);

// For detail lines: "f32:1.5 (0x3fc00000)", "i32:4294967295 (-1)", "externref:3" (script
// numbering).
std::string describe(const Value& value);
// An expected value as the script writes it: "f32:nan:canonical", "i32:7", "v128:i32[1 2 3 4]".
std::string describe_expected(const JsonValue& expected);

}  // namespace gowasm::spec
