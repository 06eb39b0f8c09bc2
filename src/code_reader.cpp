// Instruction decoding; see code_reader.h.
#include "code_reader.h"

#include <algorithm>

namespace gowasm {

ValType read_value_type(ByteReader& in) {
  const size_t at = in.offset();
  const uint8_t b = in.u8();
  switch (b) {
    case 0x7F:
    case 0x7E:
    case 0x7D:
    case 0x7C:
    case 0x7B:
    case 0x70:
    case 0x6F: return ValType(b);
    default: in.fail_at("malformed value type", at);
  }
}

ValType read_reference_type(ByteReader& in) {
  const size_t at = in.offset();
  const uint8_t b = in.u8();
  if (b != 0x70 && b != 0x6F) in.fail_at("malformed reference type", at);
  return ValType(b);
}

ValType CodeReader::read_value_type() {
  return gowasm::read_value_type(in_);
}
ValType CodeReader::read_reference_type() {
  return gowasm::read_reference_type(in_);
}

void CodeReader::expect_zero_byte() {
  const size_t at = in_.offset();
  if (in_.u8() != 0) in_.fail_at("zero byte expected", at);
}

void CodeReader::read_memarg(Instruction& out) {
  out.memarg.align_log2 = in_.u32();
  out.memarg.offset = in_.u32();
}

void CodeReader::read(Instruction& out) {
  out.offset = uint32_t(in_.offset());
  const uint8_t first = in_.u8();
  uint16_t key = first;
  if (first == 0xFC || first == 0xFD) {
    const uint32_t sub = in_.u32();
    if (sub >= 0x100) in_.fail_at("illegal opcode", out.offset);
    key = opcode_key(first, sub);
  }
  out.opcode = Opcode(key);
  const OpcodeInfo& info = opcode_info(out.opcode);
  if (info.name.empty()) in_.fail_at("illegal opcode", out.offset);

  switch (info.immediate) {
    case Immediate::None: break;
    case Immediate::BlockType: {
      const int peek = in_.peek();
      if (peek == 0x40) {
        in_.u8();
        out.block = {BlockType::Kind::Empty, {}, 0};
      } else if (peek >= 0x40 && peek < 0x80) {
        // A one-byte negative s33 is a value type.
        out.block = {BlockType::Kind::Value, read_value_type(), 0};
      } else {
        const size_t at = in_.offset();
        const int64_t index = in_.s33();
        if (index < 0) in_.fail_at("malformed value type", at);
        out.block = {BlockType::Kind::TypeIndex, {}, uint32_t(index)};
      }
      break;
    }
    case Immediate::Label:
    case Immediate::Function:
    case Immediate::Local:
    case Immediate::Global:
    case Immediate::Table:
    case Immediate::Data:
    case Immediate::Element: out.index = in_.u32(); break;
    case Immediate::BrTable: {
      const uint32_t n = in_.count();
      targets_.clear();
      targets_.reserve(in_.reservable(n) + 1);
      for (uint64_t i = 0; i <= n; ++i) targets_.push_back(in_.u32());
      out.targets = targets_;
      break;
    }
    case Immediate::CallIndirect:
    case Immediate::TableInit:
    case Immediate::TableCopy:
      out.index = in_.u32();
      out.index2 = in_.u32();
      break;
    case Immediate::MemArg: read_memarg(out); break;
    case Immediate::MemArgLane:
      read_memarg(out);
      out.lane = in_.u8();
      break;
    case Immediate::MemoryByte: expect_zero_byte(); break;
    case Immediate::I32: out.bits = uint32_t(in_.s32()); break;
    case Immediate::I64: out.bits = uint64_t(in_.s64()); break;
    case Immediate::F32: out.bits = in_.fixed32(); break;
    case Immediate::F64: out.bits = in_.fixed64(); break;
    case Immediate::V128:
    case Immediate::Shuffle: std::copy_n(in_.take(16), 16, out.bytes.begin()); break;
    case Immediate::Lane: out.lane = in_.u8(); break;
    case Immediate::SelectTypes: {
      out.type_count = in_.count();
      for (uint32_t i = 0; i < out.type_count; ++i) {
        const ValType t = read_value_type();
        if (i == 0) out.type = t;
      }
      break;
    }
    case Immediate::RefType: out.type = read_reference_type(); break;
    case Immediate::MemoryInit:
      out.index = in_.u32();
      expect_zero_byte();
      break;
    case Immediate::MemoryCopy:
      expect_zero_byte();
      expect_zero_byte();
      break;
  }
}

}  // namespace gowasm
