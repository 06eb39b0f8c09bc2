// Randomness for guests: the operating system's CSPRNG.
#pragma once

#include <cstdint>
#include <span>

namespace gowasm::host {

// Fills `bytes` from getrandom(2); throws std::system_error if it fails.
void fill_random(std::span<uint8_t> bytes);

}  // namespace gowasm::host
