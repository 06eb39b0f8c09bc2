// See gowasm/file.h.
#include "gowasm/file.h"

#include <cerrno>
#include <cstdio>
#include <memory>
#include <system_error>

namespace gowasm {

std::vector<uint8_t> read_binary_file(const std::string& path) {
  const auto fail = [&] { throw std::system_error(errno, std::generic_category(), path); };
  std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) fail();
  std::vector<uint8_t> bytes;
  if (std::fseek(file.get(), 0, SEEK_END) == 0) {
    const long size = std::ftell(file.get());
    if (size > 0) bytes.reserve(size_t(size));
    std::rewind(file.get());
  }
  // Read to the end rather than trusting the size: pipes and /proc files have none.
  uint8_t chunk[1 << 16];
  size_t n;
  while ((n = std::fread(chunk, 1, sizeof chunk, file.get())) > 0)
    bytes.insert(bytes.end(), chunk, chunk + n);
  if (std::ferror(file.get())) fail();
  return bytes;
}

}  // namespace gowasm
