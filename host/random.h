// Randomness for guests: the operating system's CSPRNG, or, for runs that
// must repeat exactly, a sequence fixed by a seed.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <span>

namespace gowasm::host {

// Fills `bytes` from getrandom(2); throws std::system_error if it fails.
void fill_random(std::span<uint8_t> bytes);

class RandomSource {
 public:
  // getrandom(2).
  RandomSource() = default;
  // The same bytes for the same seed (std::mt19937_64): for deterministic
  // runs and tests, never for secrets.
  explicit RandomSource(uint64_t seed) : seeded_(std::in_place, seed) {}
  void fill(std::span<uint8_t> bytes);

 private:
  std::optional<std::mt19937_64> seeded_;
};

}  // namespace gowasm::host
