// Printing values.
#include "gowasm/value.h"

#include <cstdio>

namespace gowasm {

std::string Value::to_string() const {
  char text[64];
  switch (type_) {
    case ValType::I32: std::snprintf(text, sizeof text, "i32:%d", as_i32()); break;
    case ValType::I64: std::snprintf(text, sizeof text, "i64:%lld", (long long)as_i64()); break;
    case ValType::F32: std::snprintf(text, sizeof text, "f32:%.9g", double(as_f32())); break;
    case ValType::F64: std::snprintf(text, sizeof text, "f64:%.17g", as_f64()); break;
    case ValType::V128:
      std::snprintf(text, sizeof text, "v128:0x%016llx%016llx", (unsigned long long)high_,
                    (unsigned long long)bits_);
      break;
    case ValType::FuncRef:
    case ValType::ExternRef:
      if (is_null()) {
        std::snprintf(text, sizeof text, "%s:null", std::string(gowasm::to_string(type_)).c_str());
      } else {
        std::snprintf(text, sizeof text, "%s:0x%llx", std::string(gowasm::to_string(type_)).c_str(),
                      (unsigned long long)bits_);
      }
      break;
  }
  return text;
}

}  // namespace gowasm
