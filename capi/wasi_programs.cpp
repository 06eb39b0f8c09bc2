// The C API for WASI preview 1 commands: one call runs one to its end.
#include "gowasm/wasi.h"
#include "handles.h"

using namespace gowasm::capi;

extern "C" {

bool gowasm_module_is_wasi(const gowasm_module* module) {
  return module && gowasm::imports_wasi(*module->module);
}

bool gowasm_wasi_run(const gowasm_module* module, const gowasm_go_options* options, int* exit_code,
                     gowasm_error** error) {
  if (!module) {  // a failed load's NULL, passed on unchecked
    fail(error, GOWASM_ERROR_ARGUMENT, "no module (NULL)");
    return false;
  }
  try {
    const gowasm::ProgramResult r =
        gowasm::run_wasi_program(module->module, options ? gowasm::ProgramOptions(options->options)
                                                         : gowasm::ProgramOptions{});
    if (r.trap) {
      fail(error, *r.trap);
      return false;
    }
    if (exit_code) *exit_code = r.exit_code;
    return true;
  } catch (const gowasm::InstantiationTrap& e) {
    fail(error, e.trap());
  } catch (const std::exception& e) {
    fail(error, GOWASM_ERROR_LINK, e.what());
  }
  return false;
}

}  // extern "C"
