// The Go modules that the go_runtime_modules fixture builds from
// testdata/go into $GOWASM_GO_MODULES, for the C++ tests of the Go bridge.
#pragma once

#include <cstdlib>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>

#include "gowasm/file.h"
#include "gowasm/module.h"

namespace gowasm::test {

// testdata/go/PROGRAM, compiled once per test process.
inline std::shared_ptr<const Module> go_test_module(const std::string& program) {
  static std::map<std::string, std::shared_ptr<const Module>> compiled;
  std::shared_ptr<const Module>& module = compiled[program];
  if (!module) {
    const char* dir = std::getenv("GOWASM_GO_MODULES");
    if (!dir) throw std::runtime_error("GOWASM_GO_MODULES is not set");
    module = Module::compile(read_binary_file(std::string(dir) + "/" + program + ".wasm"));
  }
  return module;
}

}  // namespace gowasm::test
