// The opcode table, built at compile time from opcodes.def.
#include "instruction.h"

namespace gowasm {
namespace {

constexpr ValType type_of_letter(char c) {
  switch (c) {
    case 'i': return ValType::I32;
    case 'l': return ValType::I64;
    case 'f': return ValType::F32;
    case 'd': return ValType::F64;
    default: return ValType::V128;
  }
}

// "params:results", e.g. "ii:i"; the empty string means "typed by hand".
constexpr Signature parse_signature(std::string_view text) {
  Signature sig;
  if (text.empty()) return sig;
  sig.is_fixed = true;
  size_t i = 0;
  for (; text[i] != ':'; ++i) sig.params[sig.param_count++] = type_of_letter(text[i]);
  if (i + 1 < text.size()) {
    sig.result = type_of_letter(text[i + 1]);
    sig.result_count = 1;
  }
  return sig;
}

constexpr std::array<OpcodeInfo, kOpcodeSpace> build_table() {
  std::array<OpcodeInfo, kOpcodeSpace> table{};
#define WASM_OP(id, prefix, code, text, imm, sig, align, lanes) \
  table[opcode_key(prefix, code)] =                             \
      OpcodeInfo{text, Immediate::imm, parse_signature(sig), align, lanes};
#include "opcodes.def"
#undef WASM_OP
  return table;
}

}  // namespace

constexpr std::array<OpcodeInfo, kOpcodeSpace> kOpcodeTable = build_table();

}  // namespace gowasm
