// Reading wast2json values and matching results against them. v128 values
// are a lane type and one decimal per lane; an expected v128 is matched lane
// by lane, so that float lanes can hold NaN patterns as scalars can.
#include "spec/spec_value.h"

#include <array>
#include <bit>
#include <charconv>
#include <cinttypes>
#include <cstdio>
#include <cstring>

namespace gowasm::spec {
namespace {

// The unsigned decimal `text` as a number of at most `max`; throws ValueError otherwise.
uint64_t parse_unsigned(std::string_view text, uint64_t max) {
  uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value > max)
    throw ValueError("bad number \"" + std::string(text) + "\"");
  return value;
}

bool is_nan_pattern(std::string_view text) {
  return text == "nan:canonical" || text == "nan:arithmetic";
}

const std::string& value_text(const JsonValue& json) {
  return json.at("value").as_string();
}

ValType parse_type(std::string_view name) {
  if (name == "i32") return ValType::I32;
  if (name == "i64") return ValType::I64;
  if (name == "f32") return ValType::F32;
  if (name == "f64") return ValType::F64;
  if (name == "v128") return ValType::V128;
  if (name == "funcref") return ValType::FuncRef;
  if (name == "externref") return ValType::ExternRef;
  throw ValueError("unknown value type \"" + std::string(name) + "\"");
}

// The lane shape of a v128 value: bytes per lane, and whether lanes are floats.
struct LaneShape {
  size_t bytes;
  bool is_float;
};

LaneShape lane_shape(std::string_view lane_type) {
  if (lane_type == "i8") return {1, false};
  if (lane_type == "i16") return {2, false};
  if (lane_type == "i32") return {4, false};
  if (lane_type == "i64") return {8, false};
  if (lane_type == "f32") return {4, true};
  if (lane_type == "f64") return {8, true};
  throw ValueError("unknown v128 lane type \"" + std::string(lane_type) + "\"");
}

const JsonValue::Array& v128_lanes(const JsonValue& json, LaneShape shape) {
  const JsonValue::Array& lanes = json.at("value").as_array();
  if (lanes.size() * shape.bytes != 16)
    throw ValueError("v128 with " + std::to_string(lanes.size()) + " lanes of " +
                     std::to_string(shape.bytes) + " bytes");
  return lanes;
}

uint64_t lane_bits(const std::array<uint8_t, 16>& bytes, size_t lane, size_t size) {
  uint64_t bits = 0;
  std::memcpy(&bits, bytes.data() + lane * size, size);  // little-endian host, as wasm
  return bits;
}

std::string f32_text(uint32_t bits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.9g (0x%08" PRIx32 ")", double(std::bit_cast<float>(bits)),
                bits);
  return text;
}

std::string f64_text(uint64_t bits) {
  char text[80];
  std::snprintf(text, sizeof text, "%.17g (0x%016" PRIx64 ")", std::bit_cast<double>(bits), bits);
  return text;
}

std::string integer_text(uint64_t bits, int width) {
  const int64_t as_signed = width == 32 ? int64_t(int32_t(uint32_t(bits))) : int64_t(bits);
  std::string text = std::to_string(bits);
  if (as_signed < 0) text += " (" + std::to_string(as_signed) + ")";
  return text;
}

// One expected scalar in script form, readable: floats as a number and bits.
std::string expected_scalar_text(std::string_view type, std::string_view text) {
  if (is_nan_pattern(text)) return std::string(text);
  if (type == "f32") return f32_text(uint32_t(parse_unsigned(text, UINT32_MAX)));
  if (type == "f64") return f64_text(parse_unsigned(text, UINT64_MAX));
  return std::string(text);
}

}  // namespace

bool f32_matches(std::string_view expected, uint32_t bits) {
  if (expected == "nan:canonical") return is_canonical_nan(bits);
  if (expected == "nan:arithmetic") return is_arithmetic_nan(bits);
  return bits == parse_unsigned(expected, UINT32_MAX);
}

bool f64_matches(std::string_view expected, uint64_t bits) {
  if (expected == "nan:canonical") return is_canonical_nan(bits);
  if (expected == "nan:arithmetic") return is_arithmetic_nan(bits);
  return bits == parse_unsigned(expected, UINT64_MAX);
}

Value parse_value(const JsonValue& json) {
  const ValType type = parse_type(json.at("type").as_string());
  switch (type) {
    case ValType::I32:
      return Value::i32(int32_t(uint32_t(parse_unsigned(value_text(json), UINT32_MAX))));
    case ValType::I64: return Value::i64(int64_t(parse_unsigned(value_text(json), UINT64_MAX)));
    case ValType::F32:
      return Value::f32_bits(uint32_t(parse_unsigned(value_text(json), UINT32_MAX)));
    case ValType::F64: return Value::f64_bits(parse_unsigned(value_text(json), UINT64_MAX));
    case ValType::V128: {
      const LaneShape shape = lane_shape(json.at("lane_type").as_string());
      std::array<uint8_t, 16> bytes{};
      const JsonValue::Array& lanes = v128_lanes(json, shape);
      const uint64_t max = shape.bytes == 8 ? UINT64_MAX : (uint64_t(1) << (8 * shape.bytes)) - 1;
      for (size_t i = 0; i < lanes.size(); ++i) {
        const uint64_t bits = parse_unsigned(lanes[i].as_string(), max);
        std::memcpy(bytes.data() + i * shape.bytes, &bits, shape.bytes);
      }
      return Value::v128(bytes);
    }
    case ValType::FuncRef:
      // Only null: a script has no way to name a function instance.
      if (value_text(json) != "null") throw ValueError("a funcref argument other than null");
      return Value::null(ValType::FuncRef);
    case ValType::ExternRef: {
      const std::string& text = value_text(json);
      if (text == "null") return Value::null(ValType::ExternRef);
      return Value::externref(externref_handle(parse_unsigned(text, UINT64_MAX - 1)));
    }
  }
  throw ValueError("unknown value type");
}

bool value_matches(const JsonValue& expected, const Value& got) {
  const ValType type = parse_type(expected.at("type").as_string());
  if (got.type() != type) return false;
  switch (type) {
    case ValType::I32:
      return uint32_t(got.as_i32()) == parse_unsigned(value_text(expected), UINT32_MAX);
    case ValType::I64:
      return uint64_t(got.as_i64()) == parse_unsigned(value_text(expected), UINT64_MAX);
    case ValType::F32: return f32_matches(value_text(expected), uint32_t(got.bits()));
    case ValType::F64: return f64_matches(value_text(expected), got.bits());
    case ValType::V128: {
      const LaneShape shape = lane_shape(expected.at("lane_type").as_string());
      const std::array<uint8_t, 16> bytes = got.as_v128();
      const JsonValue::Array& lanes = v128_lanes(expected, shape);
      const uint64_t max = shape.bytes == 8 ? UINT64_MAX : (uint64_t(1) << (8 * shape.bytes)) - 1;
      for (size_t i = 0; i < lanes.size(); ++i) {
        const std::string& text = lanes[i].as_string();
        const uint64_t bits = lane_bits(bytes, i, shape.bytes);
        bool lane_ok;
        if (shape.is_float && shape.bytes == 4) {
          lane_ok = f32_matches(text, uint32_t(bits));
        } else if (shape.is_float) {
          lane_ok = f64_matches(text, bits);
        } else {
          lane_ok = bits == parse_unsigned(text, max);
        }
        if (!lane_ok) return false;
      }
      return true;
    }
    case ValType::FuncRef:
    case ValType::ExternRef: {
      const JsonValue* value = expected.find("value");
      if (!value) return !got.is_null();
      const std::string& text = value->as_string();
      if (text == "null") return got.is_null();
      if (type == ValType::FuncRef) return !got.is_null();
      return got.as_externref() == externref_handle(parse_unsigned(text, UINT64_MAX - 1));
    }
  }
  return false;
}

std::string describe(const Value& value) {
  switch (value.type()) {
    case ValType::I32: return "i32:" + integer_text(uint32_t(value.as_i32()), 32);
    case ValType::I64: return "i64:" + integer_text(uint64_t(value.as_i64()), 64);
    case ValType::F32: return "f32:" + f32_text(uint32_t(value.bits()));
    case ValType::F64: return "f64:" + f64_text(value.bits());
    case ValType::ExternRef:
      if (value.is_null()) return "externref:null";
      return "externref:" + std::to_string(value.as_externref() - 1);
    case ValType::V128:
    case ValType::FuncRef: return value.to_string();
  }
  return value.to_string();
}

std::string describe_expected(const JsonValue& expected) {
  const std::string& type = expected.at("type").as_string();
  const JsonValue* value = expected.find("value");
  if (!value) return type + ":non-null";
  if (value->type() == JsonValue::Type::Array) {
    const std::string& lane_type = expected.at("lane_type").as_string();
    std::string text = type + ":" + lane_type + "[";
    const JsonValue::Array& lanes = value->as_array();
    for (size_t i = 0; i < lanes.size(); ++i) {
      if (i > 0) text += ' ';
      text += lanes[i].as_string();
    }
    return text + "]";
  }
  if (type == "funcref" && value->as_string() != "null") return "funcref:non-null";
  return type + ":" + expected_scalar_text(type, value->as_string());
}

}  // namespace gowasm::spec
