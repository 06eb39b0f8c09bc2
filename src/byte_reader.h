// A bounds-checked cursor over a module's bytes with the binary format's
// primitive decoders (LEB128 with the specification's exact length and
// sign rules, fixed-width floats, names). Every failure throws a Malformed
// LoadError carrying the byte offset and the section being read.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>

#include "gowasm/error.h"

namespace gowasm {

// What a reader is reading, so that errors can say where they happened.
struct ReadContext {
  const char* section = "header";
  std::optional<uint32_t> function_index;
};

class ByteReader {
 public:
  // Reads bytes [begin, end) of `all`; offsets reported are offsets into `all`.
  ByteReader(std::span<const uint8_t> all, size_t begin, size_t end, const ReadContext& context)
      : base_(all.data()), pos_(all.data() + begin), end_(all.data() + end), context_(&context) {}

  size_t offset() const { return size_t(pos_ - base_); }
  size_t remaining() const { return size_t(end_ - pos_); }
  bool at_end() const { return pos_ == end_; }
  const ReadContext& context() const { return *context_; }

  // The next byte without consuming it, or -1 at the end.
  int peek() const { return pos_ == end_ ? -1 : *pos_; }
  uint8_t u8() {
    if (pos_ == end_) fail_unexpected_end();
    return *pos_++;
  }
  uint32_t u32() {
    // One-byte encodings are most indices and lengths: keep that path short.
    if (pos_ != end_ && *pos_ < 0x80) return *pos_++;
    return uint32_t(leb(32, false));
  }
  bool u1() { return leb(1, false) != 0; }
  int32_t s32() { return int32_t(signed_leb(32)); }
  int64_t s33() { return signed_leb(33); }
  int64_t s64() { return signed_leb(64); }
  uint32_t fixed32() {
    uint32_t v;
    std::memcpy(&v, take(4), 4);
    return v;
  }
  uint64_t fixed64() {
    uint64_t v;
    std::memcpy(&v, take(8), 8);
    return v;
  }
  const uint8_t* take(size_t n) {
    if (remaining() < n) fail_unexpected_end();
    const uint8_t* p = pos_;
    pos_ += n;
    return p;
  }
  void skip_to(size_t absolute_offset) { pos_ = base_ + absolute_offset; }

  // A vector length. It is not trusted for allocation: every element takes
  // at least one byte, so reserve at most reservable(n) and let reading the
  // elements run into the end of the input.
  uint32_t count() { return u32(); }
  size_t reservable(uint32_t n) const { return std::min<size_t>(n, remaining()); }
  // A UTF-8 name: length-prefixed, validated.
  std::string name();

  [[noreturn]] void fail(std::string reason) const { fail_at(std::move(reason), offset()); }
  [[noreturn]] void fail_at(std::string reason, size_t at) const;

 private:
  int64_t signed_leb(int bits) {
    // Small constants are the common case: one byte, sign in bit 6.
    if (pos_ != end_ && *pos_ < 0x80) return int64_t(uint64_t(*pos_++) << 57) >> 57;
    return leb(bits, true);
  }
  int64_t leb(int bits, bool is_signed);
  [[noreturn]] void fail_unexpected_end() const;

  const uint8_t* base_;
  const uint8_t* pos_;
  const uint8_t* end_;
  const ReadContext* context_;
};

bool is_valid_utf8(std::span<const uint8_t> bytes);

}  // namespace gowasm
