// Printable names of the type vocabulary.
#include "gowasm/types.h"

namespace gowasm {

std::string_view to_string(ValType type) {
  switch (type) {
    case ValType::I32: return "i32";
    case ValType::I64: return "i64";
    case ValType::F32: return "f32";
    case ValType::F64: return "f64";
    case ValType::V128: return "v128";
    case ValType::FuncRef: return "funcref";
    case ValType::ExternRef: return "externref";
  }
  return "?";
}

std::string_view to_string(ExternKind kind) {
  switch (kind) {
    case ExternKind::Function: return "func";
    case ExternKind::Table: return "table";
    case ExternKind::Memory: return "memory";
    case ExternKind::Global: return "global";
  }
  return "?";
}

std::string FuncType::to_string() const {
  auto list = [](const std::vector<ValType>& types) {
    std::string text = "(";
    for (size_t i = 0; i < types.size(); ++i) {
      if (i) text += ", ";
      text += gowasm::to_string(types[i]);
    }
    return text + ")";
  };
  return list(params) + " -> " + list(results);
}

}  // namespace gowasm
