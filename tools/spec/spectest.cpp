// The spectest host module. Memory, Table and GlobalInstance come from the
// engine's internal runtime.h: the public API has no way yet to create them
// outside an instance.
#include "spec/spectest.h"

#include <bit>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime.h"

namespace gowasm::spec {
namespace {

std::shared_ptr<GlobalInstance> immutable_global(ValType type, uint64_t bits) {
  return std::make_shared<GlobalInstance>(GlobalInstance{GlobalType{type, false}, bits, 0});
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

  imports.add_global("spectest", "global_i32", immutable_global(I32, 666));
  imports.add_global("spectest", "global_i64", immutable_global(I64, 666));
  imports.add_global("spectest", "global_f32",
                     immutable_global(F32, std::bit_cast<uint32_t>(666.6f)));
  imports.add_global("spectest", "global_f64",
                     immutable_global(F64, std::bit_cast<uint64_t>(666.6)));
  imports.add_table("spectest", "table",
                    std::make_shared<Table>(TableType{FuncRef, Limits{10, 20}}));
  imports.add_memory("spectest", "memory", std::make_shared<Memory>(Limits{1, 2}, 65536));
}

}  // namespace gowasm::spec
