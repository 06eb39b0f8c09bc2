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

namespace {

std::shared_ptr<Instance> instantiate_with_host(std::shared_ptr<const Module> module,
                                                const ProgramOptions& options) {
  Imports imports;
  std::make_shared<wasi::WasiHost>(options)->add_imports(imports);
  return Instance::instantiate(std::move(module), imports, options.instance);
}

}  // namespace

std::shared_ptr<Instance> instantiate_wasi(std::shared_ptr<const Module> module,
                                           ProgramOptions options) {
  const Export* initialize = module->find_export("_initialize");
  const bool reactor = initialize && initialize->kind == ExternKind::Function &&
                       module->function_type(initialize->index) == FuncType{};
  std::shared_ptr<Instance> instance = instantiate_with_host(std::move(module), options);
  if (reactor) {
    if (CallResult r = instance->call("_initialize", {}); r.trap) {
      throw InstantiationTrap(std::move(*r.trap), instance);
    }
  }
  return instance;
}

ProgramResult run_wasi_program(std::shared_ptr<const Module> module, ProgramOptions options) {
  if (!is_wasi_command(*module)) {
    throw LinkError(
        "not a WASI command: it must import wasi_snapshot_preview1 and export _start () -> ()");
  }
  const std::shared_ptr<Instance> instance = instantiate_with_host(std::move(module), options);
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
