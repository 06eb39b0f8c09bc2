// See sha256_block.h. The round constants are read from the program's own
// table, as the wasm reads them: the one data address in the body (Go 1.19
// names it twice, and it holds a slice header there).
#include "sha256_block.h"

#include <algorithm>
#include <bit>

#include "go_frame.h"

namespace gowasm::interp::native {
namespace {

constexpr uint64_t kChunk = 64;

uint32_t load32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;  // little-endian, as wasm's loads
}

void compress(uint32_t h[8], const uint8_t* block, const uint8_t* k_table) {
  uint32_t w[64];
  for (int i = 0; i < 16; ++i) {
    const uint8_t* b = block + 4 * i;
    w[i] = uint32_t(b[0]) << 24 | uint32_t(b[1]) << 16 | uint32_t(b[2]) << 8 | b[3];
  }
  for (int i = 16; i < 64; ++i) {
    const uint32_t v1 = w[i - 2], v2 = w[i - 15];
    const uint32_t t1 = std::rotr(v1, 17) ^ std::rotr(v1, 19) ^ (v1 >> 10);
    const uint32_t t2 = std::rotr(v2, 7) ^ std::rotr(v2, 18) ^ (v2 >> 3);
    w[i] = t1 + w[i - 7] + t2 + w[i - 16];
  }
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
  for (int i = 0; i < 64; ++i) {
    const uint32_t t1 = hh + (std::rotr(e, 6) ^ std::rotr(e, 11) ^ std::rotr(e, 25)) +
                        ((e & f) ^ (~e & g)) + load32(k_table + 4 * i) + w[i];
    const uint32_t t2 =
        (std::rotr(a, 2) ^ std::rotr(a, 13) ^ std::rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
    hh = g;
    g = f;
    f = e;
    e = d + t1;
    d = c;
    c = b;
    b = a;
    a = t1 + t2;
  }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
  h[5] += f;
  h[6] += g;
  h[7] += hh;
}

}  // namespace

template <bool kTableIsSlice>
bool sha256_block(const NativeCall& call) {
  const auto frame = GoFrame::enter(call, 4);
  if (!frame || call.data.empty() ||
      std::any_of(call.data.begin(), call.data.end(),
                  [&](uint64_t a) { return a != call.data[0]; })) {
    return false;
  }
  const uint64_t digest = frame->word(0);
  const int64_t length = frame->length(1);
  const uint64_t blocks = length < 0 ? 0 : uint64_t(length) / kChunk;
  const uint64_t data = frame->word(1);
  uint64_t k_table = call.data[0];
  if constexpr (kTableIsSlice) {  // the address is the slice's header
    if (!frame->bytes(k_table, 16)) return false;
    int64_t table_length;
    std::memcpy(&table_length, call.mem + k_table + 8, 8);
    if (table_length < 64) return false;  // an index out of range
    std::memcpy(&k_table, call.mem + k_table, 8);
  }
  // A nil digest panics; the table, the digest and the blocks read must be
  // where the routine may touch them.
  if (digest == 0 || !frame->bytes(digest, 32) || !frame->bytes(k_table, 64 * 4) ||
      !frame->bytes(data, blocks * kChunk)) {
    return false;
  }
  uint32_t h[8];
  std::memcpy(h, call.mem + digest, sizeof h);
  for (uint64_t i = 0; i < blocks; ++i)
    compress(h, call.mem + data + i * kChunk, call.mem + k_table);
  std::memcpy(call.mem + digest, h, sizeof h);
  frame->finish();
  return true;
}
template bool sha256_block<false>(const NativeCall&);
template bool sha256_block<true>(const NativeCall&);

}  // namespace gowasm::interp::native
