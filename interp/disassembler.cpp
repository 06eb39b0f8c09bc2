// See disassembler.h. Branch targets print as instruction indices.
#include "disassembler.h"

#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

#include "handlers.h"
#include "module_code.h"
#include "native/routines.h"

namespace gowasm::interp {
namespace {

// The control handlers' c roles (control.def); ops.def handlers hold bits
// or, in their compare-and-branch forms, a target, which operand_c finds by
// its address.
CRole c_role(const void* handler) {
  static const std::map<const void*, CRole> roles = [] {
    std::map<const void*, CRole> m;
#define CONTROL(name, role) m.emplace(handler_address(Handler::name), CRole::role);
#include "control.def"
#undef CONTROL
    return m;
  }();
  auto it = roles.find(handler);
  return it == roles.end() ? CRole::Bits : it->second;
}

std::string function_name(const Module& module, uint32_t index) {
  std::string name = "func " + std::to_string(index);
  const std::string_view debug = module.function_name(index);
  if (!debug.empty()) name += " (" + std::string(debug) + ")";
  return name;
}

// How an instruction's c reads: a branch target ("-> 4"), br_table's
// targets ("c=[8 8 31 37]"), the constant pool, an object of the instance
// ("func 2 (callee)", "global 0"), or else the number itself.
std::string operand_c(const CompiledFunction& function, const Module& module, const Instr& in,
                      CRole role) {
  const Instr* base = function.code.get();
  const auto* target = reinterpret_cast<const Instr*>(in.c);
  if (target >= base && target < base + function.code_size)
    return "-> " + std::to_string(target - base);
  if (!function.constants.empty() && in.c == reinterpret_cast<uintptr_t>(function.constants.data()))
    return "c=(constants)";
  switch (role) {
    case CRole::JumpTable: {
      const auto* table = reinterpret_cast<const Instr* const*>(in.c);
      std::string text = "c=[";  // a: the target count, the default not included
      for (uint32_t t = 0; t <= in.a; ++t) text += (t ? " " : "") + std::to_string(table[t] - base);
      return text + "]";
    }
    case CRole::Callee:
      return "c=" + function_name(module, reinterpret_cast<const FunctionCode*>(in.c)->index);
    case CRole::Function: return "c=" + function_name(module, uint32_t(in.c));
    case CRole::Global: return "c=global " + std::to_string(in.c);
    case CRole::Table: return "c=table " + std::to_string(in.c);
    case CRole::Native:
      return "c=" + std::string(reinterpret_cast<const NativeEntry*>(in.c)->routine->name);
    default: return "c=" + std::to_string(in.c);
  }
}

}  // namespace

std::string disassemble(const CompiledFunction& function, const Module& module) {
  std::string text;
  const Instr* base = function.code.get();
  for (size_t i = 0; i < function.code_size; ++i) {
    const Instr& in = base[i];
    const Handler handler = handler_at(in.handler);
    const char* name = handler == Handler::kCount ? "(operand)" : handler_name(handler);
    const CRole role = c_role(in.handler);
    char head[80];
    std::snprintf(head, sizeof head, "%5zu  %-24s a=%u b=%u ", i, name, in.a, in.b);
    text += head + operand_c(function, module, in, role) + "\n";
  }
  return text;
}

}  // namespace gowasm::interp
