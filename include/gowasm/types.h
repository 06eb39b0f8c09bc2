// The WebAssembly type vocabulary shared by the module model, the validator
// and the runtime: value types, function types, limits and extern types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gowasm {

// Values are the type's byte in the binary format, so decoding is a check, not a table look-up.
enum class ValType : uint8_t {
  I32 = 0x7F,
  I64 = 0x7E,
  F32 = 0x7D,
  F64 = 0x7C,
  V128 = 0x7B,
  FuncRef = 0x70,
  ExternRef = 0x6F,
};

std::string_view to_string(ValType type);
inline bool is_reference(ValType type) {
  return type == ValType::FuncRef || type == ValType::ExternRef;
}

struct FuncType {
  std::vector<ValType> params;
  std::vector<ValType> results;

  bool operator==(const FuncType&) const = default;
  std::string to_string() const;  // "(i32, i64) -> (f32)"
};

// Sizes in pages for memories, in elements for tables.
struct Limits {
  uint32_t min = 0;
  std::optional<uint32_t> max;

  bool operator==(const Limits&) const = default;
};

struct TableType {
  ValType element = ValType::FuncRef;
  Limits limits;
};

struct MemoryType {
  Limits limits;
};

struct GlobalType {
  ValType type = ValType::I32;
  bool is_mutable = false;
};

enum class ExternKind : uint8_t { Function = 0, Table = 1, Memory = 2, Global = 3 };
std::string_view to_string(ExternKind kind);

}  // namespace gowasm
