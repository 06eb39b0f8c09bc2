// gowasm-run: runs WebAssembly modules. With --invoke it calls one export of
// a plain module and prints its results as Node.js prints them.
#include <cerrno>
#include <cinttypes>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "gowasm/file.h"
#include "gowasm/instance.h"
#include "js_number.h"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;  // load, link or trap
constexpr int kExitUsage = 2;

void usage(FILE* out) {
  std::fprintf(out,
               "usage: gowasm-run --invoke NAME module.wasm [ARGS...]\n"
               "\n"
               "Calls the exported function NAME of a WebAssembly module that has no\n"
               "imports. ARGS are parsed by the export's parameter types (integers in\n"
               "decimal, floats as decimal or 'nan'/'inf'); each result is printed on its\n"
               "own line as Node.js prints it. A trap prints its message and the guest\n"
               "call stack on stderr.\n"
               "\n"
               "options:\n"
               "  --invoke NAME   the export to call\n"
               "  --help          this text\n"
               "  --version       the gowasm version\n"
               "\n"
               "exit status: 0 on success, 1 when the module cannot be loaded or the\n"
               "call traps, 2 for a usage error.\n");
}

bool parse_argument(std::string_view text, gowasm::ValType type, gowasm::Value& out) {
  const std::string s(text);
  char* end = nullptr;
  errno = 0;
  switch (type) {
    case gowasm::ValType::I32: {
      const long long v = std::strtoll(s.c_str(), &end, 10);
      if (v < INT32_MIN || v > UINT32_MAX) return false;
      out = gowasm::Value::i32(int32_t(uint32_t(v)));
      break;
    }
    case gowasm::ValType::I64: {
      const bool negative = !s.empty() && s[0] == '-';
      const uint64_t v = negative ? uint64_t(std::strtoll(s.c_str(), &end, 10))
                                  : std::strtoull(s.c_str(), &end, 10);
      out = gowasm::Value::i64(int64_t(v));
      break;
    }
    case gowasm::ValType::F32: out = gowasm::Value::f32(std::strtof(s.c_str(), &end)); break;
    case gowasm::ValType::F64: out = gowasm::Value::f64(std::strtod(s.c_str(), &end)); break;
    default: return false;
  }
  return errno == 0 && end && *end == '\0' && !s.empty();
}

std::string format_result(const gowasm::Value& v) {
  switch (v.type()) {
    case gowasm::ValType::I32: return std::to_string(v.as_i32());
    case gowasm::ValType::I64: return std::to_string(v.as_i64());
    case gowasm::ValType::F32: return gowasm::tools::js_number_to_string(double(v.as_f32()));
    case gowasm::ValType::F64: return gowasm::tools::js_number_to_string(v.as_f64());
    default: return v.is_null() ? "null" : "[object Function]";
  }
}

int invoke(const std::string& name, const char* path, std::vector<std::string_view> args) {
  std::shared_ptr<gowasm::Instance> instance;
  try {
    auto module = gowasm::Module::compile(gowasm::read_binary_file(path));
    instance = gowasm::Instance::instantiate(module, gowasm::Imports{});
  } catch (const std::system_error& e) {
    std::fprintf(stderr, "gowasm-run: cannot read %s\n", e.what());
    return kExitFailure;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gowasm-run: %s: %s\n", path, e.what());
    return kExitFailure;
  }
  const gowasm::FunctionInstance* f = instance->exported_function(name);
  if (!f) {
    std::fprintf(stderr, "gowasm-run: %s has no exported function '%s'\n", path, name.c_str());
    return kExitFailure;
  }
  const gowasm::FuncType& type = instance->function_type(*f);
  if (args.size() != type.params.size()) {
    std::fprintf(stderr, "gowasm-run: %s takes %zu arguments %s, got %zu\n", name.c_str(),
                 type.params.size(), type.to_string().c_str(), args.size());
    return kExitUsage;
  }
  std::vector<gowasm::Value> values(args.size());
  for (size_t i = 0; i < args.size(); ++i) {
    if (!parse_argument(args[i], type.params[i], values[i])) {
      std::fprintf(stderr, "gowasm-run: argument %zu ('%.*s') is not a valid %s\n", i + 1,
                   int(args[i].size()), args[i].data(),
                   std::string(gowasm::to_string(type.params[i])).c_str());
      return kExitUsage;
    }
  }
  const gowasm::CallResult result = instance->call(*f, values);
  if (result.trap) {
    std::fprintf(stderr, "gowasm-run: trap: %s\n", result.trap->to_string().c_str());
    return kExitFailure;
  }
  for (const gowasm::Value& v : result.results) std::printf("%s\n", format_result(v).c_str());
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  std::string invoke_name;
  int i = 1;
  for (; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      usage(stdout);
      return kExitOk;
    }
    if (arg == "--version") {
      std::printf("gowasm-run %s\n", GOWASM_VERSION);
      return kExitOk;
    }
    if (arg == "--invoke") {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "gowasm-run: --invoke needs an export name\n");
        return kExitUsage;
      }
      invoke_name = argv[++i];
    } else if (arg.starts_with("--invoke=")) {
      invoke_name = std::string(arg.substr(9));
    } else if (arg.starts_with("-") && arg != "-") {
      std::fprintf(stderr, "gowasm-run: unknown option %s (see --help)\n", argv[i]);
      return kExitUsage;
    } else {
      break;
    }
  }
  if (i >= argc) {
    usage(stderr);
    return kExitUsage;
  }
  const char* path = argv[i];
  if (invoke_name.empty()) {
    std::fprintf(stderr,
                 "gowasm-run: running Go programs is not available yet; use --invoke NAME to "
                 "call an export of a plain module\n");
    return kExitUsage;
  }
  return invoke(invoke_name, path, std::vector<std::string_view>(argv + i + 1, argv + argc));
}
