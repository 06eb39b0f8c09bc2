// Tests for the spec runner's JSON reader: what it accepts and decodes, and
// that it rejects everything else at the right byte, since a script read
// wrongly would make the spec-test counts wrong without anyone noticing.
#include "spec/json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace gowasm::spec {
namespace {

// The byte offset parse_json reports for `text`, which must be rejected.
size_t error_offset(std::string_view text) {
  try {
    parse_json(text);
  } catch (const JsonError& e) {
    return e.offset();
  }
  ADD_FAILURE() << "accepted: " << text;
  return size_t(-1);
}

std::string string_of(std::string_view text) {
  return parse_json(text).as_string();
}

TEST(JsonTest, Literals) {
  EXPECT_TRUE(parse_json("null").is_null());
  EXPECT_TRUE(parse_json(" \t\r\ntrue\n").as_bool());
  EXPECT_FALSE(parse_json("false").as_bool());
  EXPECT_EQ(error_offset("nul"), 0u);
  EXPECT_EQ(error_offset("True"), 0u);
  EXPECT_EQ(error_offset("truex"), 4u);
}

TEST(JsonTest, NumbersKeepTheirText) {
  JsonNumber big = parse_json("18446744073709551615").as_number();
  EXPECT_EQ(big.text, "18446744073709551615");  // more digits than a double holds
  EXPECT_EQ(big.value, 18446744073709551615.0);

  EXPECT_EQ(parse_json("0").as_number().value, 0);
  JsonNumber negative_zero = parse_json("-0").as_number();
  EXPECT_EQ(negative_zero.text, "-0");
  EXPECT_TRUE(std::signbit(negative_zero.value));
  EXPECT_EQ(parse_json("-12.5e1").as_number().value, -125);
  EXPECT_EQ(parse_json("2E-2").as_number().value, 0.02);
  EXPECT_EQ(parse_json("1e+3").as_number().value, 1000);
}

TEST(JsonTest, NumbersOutOfDoubleRange) {
  EXPECT_EQ(parse_json("1e400").as_number().value, INFINITY);
  EXPECT_EQ(parse_json("-1e400").as_number().value, -INFINITY);
  EXPECT_EQ(parse_json("0.0001e-400").as_number().value, 0);
  EXPECT_TRUE(std::signbit(parse_json("-1e-400").as_number().value));
  // Many digits with a negative exponent is still an overflow.
  EXPECT_EQ(parse_json("1" + std::string(400, '0') + "e-5").as_number().value, INFINITY);
  EXPECT_EQ(parse_json("1e400").as_number().text, "1e400");
}

TEST(JsonTest, MalformedNumbers) {
  EXPECT_EQ(error_offset("01"), 1u);
  EXPECT_EQ(error_offset("-"), 1u);
  EXPECT_EQ(error_offset("1."), 2u);
  EXPECT_EQ(error_offset("1.e5"), 2u);
  EXPECT_EQ(error_offset(".5"), 0u);
  EXPECT_EQ(error_offset("+1"), 0u);
  EXPECT_EQ(error_offset("1e"), 2u);
  EXPECT_EQ(error_offset("1e+"), 3u);
  EXPECT_EQ(error_offset("0x10"), 1u);
  EXPECT_EQ(error_offset("NaN"), 0u);
  EXPECT_EQ(error_offset("-Infinity"), 1u);
}

TEST(JsonTest, StringEscapes) {
  EXPECT_EQ(string_of(R"("a\"b\\c\/d\be\ff\ng\rh\ti")"), "a\"b\\c/d\be\ff\ng\rh\ti");
  EXPECT_EQ(string_of(R"("\u0041\u00e9\u20AC")"), "A\xC3\xA9\xE2\x82\xAC");
  EXPECT_EQ(string_of(R"("\u0000")"), std::string(1, '\0'));
  EXPECT_EQ(string_of(R"("")"), "");
}

TEST(JsonTest, SurrogatePairsBecomeOneCharacter) {
  EXPECT_EQ(string_of(R"("\ud83d\ude00")"), "\xF0\x9F\x98\x80");  // U+1F600
  EXPECT_EQ(string_of(R"("\uD800\uDC00")"), "\xF0\x90\x80\x80");  // U+10000, the first
  EXPECT_EQ(string_of(R"("\uDBFF\uDFFF")"), "\xF4\x8F\xBF\xBF");  // U+10FFFF, the last
}

TEST(JsonTest, UnpairedSurrogatesAreRejected) {
  EXPECT_EQ(error_offset(R"("x\ude00")"), 2u);        // low surrogate alone
  EXPECT_EQ(error_offset(R"("x\ud83d")"), 2u);        // high surrogate at the end
  EXPECT_EQ(error_offset(R"("x\ud83dz")"), 2u);       // high surrogate before a character
  EXPECT_EQ(error_offset(R"("x\ud83d\u0041")"), 2u);  // high surrogate before a non-surrogate
  EXPECT_EQ(error_offset(R"("x\ud83d\ud83d")"), 2u);  // two high surrogates
}

TEST(JsonTest, BadStrings) {
  EXPECT_EQ(error_offset(R"("abc)"), 4u);
  EXPECT_EQ(error_offset(R"("\x")"), 2u);
  EXPECT_EQ(error_offset(R"("\u12")"), 5u);
  EXPECT_EQ(error_offset(R"("\u12g4")"), 5u);
  EXPECT_EQ(error_offset("\"a\nb\""), 2u);  // control characters must be escaped
  EXPECT_EQ(error_offset("'a'"), 0u);
}

TEST(JsonTest, Utf8IsCheckedAndKept) {
  EXPECT_EQ(string_of("\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\""),
            "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  EXPECT_EQ(error_offset("\"\x80\""), 1u);              // continuation byte first
  EXPECT_EQ(error_offset("\"\xC0\x80\""), 1u);          // overlong two bytes
  EXPECT_EQ(error_offset("\"\xE0\x80\x80\""), 1u);      // overlong three bytes
  EXPECT_EQ(error_offset("\"\xED\xA0\x80\""), 1u);      // an encoded surrogate
  EXPECT_EQ(error_offset("\"\xF4\x90\x80\x80\""), 1u);  // above U+10FFFF
  EXPECT_EQ(error_offset("\"a\xE2\x82\""), 4u);         // cut short
  EXPECT_EQ(error_offset("\xEF\xBB\xBFnull"), 0u);      // a byte-order mark is not JSON
}

TEST(JsonTest, ObjectsKeepKeyOrder) {
  JsonValue value = parse_json(R"({"z": 1, "a": [true, null], "m": {"k": "v"}})");
  const JsonValue::Object& members = value.as_object();
  ASSERT_EQ(members.size(), 3u);
  EXPECT_EQ(members[0].first, "z");
  EXPECT_EQ(members[1].first, "a");
  EXPECT_EQ(members[2].first, "m");
  EXPECT_EQ(value.at("z").as_number().value, 1);
  EXPECT_TRUE(value.at("a").as_array()[1].is_null());
  EXPECT_EQ(value.at("m").at("k").as_string(), "v");
  EXPECT_EQ(value.find("missing"), nullptr);
  EXPECT_EQ(parse_json("{}").as_object().size(), 0u);
  EXPECT_EQ(parse_json("[ ]").as_array().size(), 0u);
}

TEST(JsonTest, Nesting) {
  JsonValue value = parse_json(R"([[[]], {"a": [{"b": [1, [2]]}]}])");
  EXPECT_EQ(value.as_array()[1]
                .at("a")
                .as_array()[0]
                .at("b")
                .as_array()[1]
                .as_array()[0]
                .as_number()
                .value,
            2);

  std::string deepest = std::string(512, '[') + std::string(512, ']');
  EXPECT_NO_THROW(parse_json(deepest));
  std::string too_deep = std::string(513, '[') + std::string(513, ']');
  EXPECT_EQ(error_offset(too_deep), 512u);
  // Far too deep: rejected at the limit, not by running out of stack.
  EXPECT_EQ(error_offset(std::string(1000000, '[')), 512u);
}

TEST(JsonTest, BadStructure) {
  EXPECT_EQ(error_offset(""), 0u);
  EXPECT_EQ(error_offset("   "), 3u);
  EXPECT_EQ(error_offset("1 2"), 2u);
  EXPECT_EQ(error_offset("[1, 2,]"), 6u);
  EXPECT_EQ(error_offset("[1 2]"), 3u);
  EXPECT_EQ(error_offset("[1,"), 3u);
  EXPECT_EQ(error_offset(R"({"a": 1,})"), 8u);
  EXPECT_EQ(error_offset(R"({"a" 1})"), 5u);
  EXPECT_EQ(error_offset(R"({a: 1})"), 1u);
  EXPECT_EQ(error_offset(R"({"a": 1)"), 7u);
  EXPECT_EQ(error_offset(R"({"a": 1, "a": 2})"), 9u);  // duplicate key, at the second one
  EXPECT_EQ(error_offset("[1] // comment"), 4u);
}

TEST(JsonTest, WrongTypeNamesBothTypesAndTheOffset) {
  JsonValue value = parse_json(R"({"line": "12"})");
  try {
    value.at("line").as_number();
    FAIL() << "a string was read as a number";
  } catch (const JsonError& e) {
    EXPECT_EQ(e.offset(), 9u);
    EXPECT_STREQ(e.what(), "expected number, found string (at byte 9)");
  }
  EXPECT_THROW(value.at("name"), JsonError);
  EXPECT_THROW(parse_json("[]").find("a"), JsonError);
}

TEST(JsonTest, ErrorMessagesSayWhatWasFound) {
  try {
    parse_json("[1, }");
    FAIL();
  } catch (const JsonError& e) {
    EXPECT_STREQ(e.what(), "expected a value, found '}' (at byte 4)");
  }
}

}  // namespace
}  // namespace gowasm::spec
