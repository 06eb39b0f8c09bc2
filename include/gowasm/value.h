// A typed WebAssembly value as the API passes it in and out: numbers by
// their bits, references as opaque handles (null is 0).
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <string>

#include "gowasm/types.h"

namespace gowasm {

struct FunctionInstance;

class Value {
 public:
  Value() = default;
  static Value i32(int32_t v) { return Value(ValType::I32, uint32_t(v)); }
  static Value i64(int64_t v) { return Value(ValType::I64, uint64_t(v)); }
  static Value f32(float v) { return Value(ValType::F32, std::bit_cast<uint32_t>(v)); }
  static Value f64(double v) { return Value(ValType::F64, std::bit_cast<uint64_t>(v)); }
  static Value f32_bits(uint32_t bits) { return Value(ValType::F32, bits); }
  static Value f64_bits(uint64_t bits) { return Value(ValType::F64, bits); }
  static Value v128(const std::array<uint8_t, 16>& bytes) {
    Value v(ValType::V128, 0);
    std::memcpy(&v.bits_, bytes.data(), 8);
    std::memcpy(&v.high_, bytes.data() + 8, 8);
    return v;
  }
  static Value null(ValType reference_type) { return Value(reference_type, 0); }
  static Value funcref(const FunctionInstance* f) {
    return Value(ValType::FuncRef, reinterpret_cast<uintptr_t>(f));
  }
  // A host value for an externref; 0 is the null reference.
  static Value externref(uint64_t handle) { return Value(ValType::ExternRef, handle); }
  // Any type from raw slot bits (the low 64 bits for v128).
  // 32-bit values keep only their low half: an interpreter slot may carry
  // other bits above an i32 (i32.wrap_i64 costs nothing that way).
  static Value from_bits(ValType type, uint64_t bits) {
    const bool narrow = type == ValType::I32 || type == ValType::F32;
    return Value(type, narrow ? uint32_t(bits) : bits);
  }

  ValType type() const { return type_; }
  int32_t as_i32() const { return int32_t(uint32_t(bits_)); }
  int64_t as_i64() const { return int64_t(bits_); }
  float as_f32() const { return std::bit_cast<float>(uint32_t(bits_)); }
  double as_f64() const { return std::bit_cast<double>(bits_); }
  std::array<uint8_t, 16> as_v128() const {
    std::array<uint8_t, 16> bytes;
    std::memcpy(bytes.data(), &bits_, 8);
    std::memcpy(bytes.data() + 8, &high_, 8);
    return bytes;
  }
  const FunctionInstance* as_funcref() const {
    return reinterpret_cast<const FunctionInstance*>(uintptr_t(bits_));
  }
  uint64_t as_externref() const { return bits_; }
  bool is_null() const { return bits_ == 0; }
  // The raw 64 bits: what an interpreter slot holds.
  uint64_t bits() const { return bits_; }

  // "i32:42", "f64:1.5", "funcref:null", ...
  std::string to_string() const;

 private:
  Value(ValType type, uint64_t bits) : type_(type), bits_(bits) {}

  ValType type_ = ValType::I32;
  uint64_t bits_ = 0;
  uint64_t high_ = 0;
};

// A number as JavaScript's Number.prototype.toString prints it: the
// shortest digits that read back as `value`, positional for exponents in
// [-7, 21), exponential otherwise ("0.1", "1e+21", "-0" prints "0", "NaN").
// gowasm-run --invoke prints results so, as Node.js does.
std::string format_number(double value);

}  // namespace gowasm
