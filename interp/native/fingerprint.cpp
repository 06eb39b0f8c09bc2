// See fingerprint.h.
#include "fingerprint.h"

#include <algorithm>
#include <deque>
#include <vector>

#include "byte_reader.h"
#include "code_reader.h"

namespace gowasm::interp::native {
namespace {

class Fnv1a {
 public:
  void add(uint64_t value) {
    for (int i = 0; i < 8; ++i) add_byte(uint8_t(value >> (8 * i)));
  }
  void add(std::span<const uint8_t> bytes) {
    for (uint8_t b : bytes) add_byte(b);
  }
  uint64_t value() const { return hash_; }

 private:
  void add_byte(uint8_t b) { hash_ = (hash_ ^ b) * 0x100000001b3ull; }
  uint64_t hash_ = 0xcbf29ce484222325ull;
};

uint64_t type_fingerprint(const FuncType& type) {
  Fnv1a h;
  h.add(type.params.size());
  for (ValType t : type.params) h.add(uint64_t(t));
  h.add(type.results.size());
  for (ValType t : type.results) h.add(uint64_t(t));
  return h.value();
}

// One instruction's part of the hash, held back until the instructions
// after it show whether it is a return address.
struct Token {
  Opcode opcode{};
  uint64_t bits = 0;               // of constants
  uint32_t offset = 0;             // of memory accesses
  uint64_t contribution;           // what it adds to the hash, unless left out
  std::span<const uint8_t> bytes;  // its encoding: what it adds when contribution is unused
  bool is_call = false, left_out = false;
};

// Go's store of a return address before a call: `i64.const PC; i64.store
// offset=0; i32.const 0; call`, the first three held in `window`.
bool is_return_address(const std::deque<Token>& window) {
  return window.size() == 3 && window[0].opcode == Opcode::I64_CONST &&
         window[1].opcode == Opcode::I64_STORE && window[1].offset == 0 &&
         window[2].opcode == Opcode::I32_CONST && window[2].bits == 0;
}

void add(Fnv1a& h, const Token& t) {
  if (t.left_out) {
    h.add(uint64_t(t.opcode));
  } else if (t.is_call) {
    h.add(uint64_t(Opcode::CALL));
    h.add(t.contribution);
  } else {
    h.add(t.bytes);
  }
}

}  // namespace

void Fingerprinter::find_data() const {
  static const ReadContext context{"data", std::nullopt};
  const Module& module = module_;
  bool first = true;
  for (const DataSegment& segment : module.data) {
    if (segment.mode != SegmentMode::Active || segment.offset.code.size < 2) continue;
    ByteReader offset(module.bytes(), segment.offset.code.offset,
                      size_t(segment.offset.code.offset) + segment.offset.code.size, context);
    if (offset.u8() != 0x41) continue;  // not i32.const
    const uint64_t begin = uint32_t(offset.s32()), end = begin + segment.bytes.size;
    data_begin_ = first ? begin : std::min(data_begin_, begin);
    data_end_ = first ? end : std::max(data_end_, end);
    first = false;
  }
}

Fingerprinter::Body Fingerprinter::read(uint32_t function_index) const {
  const Function& function = module_.functions[function_index - module_.imported_function_count()];
  Body body;
  if (function.body.size > kMaxBody) return body;
  std::call_once(data_found_, [this] { find_data(); });
  Fnv1a h;
  static const ReadContext context{"code", std::nullopt};
  ByteReader bytes(module_.bytes(), function.body.offset,
                   size_t(function.body.offset) + function.body.size, context);
  CodeReader reader(bytes);
  std::deque<Token> window;
  Instruction in;
  while (!reader.at_end()) {
    reader.read(in);
    Token t{in.opcode, in.bits, in.memarg.offset, 0,
            module_.bytes().subspan(in.offset, reader.offset() - in.offset)};
    if (in.opcode == Opcode::CALL) {
      t.is_call = true;
      t.contribution = type_fingerprint(module_.function_type(in.index));
      body.callees.push_back(in.index);
      if (is_return_address(window)) window[0].left_out = true;
    } else if (in.opcode == Opcode::I64_CONST && in.bits >= data_begin_ && in.bits < data_end_) {
      t.left_out = true;
      body.data_addresses.push_back(in.bits);
    }
    window.push_back(t);
    if (window.size() > 3) {
      add(h, window.front());
      window.pop_front();
    }
  }
  for (const Token& t : window) add(h, t);
  body.fingerprint = uint64_t(signature_key(function_index, 0)) << 48 | (h.value() & kBodyBits);
  return body;
}

uint16_t Fingerprinter::signature_key(uint32_t function_index, int size_class_offset) const {
  const Function& function = module_.functions[function_index - module_.imported_function_count()];
  Fnv1a h;
  h.add(uint64_t(function.body.size / kSizeClass + size_class_offset));
  h.add(type_fingerprint(module_.function_type(function_index)));
  for (const LocalRun& run : function.locals) {
    h.add(run.count);
    h.add(uint64_t(run.type));
  }
  const uint64_t v = h.value();
  return uint16_t(v ^ v >> 16 ^ v >> 32 ^ v >> 48);
}

}  // namespace gowasm::interp::native
