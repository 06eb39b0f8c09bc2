// See output.h.
#include "output.h"

#include <unistd.h>

#include <cerrno>

namespace gowasm::host {

void write_all(int fd, std::span<const uint8_t> bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // a closed pipe: the output has nowhere to go
    }
    bytes = bytes.subspan(size_t(n));
  }
}

}  // namespace gowasm::host
