// The guest's standard output and error, straight to the host's descriptors.
#pragma once

#include <cstdint>
#include <span>

namespace gowasm::host {

// Writes all of `bytes` to `fd`, unbuffered (so that the order of stdout and
// stderr is the guest's, and nothing is lost at exit). Throws
// std::system_error when the descriptor refuses (a closed pipe: EPIPE, a full
// disk: ENOSPC), which the guest's write sees as that error, as on Node.
void write_all(int fd, std::span<const uint8_t> bytes);

}  // namespace gowasm::host
