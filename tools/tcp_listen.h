// gowasm-run --listen: a listening TCP socket for a WASI program
// (ProgramOptions::sockets), as wasmtime's --tcplisten and wazero's -listen
// make one.
#pragma once

#include <string>
#include <string_view>
#include <variant>

namespace gowasm::tools {

// Listens on `address`: IP:PORT, [IPV6]:PORT, localhost:PORT or :PORT (every
// IPv4 interface);
// port 0 picks a free one. The descriptor, or a one-line reason.
std::variant<int, std::string> tcp_listen(std::string_view address);

}  // namespace gowasm::tools
