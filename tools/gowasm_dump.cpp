// gowasm-dump: a short human-readable summary of a module (sections,
// imports, exports, function count, names), and the first thing to run on a
// module that will not load: a decode or validation error is printed with
// its location.
#include <cstdio>
#include <string_view>
#include <system_error>

#include "gowasm/file.h"
#include "gowasm/inspect.h"
#include "gowasm/module.h"

namespace {

std::string limits_text(const gowasm::Limits& limits) {
  std::string text = "min " + std::to_string(limits.min);
  if (limits.max) text += ", max " + std::to_string(*limits.max);
  return text;
}

std::string import_type(const gowasm::Module& m, const gowasm::Import& import) {
  switch (import.kind) {
    case gowasm::ExternKind::Function:
      return import.function_type < m.types.size() ? m.types[import.function_type].to_string()
                                                   : "type " + std::to_string(import.function_type);
    case gowasm::ExternKind::Table:
      return std::string(to_string(import.table.element)) + " " + limits_text(import.table.limits);
    case gowasm::ExternKind::Memory: return "pages " + limits_text(import.memory.limits);
    case gowasm::ExternKind::Global:
      return std::string(import.global.is_mutable ? "mut " : "") +
             std::string(to_string(import.global.type));
  }
  return "";
}

void print_summary(const gowasm::Module& m, bool list_functions) {
  std::printf("sections:\n");
  for (const gowasm::Section& s : m.sections) {
    std::printf("  %-14s offset 0x%08x  size %u\n", s.name.c_str(), s.contents.offset,
                s.contents.size);
  }
  std::printf("types: %zu\n", m.types.size());
  std::printf("imports: %zu\n", m.imports.size());
  for (const gowasm::Import& import : m.imports) {
    std::printf("  %-6s %s.%s %s\n", std::string(to_string(import.kind)).c_str(),
                import.module.c_str(), import.name.c_str(), import_type(m, import).c_str());
  }
  std::printf("functions: %u (%u imported, %zu defined)\n", m.function_count(),
              m.imported_function_count(), m.functions.size());
  for (uint32_t i = 0; i < m.memory_count(); ++i) {
    std::printf("memory %u: pages %s\n", i, limits_text(m.memory_type(i).limits).c_str());
  }
  for (uint32_t i = 0; i < m.table_count(); ++i) {
    const gowasm::TableType t = m.table_type(i);
    std::printf("table %u: %s %s\n", i, std::string(to_string(t.element)).c_str(),
                limits_text(t.limits).c_str());
  }
  std::printf("globals: %u\n", m.global_count());
  std::printf("exports: %zu\n", m.exports.size());
  for (const gowasm::Export& e : m.exports) {
    std::string detail;
    if (e.kind == gowasm::ExternKind::Function && e.index < m.function_count()) {
      detail = " " + m.function_type(e.index).to_string();
    }
    std::printf("  %-6s %s = %u%s\n", std::string(to_string(e.kind)).c_str(), e.name.c_str(),
                e.index, detail.c_str());
  }
  if (m.start) std::printf("start: function %u\n", *m.start);
  std::printf("element segments: %zu\ndata segments: %zu\n", m.elements.size(), m.data.size());
  if (m.names.module) std::printf("module name: %s\n", m.names.module->c_str());
  std::printf("function names: %zu\n", m.names.functions.size());
  if (list_functions) {
    for (uint32_t i = 0; i < m.function_count(); ++i) {
      const std::string_view name = m.function_name(i);
      std::printf(
          "  func %u %.*s %s\n", i, int(name.size()), name.data(),
          m.types.size() > m.function_type_index(i) ? m.function_type(i).to_string().c_str() : "");
    }
  }
}

// Compiles the module and prints what `print` makes of it: exit status 0,
// or 1 with the error.
template <class Print>
int print_compiled(const std::vector<uint8_t>& bytes, Print print) {
  try {
    print(*gowasm::Module::compile(bytes));
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gowasm-dump: %s\n", e.what());
    return 1;
  }
}

// The interpreter's code for one function.
void print_code(const gowasm::Module& module, uint32_t function_index) {
  std::printf("%s", gowasm::disassemble_function(module, function_index).c_str());
}

// Each defined function's fingerprint and, for the ones the interpreter
// runs natively, the routine.
void print_fingerprints(const gowasm::Module& module) {
  for (uint32_t i = module.imported_function_count(); i < module.function_count(); ++i) {
    const std::string_view name = module.function_name(i);
    const std::string_view native = gowasm::native_routine(module, i);
    std::printf("func %u %.*s 0x%016llx%s%.*s\n", i, int(name.size()), name.data(),
                static_cast<unsigned long long>(gowasm::function_fingerprint(module, i)),
                native.empty() ? "" : " native ", int(native.size()), native.data());
  }
}

void usage(FILE* out) {
  std::fprintf(out,
               "usage: gowasm-dump [--functions | --code N | --fingerprints] module.wasm\n"
               "Prints a summary of a WebAssembly module: sections, imports, exports,\n"
               "functions and names. The module is decoded and validated; an error is\n"
               "printed with its section and byte offset and the exit status is 1.\n"
               "  --functions   also list every function with its name and type\n"
               "  --code N      print the interpreter's translation of function N\n"
               "  --fingerprints\n"
               "                print each defined function's body fingerprint, and the\n"
               "                native routine it runs as, if any\n");
}

}  // namespace

int main(int argc, char** argv) {
  bool list_functions = false, fingerprints = false;
  std::optional<uint32_t> code_function;
  const char* path = nullptr;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      usage(stdout);
      return 0;
    }
    if (arg == "--functions") {
      list_functions = true;
    } else if (arg == "--fingerprints") {
      fingerprints = true;
    } else if (arg == "--code" && i + 1 < argc) {
      code_function = std::stoul(argv[++i]);
    } else if (!path && !arg.starts_with("-")) {
      path = argv[i];
    } else {
      usage(stderr);
      return 2;
    }
  }
  if (!path) {
    usage(stderr);
    return 2;
  }
  std::vector<uint8_t> bytes;
  try {
    bytes = gowasm::read_binary_file(path);
  } catch (const std::system_error& e) {
    std::fprintf(stderr, "gowasm-dump: cannot read %s\n", e.what());
    return 1;
  }
  if (code_function) {
    return print_compiled(bytes, [&](const gowasm::Module& m) { print_code(m, *code_function); });
  }
  if (fingerprints) return print_compiled(bytes, print_fingerprints);
  std::optional<gowasm::Module> decoded;
  try {
    decoded = gowasm::Module::decode(bytes);
    decoded->validate();
  } catch (const gowasm::LoadError& e) {
    if (decoded) print_summary(*decoded, list_functions);
    std::fprintf(stderr, "%s: %s\n", path, e.what());
    return 1;
  }
  print_summary(*decoded, list_functions);
  return 0;
}
