// What the fuzz generators share: a fuzz input read as a sequence of
// choices, and the appenders of WebAssembly's binary encodings.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace gowasm::fuzz {

// Any byte string read as choices. Once the input is used up every choice
// reads as 0, which each generator makes its simplest option, so that
// generation ends.
class Choices {
 public:
  explicit Choices(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  // A number below `bound` (> 0).
  uint32_t below(uint32_t bound) {
    if (bound <= 1) return 0;
    uint32_t value = byte();
    if (bound > 256) value = value << 8 | byte();
    return value % bound;
  }
  bool one_in(uint32_t n) { return below(n) == n - 1; }
  // `count` bytes of the input as a big-endian number.
  uint64_t bits(int count) {
    uint64_t value = 0;
    for (int i = 0; i < count; ++i) value = value << 8 | byte();
    return value;
  }
  bool empty() const { return at_ >= bytes_.size(); }

 private:
  uint8_t byte() { return at_ < bytes_.size() ? bytes_[at_++] : 0; }
  std::span<const uint8_t> bytes_;
  size_t at_ = 0;
};

using Bytes = std::vector<uint8_t>;

inline void put_u(Bytes& out, uint64_t v) {  // unsigned LEB128
  do {
    const uint8_t b = v & 0x7F;
    v >>= 7;
    out.push_back(b | (v ? 0x80 : 0));
  } while (v);
}
inline void put_s(Bytes& out, int64_t v) {  // signed LEB128
  for (;;) {
    const uint8_t b = v & 0x7F;
    v >>= 7;
    if ((v == 0 && !(b & 0x40)) || (v == -1 && (b & 0x40))) {
      out.push_back(b);
      return;
    }
    out.push_back(b | 0x80);
  }
}
inline void put_bytes(Bytes& out, const Bytes& more) {
  out.insert(out.end(), more.begin(), more.end());
}
inline void put_section(Bytes& out, uint8_t id, const Bytes& contents) {
  out.push_back(id);
  put_u(out, contents.size());
  put_bytes(out, contents);
}
inline void put_name(Bytes& out, const std::string& name) {
  put_u(out, name.size());
  out.insert(out.end(), name.begin(), name.end());
}

}  // namespace gowasm::fuzz
