// The instruction set as data: opcodes generated from opcodes.def, the
// static facts about each (name, immediate kind, operand signature, natural
// alignment) and the decoded form of one instruction that the validator and
// the translator both consume.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "gowasm/types.h"

namespace gowasm {

// One-byte opcodes keep their value; 0xFC-prefixed ones live at 0x100 + sub,
// 0xFD-prefixed ones at 0x200 + sub, so every opcode indexes one dense table.
constexpr uint16_t opcode_key(uint8_t prefix, uint32_t code) {
  return uint16_t(prefix == 0 ? code : (prefix == 0xFC ? 0x100 : 0x200) + code);
}
constexpr size_t kOpcodeSpace = 0x300;

enum class Opcode : uint16_t {
#define WASM_OP(id, prefix, code, ...) id = opcode_key(prefix, code),
#include "opcodes.def"
#undef WASM_OP
};

enum class Immediate : uint8_t {
  None,
  BlockType,
  Label,
  BrTable,
  Function,
  CallIndirect,
  Local,
  Global,
  Table,
  MemArg,
  MemArgLane,
  MemoryByte,  // memory.size/grow/fill: a reserved 0x00 byte
  I32,
  I64,
  F32,
  F64,
  V128,
  Shuffle,
  Lane,
  SelectTypes,
  RefType,
  Data,
  MemoryInit,  // data index, then a reserved 0x00 byte
  MemoryCopy,  // two reserved 0x00 bytes
  TableInit,   // element index, then table index
  Element,
  TableCopy,  // destination table, then source table
};

// Operand and result types of an instruction whose typing is fixed.
struct Signature {
  uint8_t param_count = 0;
  uint8_t result_count = 0;
  std::array<ValType, 3> params{};
  ValType result{};
  bool is_fixed = false;  // false: the validator types the instruction itself
};

struct OpcodeInfo {
  std::string_view name;  // empty: no such opcode
  Immediate immediate = Immediate::None;
  Signature signature;
  uint8_t align_log2 = 0;  // natural alignment of memory accesses
  uint8_t lane_count = 0;  // exclusive bound of a lane immediate
};

extern const std::array<OpcodeInfo, kOpcodeSpace> kOpcodeTable;
inline const OpcodeInfo& opcode_info(Opcode op) {
  return kOpcodeTable[size_t(op)];
}

struct BlockType {
  enum class Kind : uint8_t { Empty, Value, TypeIndex } kind = Kind::Empty;
  ValType value{};
  uint32_t type_index = 0;
};

struct MemArg {
  uint32_t align_log2 = 0;
  uint32_t offset = 0;
};

// A decoded instruction; only the immediates of its Immediate kind are meaningful.
struct Instruction {
  Opcode opcode{};
  uint32_t offset = 0;      // of the first opcode byte in the module
  uint32_t index = 0;       // label, function, local, global, table, type, data or element index
  uint32_t index2 = 0;      // call_indirect and table.init: table; table.copy: source table
  uint32_t type_count = 0;  // select with types: how many the vector held
  ValType type{};           // ref.null, select with types
  BlockType block;
  MemArg memarg;
  uint8_t lane = 0;
  uint64_t bits = 0;                // i32/i64/f32/f64 constants as raw bits
  std::array<uint8_t, 16> bytes{};  // v128.const, i8x16.shuffle
  std::span<const uint32_t>
      targets;  // br_table: the labels, default last; valid until the next read
};

}  // namespace gowasm
