// The C API for plain modules: compiling, imports with host functions,
// instances, calls, memory, globals and tables.
#include <vector>

#include "gowasm/file.h"
#include "handles.h"

using namespace gowasm::capi;

namespace {

const gowasm::FunctionInstance* function_of(const gowasm_function* f) {
  return reinterpret_cast<const gowasm::FunctionInstance*>(f);
}

}  // namespace

extern "C" {

gowasm_module* gowasm_module_compile(const uint8_t* bytes, size_t size, gowasm_error** error) {
  try {
    return new gowasm_module{gowasm::Module::compile(std::span<const uint8_t>(bytes, size))};
  } catch (const std::exception& e) {
    fail(error, GOWASM_ERROR_LOAD, e.what());
    return nullptr;
  }
}

gowasm_module* gowasm_module_read_file(const char* path, gowasm_error** error) {
  std::vector<uint8_t> bytes;
  try {
    bytes = gowasm::read_binary_file(path);
  } catch (const std::exception& e) {
    fail(error, GOWASM_ERROR_LOAD, std::string("cannot read ") + e.what());
    return nullptr;
  }
  return gowasm_module_compile(bytes.data(), bytes.size(), error);
}

void gowasm_module_free(gowasm_module* module) {
  delete module;
}

gowasm_imports* gowasm_imports_new(void) {
  return new gowasm_imports{};
}

void gowasm_imports_add_function(gowasm_imports* imports, const char* module, const char* name,
                                 const gowasm_value_kind* params, size_t param_count,
                                 const gowasm_value_kind* results, size_t result_count,
                                 gowasm_host_function function, void* env,
                                 void (*finalizer)(void* env)) {
  gowasm::FuncType type;
  for (size_t i = 0; i < param_count; ++i) type.params.push_back(val_type(params[i]));
  for (size_t i = 0; i < result_count; ++i) type.results.push_back(val_type(results[i]));
  imports->imports.add_function(
      module, name, type,
      [function,
       owner = finalizing(env, finalizer)](gowasm::HostCall& call) -> std::optional<gowasm::Trap> {
        std::vector<gowasm_value> args(call.args.size()), out(call.results.size());
        for (size_t i = 0; i < args.size(); ++i) to_c(call.args[i], args[i]);
        for (size_t i = 0; i < out.size(); ++i) {
          to_c(gowasm::Value::from_bits(call.results[i].type(), 0), out[i]);
        }
        if (const char* trap =
                function(owner.get(), args.data(), args.size(), out.data(), out.size()))
          return gowasm::Trap::host(trap);
        for (size_t i = 0; i < out.size(); ++i) call.results[i] = to_cpp(out[i]);
        return std::nullopt;
      });
}

void gowasm_imports_add_table(gowasm_imports* imports, const char* module, const char* name,
                              const gowasm_table* table) {
  imports->imports.add_table(module, name, table->table);
}

void gowasm_imports_free(gowasm_imports* imports) {
  delete imports;
}

gowasm_instance* gowasm_instance_new(const gowasm_module* module, const gowasm_imports* imports,
                                     const gowasm_limits* limits, gowasm_error** error) {
  if (!module) {  // a failed load's NULL, passed on unchecked
    fail(error, GOWASM_ERROR_ARGUMENT, "no module (NULL)");
    return nullptr;
  }
  try {
    static const gowasm_imports kNone{};
    return new gowasm_instance{gowasm::Instance::instantiate(
        module->module, (imports ? imports : &kNone)->imports,
        instance_options(limits ? *limits : gowasm_limits_default()))};
  } catch (const gowasm::InstantiationTrap& e) {
    fail(error, e.trap());
  } catch (const std::exception& e) {
    fail(error, GOWASM_ERROR_LINK, e.what());
  }
  return nullptr;
}

bool gowasm_instance_call(gowasm_instance* instance, const char* name, const gowasm_value* args,
                          size_t arg_count, gowasm_value* results, size_t result_count,
                          gowasm_error** error) {
  const gowasm_function* function = gowasm_instance_function(instance, name);
  if (!function) {
    fail(error, GOWASM_ERROR_ARGUMENT, std::string("no exported function named ") + name);
    return false;
  }
  return gowasm_instance_call_function(instance, function, args, arg_count, results, result_count,
                                       error);
}

const gowasm_function* gowasm_instance_function(const gowasm_instance* instance, const char* name) {
  return reinterpret_cast<const gowasm_function*>(instance->instance->exported_function(name));
}

bool gowasm_instance_call_function(gowasm_instance* instance, const gowasm_function* function,
                                   const gowasm_value* args, size_t arg_count,
                                   gowasm_value* results, size_t result_count,
                                   gowasm_error** error) {
  if (!function) {
    fail(error, GOWASM_ERROR_TRAP, "null function reference");
    return false;
  }
  const gowasm::CallResult r =
      instance->instance->call(*function_of(function), to_cpp(args, arg_count));
  return deliver(r, "the function", results, result_count, error);
}

uint8_t* gowasm_instance_memory(gowasm_instance* instance, size_t* size) {
  const std::span<std::byte> memory = instance->instance->memory();
  if (size) *size = memory.size();
  return memory.empty() ? nullptr : reinterpret_cast<uint8_t*>(memory.data());
}

bool gowasm_instance_global_get(const gowasm_instance* instance, const char* name,
                                gowasm_value* value) {
  const std::optional<gowasm::Value> v = instance->instance->global(name);
  return v && to_c(*v, *value);
}

bool gowasm_instance_global_set(gowasm_instance* instance, const char* name, gowasm_value value) {
  return instance->instance->set_global(name, to_cpp(value));
}

void gowasm_instance_free(gowasm_instance* instance) {
  delete instance;
}

gowasm_table* gowasm_table_new(gowasm_value_kind element, uint32_t min, uint32_t max) {
  if (element != GOWASM_FUNCREF && element != GOWASM_EXTERNREF) return nullptr;
  gowasm::TableType type{val_type(element), gowasm::Limits{min, std::nullopt}};
  if (max != UINT32_MAX) type.limits.max = max;
  if (type.limits.max && *type.limits.max < min) return nullptr;
  return new gowasm_table{std::make_shared<gowasm::Table>(type)};
}

gowasm_table* gowasm_instance_table(const gowasm_instance* instance, const char* name) {
  std::shared_ptr<gowasm::Table> table = instance->instance->exported_table(name);
  return table ? new gowasm_table{std::move(table)} : nullptr;
}

uint32_t gowasm_table_size(const gowasm_table* table) {
  return table->table->size();
}

bool gowasm_table_get(const gowasm_table* table, uint32_t index, gowasm_value* value) {
  const std::optional<gowasm::Value> v = table->table->get(index);
  return v && to_c(*v, *value);
}

bool gowasm_table_set(gowasm_table* table, uint32_t index, gowasm_value value) {
  return table->table->set(index, to_cpp(value));
}

int64_t gowasm_table_grow(gowasm_table* table, uint32_t delta, gowasm_value init) {
  return table->table->grow(delta, to_cpp(init));
}

void gowasm_table_free(gowasm_table* table) {
  delete table;
}

}  // extern "C"
