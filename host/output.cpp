// See output.h.
#include "output.h"

#include <unistd.h>

#include <cerrno>
#include <system_error>

namespace gowasm::host {

void write_all(int fd, std::span<const uint8_t> bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "write");
    }
    bytes = bytes.subspan(size_t(n));
  }
}

}  // namespace gowasm::host
