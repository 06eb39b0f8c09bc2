// Reading a module file in one system call rather than through iostreams,
// which costs more than decoding the module itself.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gowasm {

// Throws std::system_error naming the path on failure.
std::vector<uint8_t> read_binary_file(const std::string& path);

}  // namespace gowasm
