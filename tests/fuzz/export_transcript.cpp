// See export_transcript.h.
#include "export_transcript.h"

#include <cinttypes>
#include <cstdio>

#include "gowasm/instance.h"

namespace gowasm::fuzz {
namespace {

std::string value_text(const Value& v) {
  char text[64];
  switch (v.type()) {
    case ValType::I32: std::snprintf(text, sizeof text, "i32 %" PRId32, v.as_i32()); break;
    case ValType::I64: std::snprintf(text, sizeof text, "i64 %" PRId64, int64_t(v.bits())); break;
    case ValType::F32:
      std::snprintf(text, sizeof text, "f32 0x%08" PRIx32, uint32_t(v.bits()));
      break;
    case ValType::F64: std::snprintf(text, sizeof text, "f64 0x%016" PRIx64, v.bits()); break;
    default: return v.bits() ? "ref" : "null";
  }
  return text;
}

// binaryen's -ttf modules import log-i32, log-i64, log-f32 and log-f64
// from "fuzzing-support"; each logs its argument.
Imports fuzzing_support(const Module& module, std::string& transcript) {
  Imports imports;
  for (const Import& import : module.imports) {
    if (import.module != "fuzzing-support" || import.kind != ExternKind::Function) continue;
    imports.add_function(import.module, import.name, module.types[import.function_type],
                         [&transcript](HostCall& call) -> std::optional<Trap> {
                           transcript += "log";
                           for (const Value& v : call.args) transcript += " " + value_text(v);
                           transcript += "\n";
                           return std::nullopt;
                         });
  }
  return imports;
}

}  // namespace

std::string transcribe_exports(const std::shared_ptr<const Module>& module,
                               const TranscriptLimits& limits) {
  std::string transcript;
  InstanceOptions options;
  options.fuel = limits.fuel;
  options.max_memory_pages = limits.max_memory_pages;
  options.max_call_depth = limits.max_call_depth;
  options.value_stack_slots = limits.value_stack_slots;
  std::shared_ptr<Instance> instance;
  try {
    instance = Instance::instantiate(module, fuzzing_support(*module, transcript), options);
  } catch (const InstantiationTrap& e) {
    return transcript + "instantiate trap " + e.trap().message + "\n";
  } catch (const LinkError& e) {
    return transcript + "instantiate link error " + e.what() + "\n";
  }
  // binaryen's -ttf modules bound their loops and recursion by a global
  // that this export resets; --fuzz-exec calls it before every export.
  const FunctionInstance* reset = instance->exported_function("hangLimitInitializer");
  for (const Export& e : module->exports) {
    if (e.kind != ExternKind::Function) continue;
    transcript += "call " + e.name + "\n";
    if (reset) instance->call(*reset, {});
    const FunctionInstance* function = instance->exported_function(e.name);
    const FuncType& type = instance->function_type(*function);
    std::vector<Value> args;
    for (ValType t : type.params) args.push_back(Value::from_bits(t, 0));
    const CallResult result = instance->call(*function, args);
    if (result.trap) {
      transcript += "trap " + result.trap->message + "\n";
      if (result.trap->kind == TrapKind::OutOfFuel) break;  // it stays stopped
      continue;
    }
    transcript += "result";
    for (const Value& v : result.results) transcript += " " + value_text(v);
    transcript += "\n";
  }
  return transcript;
}

}  // namespace gowasm::fuzz
