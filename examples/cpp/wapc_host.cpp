// waPC with a Go guest: the host invokes operations with bytes and answers
// the guest's host calls. The guest is testdata/go/wapcguest:
//   (cd testdata/go && GOOS=js GOARCH=wasm go build -o wapcguest.wasm ./wapcguest)
//   wapc_host wapcguest.wasm
#include <gowasm/file.h>
#include <gowasm/wapc.h>

#include <cstdio>
#include <string>

namespace {

std::vector<uint8_t> bytes(std::string_view text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}

void show(const char* what, const gowasm::WapcResult& r) {
  if (r.ok()) {
    std::printf("%s -> %.*s\n", what, int(r.response.size()),
                reinterpret_cast<const char*>(r.response.data()));
  } else {
    std::printf("%s -> error: %s\n", what, r.error->c_str());
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: wapc_host wapcguest.wasm\n");
    return 2;
  }
  gowasm::GoProgram program(gowasm::Module::compile(gowasm::read_binary_file(argv[1])), {});
  gowasm::WapcHost wapc(program, [](const gowasm::WapcHostCall& call) {
    std::printf("host call: %s %s %s %.*s\n", call.binding.c_str(), call.namespace_.c_str(),
                call.operation.c_str(), int(call.payload.size()),
                reinterpret_cast<const char*>(call.payload.data()));
    if (call.operation != "hello") throw gowasm::WapcError("unknown host operation");
    return bytes("Greetings Guest!");
  });
  program.start();

  show("hello(Host)", wapc.invoke("hello", bytes("Host")));
  show("nope()", wapc.invoke("nope", {}));
  show("fail()", wapc.invoke("fail", {}));
  show("sleep(10)", wapc.invoke("sleep", bytes("10")));
  show("never()", wapc.invoke("never", {}));
  // The guest's hour-long timer stays pending after the error: later
  // invocations would wait for it, as the guest could still answer then.
  show("sleep(1 hour), 100 ms allowed",
       wapc.invoke("sleep", bytes("3600000"), std::chrono::milliseconds(100)));
  show("exit()", wapc.invoke("exit", {}));
  return 0;
}
