// Primitive decoders of the binary format; see byte_reader.h.
#include "byte_reader.h"

namespace gowasm {

void ByteReader::fail_at(std::string reason, size_t at) const {
  throw LoadError(ErrorKind::Malformed, std::move(reason),
                  ErrorLocation{context_->section, context_->function_index, at});
}

void ByteReader::fail_unexpected_end() const {
  // The reference interpreter distinguishes running off a section or body
  // ("... of section or function") from running off the file itself.
  fail(context_->section == std::string_view("header") ? "unexpected end"
                                                       : "unexpected end of section or function");
}

int64_t ByteReader::leb(int bits, bool is_signed) {
  const size_t start = offset();
  const int max_bytes = (bits + 6) / 7;
  uint64_t result = 0;
  int shift = 0;
  for (int i = 0;; ++i) {
    const uint8_t byte = u8();
    if (i == max_bytes - 1) {
      if (byte & 0x80) fail_at("integer representation too long", start);
      // The last byte holds the top `used` bits; the rest must be zero
      // (unsigned) or copies of the sign bit (signed).
      const int used = bits - 7 * i;
      const uint8_t unused_mask = uint8_t(0x7F & ~((1u << used) - 1));
      uint8_t expected = 0;
      if (is_signed && (byte & (1u << (used - 1)))) expected = unused_mask;
      if ((byte & unused_mask) != expected) fail_at("integer too large", start);
    }
    result |= uint64_t(byte & 0x7F) << shift;
    shift += 7;
    if (!(byte & 0x80)) {
      if (is_signed && shift < 64 && (byte & 0x40)) result |= ~uint64_t(0) << shift;
      return int64_t(result);
    }
  }
}

std::string ByteReader::name() {
  const uint32_t length = u32();
  if (length > remaining()) fail("length out of bounds");
  const size_t at = offset();
  const uint8_t* p = take(length);
  if (!is_valid_utf8(std::span(p, length))) fail_at("malformed UTF-8 encoding", at);
  return std::string(reinterpret_cast<const char*>(p), length);
}

bool is_valid_utf8(std::span<const uint8_t> s) {
  size_t i = 0;
  while (i < s.size()) {
    const uint8_t b = s[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    size_t n;
    uint32_t cp;
    if ((b & 0xE0) == 0xC0) {
      n = 1, cp = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      n = 2, cp = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      n = 3, cp = b & 0x07;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;
    for (size_t k = 1; k <= n; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8.
    static constexpr uint32_t kMinimum[4] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinimum[n] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return false;
    i += n + 1;
  }
  return true;
}

}  // namespace gowasm
