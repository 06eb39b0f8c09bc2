// gowasm/wasi.h: a WASI command run to its end over WasiHost.
#include "gowasm/wasi.h"
#include "wasi_host.h"

namespace gowasm {

bool imports_wasi(const Module& module) {
  for (const Import& i : module.imports) {
    if (i.module == "wasi_snapshot_preview1") return true;
  }
  return false;
}

bool is_wasi_command(const Module& module) {
  const Export* start = module.find_export("_start");
  return imports_wasi(module) && start && start->kind == ExternKind::Function &&
         module.function_type(start->index) == FuncType{};
}

ProgramResult run_wasi_program(std::shared_ptr<const Module> module, ProgramOptions options) {
  if (!is_wasi_command(*module)) {
    throw LinkError(
        "not a WASI command: it must import wasi_snapshot_preview1 and export _start () -> ()");
  }
  Imports imports;
  std::make_shared<wasi::WasiHost>(options)->add_imports(imports);
  const std::shared_ptr<Instance> instance =
      Instance::instantiate(std::move(module), imports, options.instance);
  CallResult r = instance->call("_start", {});
  ProgramResult result;
  if (r.trap && r.trap->kind == TrapKind::Exit) {
    result.exit_code = r.trap->exit_code;
  } else if (r.trap) {
    result.outcome = ProgramResult::Outcome::Trapped;
    result.trap = std::move(r.trap);
  }
  return result;
}

}  // namespace gowasm
