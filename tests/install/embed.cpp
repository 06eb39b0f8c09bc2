// A program outside the project that links the installed libgowasm.a: it
// compiles a small module from its bytes and calls an export, then runs a
// Go program with its output captured.
//   embed [go-program.wasm]
#include <gowasm/file.h>
#include <gowasm/go.h>
#include <gowasm/instance.h>
#include <gowasm/module.h>

#include <cstdint>
#include <cstdio>
#include <string>

int main(int argc, char** argv) {
  // (module (func (export "add") (param i32 i32) (result i32)
  //   local.get 0 local.get 1 i32.add))
  static const uint8_t add_module[] = {
      0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,                    // header
      0x01, 0x07, 0x01, 0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f,              // type (i32 i32) -> i32
      0x03, 0x02, 0x01, 0x00,                                            // one function of type 0
      0x07, 0x07, 0x01, 0x03, 'a',  'd',  'd',  0x00, 0x00,              // export "add"
      0x0a, 0x09, 0x01, 0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b,  // its body
  };
  const auto module = gowasm::Module::compile(std::span<const uint8_t>(add_module));
  const auto instance = gowasm::Instance::instantiate(module, gowasm::Imports{});
  const gowasm::Value args[] = {gowasm::Value::i32(40), gowasm::Value::i32(2)};
  const gowasm::CallResult r = instance->call("add", args);
  if (!r.ok()) return 1;
  std::printf("add(40, 2) = %d\n", r.results[0].as_i32());

  if (argc > 1) {
    const auto program = gowasm::Module::compile(gowasm::read_binary_file(argv[1]));
    gowasm::GoOptions options;
    options.args = {argv[1]};
    std::string output;
    options.write = [&output](int, std::span<const uint8_t> bytes) {
      output.append(bytes.begin(), bytes.end());
    };
    const gowasm::GoResult result = gowasm::run_go_program(program, options);
    std::printf("Go program: exit %d, wrote: %s", result.exit_code, output.c_str());
  }
  return 0;
}
