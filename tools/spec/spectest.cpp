// The spectest host module, made of the public objects an embedder can
// create: host functions, globals, a table and a memory.
#include "spec/spectest.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "gowasm/objects.h"

namespace gowasm::spec {
namespace {

std::shared_ptr<Global> immutable_global(const Value& value) {
  return std::make_shared<Global>(GlobalType{value.type(), false}, value);
}

}  // namespace

void add_spectest(Imports& imports) {
  using enum ValType;
  // The reference interpreter prints the arguments; the suite never checks
  // the output, and printing would bury the runner's own.
  auto print_nothing = [](HostCall&) -> std::optional<Trap> { return std::nullopt; };
  const std::vector<std::pair<std::string, std::vector<ValType>>> prints = {
      {"print", {}},
      {"print_i32", {I32}},
      {"print_i64", {I64}},
      {"print_f32", {F32}},
      {"print_f64", {F64}},
      {"print_i32_f32", {I32, F32}},
      {"print_f64_f64", {F64, F64}},
  };
  for (const auto& [name, params] : prints)
    imports.add_function("spectest", name, FuncType{params, {}}, print_nothing);

  imports.add_global("spectest", "global_i32", immutable_global(Value::i32(666)));
  imports.add_global("spectest", "global_i64", immutable_global(Value::i64(666)));
  imports.add_global("spectest", "global_f32", immutable_global(Value::f32(666.6f)));
  imports.add_global("spectest", "global_f64", immutable_global(Value::f64(666.6)));
  imports.add_table("spectest", "table",
                    std::make_shared<Table>(TableType{FuncRef, Limits{10, 20}}));
  imports.add_memory("spectest", "memory", std::make_shared<Memory>(Limits{1, 2}));
}

}  // namespace gowasm::spec
