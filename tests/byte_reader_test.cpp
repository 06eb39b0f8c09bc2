// LEB128 length and sign rules, fixed-width reads, names and UTF-8.
#include "byte_reader.h"

#include <gtest/gtest.h>

#include "wasm_builder.h"

namespace gowasm {
namespace {

using test::Bytes;

const ReadContext kContext{"type", std::nullopt};

ByteReader reader(const Bytes& bytes) {
  return ByteReader(bytes, 0, bytes.size(), kContext);
}

std::string malformed_reason(const Bytes& bytes, auto read) {
  ByteReader in = reader(bytes);
  try {
    read(in);
  } catch (const LoadError& e) {
    EXPECT_EQ(e.kind(), ErrorKind::Malformed);
    return e.reason();
  }
  return "accepted";
}

TEST(Leb128, UnsignedValuesRoundTrip) {
  for (uint32_t v : {0u, 1u, 127u, 128u, 16383u, 16384u, 0x7FFFFFFFu, 0xFFFFFFFFu}) {
    const Bytes bytes = test::leb_u(v);
    ByteReader in = reader(bytes);
    EXPECT_EQ(in.u32(), v);
    EXPECT_TRUE(in.at_end());
  }
}

TEST(Leb128, NonMinimalEncodingsAreAccepted) {
  const Bytes zero_in_five{0x80, 0x80, 0x80, 0x80, 0x00};
  ByteReader in = reader(zero_in_five);
  EXPECT_EQ(in.u32(), 0u);
}

TEST(Leb128, UnsignedTooLongOrTooLarge) {
  auto u32 = [](ByteReader& in) { in.u32(); };
  EXPECT_EQ(malformed_reason({0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, u32),
            "integer representation too long");
  EXPECT_EQ(malformed_reason({0xFF, 0xFF, 0xFF, 0xFF, 0x1F}, u32), "integer too large");
  EXPECT_EQ(malformed_reason({0xFF, 0xFF, 0xFF, 0xFF, 0x0F}, u32), "accepted");
  EXPECT_EQ(malformed_reason({0x80, 0x80}, u32), "unexpected end of section or function");
}

TEST(Leb128, SignedValuesRoundTrip) {
  for (int64_t v : {int64_t(0), int64_t(-1), int64_t(63), int64_t(-64), int64_t(64),
                    int64_t(INT32_MIN), int64_t(INT32_MAX)}) {
    const Bytes bytes = test::leb_s(v);
    ByteReader in = reader(bytes);
    EXPECT_EQ(in.s32(), v);
  }
  for (int64_t v : {INT64_MIN, INT64_MAX, int64_t(-1) << 40}) {
    const Bytes bytes = test::leb_s(v);
    ByteReader in = reader(bytes);
    EXPECT_EQ(in.s64(), v);
  }
}

TEST(Leb128, SignedLastByteMustBeSignExtension) {
  auto s32 = [](ByteReader& in) { in.s32(); };
  // -1 in five bytes: the unused bits of the last byte copy the sign.
  EXPECT_EQ(malformed_reason({0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, s32), "accepted");
  EXPECT_EQ(malformed_reason({0xFF, 0xFF, 0xFF, 0xFF, 0x4F}, s32), "integer too large");
  EXPECT_EQ(malformed_reason({0x80, 0x80, 0x80, 0x80, 0x70}, s32), "integer too large");
  auto s64 = [](ByteReader& in) { in.s64(); };
  EXPECT_EQ(malformed_reason({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F}, s64),
            "accepted");
  EXPECT_EQ(malformed_reason({0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x41}, s64),
            "integer too large");
  EXPECT_EQ(
      malformed_reason({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00}, s64),
      "integer representation too long");
}

TEST(Leb128, S33CoversBlockTypeIndices) {
  const Bytes bytes{0xFF, 0xFF, 0xFF, 0xFF, 0x0F};  // 2^32 - 1 fits in 33 signed bits
  ByteReader in = reader(bytes);
  EXPECT_EQ(in.s33(), int64_t(0xFFFFFFFF));
  auto s33 = [](ByteReader& in2) { in2.s33(); };
  EXPECT_EQ(malformed_reason({0xFF, 0xFF, 0xFF, 0xFF, 0x2F}, s33), "integer too large");
}

TEST(ByteReader, CountIsNotTrustedForAllocation) {
  // A vector that claims 2^32-1 elements in a 5-byte input may reserve no
  // more than the bytes that are left.
  const Bytes bytes{0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00, 0x00};
  ByteReader in = reader(bytes);
  const uint32_t n = in.count();
  EXPECT_EQ(n, 0xFFFFFFFFu);
  EXPECT_EQ(in.reservable(n), 2u);
}

TEST(ByteReader, FixedWidthIsLittleEndian) {
  const Bytes bytes{0x78, 0x56, 0x34, 0x12, 1, 0, 0, 0, 0, 0, 0, 0x80};
  ByteReader in = reader(bytes);
  EXPECT_EQ(in.fixed32(), 0x12345678u);
  EXPECT_EQ(in.fixed64(), 0x8000000000000001ull);
}

TEST(ByteReader, ErrorsCarryOffsetAndSection) {
  const Bytes bytes{0x01, 0x02, 0x80};
  ByteReader in = reader(bytes);
  in.u8();
  in.u8();
  try {
    in.u32();
    FAIL() << "accepted a truncated LEB128";
  } catch (const LoadError& e) {
    EXPECT_EQ(e.where().section, "type");
    EXPECT_EQ(e.where().offset, 3u);
    EXPECT_EQ(std::string(e.what()),
              "malformed module: type section, offset 0x3: unexpected end of section or function");
  }
}

TEST(Names, ValidUtf8IsAccepted) {
  const Bytes bytes = test::name("h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80");
  ByteReader in = reader(bytes);
  EXPECT_EQ(in.name(), "h\xC3\xA9llo \xE2\x82\xAC \xF0\x9F\x98\x80");
}

TEST(Names, MalformedUtf8IsRejected) {
  for (const Bytes& text : {Bytes{0x80}, Bytes{0xC0, 0x80}, Bytes{0xC3}, Bytes{0xE0, 0x80, 0x80},
                            Bytes{0xED, 0xA0, 0x80}, Bytes{0xF4, 0x90, 0x80, 0x80},
                            Bytes{0xF8, 0x88, 0x80, 0x80, 0x80}, Bytes{0xFF}}) {
    EXPECT_FALSE(is_valid_utf8(text)) << int(text[0]);
    const Bytes encoded = test::cat({test::leb_u(text.size()), text});
    EXPECT_EQ(malformed_reason(encoded, [](ByteReader& in) { in.name(); }),
              "malformed UTF-8 encoding");
  }
}

TEST(Names, LengthPastTheEndIsRejected) {
  EXPECT_EQ(malformed_reason({0x05, 'a', 'b'}, [](ByteReader& in) { in.name(); }),
            "length out of bounds");
}

}  // namespace
}  // namespace gowasm
