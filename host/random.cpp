// See random.h.
#include "random.h"

#include <sys/random.h>

#include <cerrno>
#include <system_error>

namespace gowasm::host {

void fill_random(std::span<uint8_t> bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = getrandom(bytes.data() + done, bytes.size() - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw std::system_error(errno, std::generic_category(), "getrandom");
    }
    done += size_t(n);
  }
}

void RandomSource::fill(std::span<uint8_t> bytes) {
  if (!seeded_) return fill_random(bytes);
  for (size_t i = 0; i < bytes.size(); i += 8) {
    const uint64_t word = (*seeded_)();
    for (size_t k = 0; k < 8 && i + k < bytes.size(); ++k) bytes[i + k] = uint8_t(word >> (8 * k));
  }
}

}  // namespace gowasm::host
