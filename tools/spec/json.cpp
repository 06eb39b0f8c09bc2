// A recursive-descent parser over the RFC 8259 grammar. Every rejection
// throws at the first byte that cannot continue a valid document, so the
// offset in the message points at the mistake rather than somewhere after it.
#include "spec/json.h"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <unordered_set>

namespace gowasm::spec {
namespace {

// Deep enough for any real document, shallow enough that the recursion cannot
// exhaust the stack on hostile input such as a megabyte of '['.
constexpr int kMaxDepth = 512;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

void append_utf8(std::string& out, uint32_t code_point) {
  if (code_point < 0x80) {
    out += char(code_point);
  } else if (code_point < 0x800) {
    out += char(0xC0 | (code_point >> 6));
    out += char(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    out += char(0xE0 | (code_point >> 12));
    out += char(0x80 | ((code_point >> 6) & 0x3F));
    out += char(0x80 | (code_point & 0x3F));
  } else {
    out += char(0xF0 | (code_point >> 18));
    out += char(0x80 | ((code_point >> 12) & 0x3F));
    out += char(0x80 | ((code_point >> 6) & 0x3F));
    out += char(0x80 | (code_point & 0x3F));
  }
}

// The power of ten of the first significant digit of a JSON number, e.g. 2
// for "123.4" and -3 for "0.00123e0". std::from_chars reports an overflow
// and an underflow alike, and this says which of the two it was.
long decimal_magnitude(std::string_view text) {
  long exponent = 0;
  if (size_t e = text.find_first_of("eE"); e != std::string_view::npos) {
    std::string_view digits = text.substr(e + 1);
    if (digits.front() == '+') digits.remove_prefix(1);
    // Saturate: any exponent beyond a few thousand is out of range either way.
    long value = 0;
    if (std::from_chars(digits.data(), digits.data() + digits.size(), value).ec != std::errc())
      value = digits.front() == '-' ? -100000 : 100000;
    exponent = value;
    text = text.substr(0, e);
  }
  if (text.front() == '-') text.remove_prefix(1);
  size_t point = text.find('.');
  long integer_digits = long(point == std::string_view::npos ? text.size() : point);
  long position = 0;  // of the digit being looked at, counted over the digits only
  for (char c : text) {
    if (c == '.') continue;
    if (c != '0') return exponent + integer_digits - 1 - position;
    ++position;
  }
  return std::numeric_limits<long>::min();  // zero, which is never out of range
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  JsonValue parse_document() {
    skip_whitespace();
    JsonValue value = parse_value(0);
    skip_whitespace();
    if (pos_ != text_.size())
      fail("expected the end of input after the JSON value, found " + found());
    return value;
  }

 private:
  [[noreturn]] void fail(const std::string& message) const { throw JsonError(message, pos_); }

  // What stands at the current position, for messages.
  std::string found() const {
    if (pos_ == text_.size()) return "the end of input";
    unsigned char c = text_[pos_];
    if (c >= 0x20 && c < 0x7F) return std::string("'") + char(c) + "'";
    char hex[16];
    std::snprintf(hex, sizeof hex, "byte 0x%02X", c);
    return hex;
  }

  bool at_end() const { return pos_ == text_.size(); }
  bool next_is(char c) const { return pos_ < text_.size() && text_[pos_] == c; }

  void skip_whitespace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }

  JsonValue parse_value(int depth) {
    if (at_end()) fail("expected a value, found the end of input");
    size_t start = pos_;
    switch (text_[pos_]) {
      case '{': return parse_object(depth);
      case '[': return parse_array(depth);
      case '"': return JsonValue(parse_string(), start);
      case 't': expect_literal("true"); return JsonValue(true, start);
      case 'f': expect_literal("false"); return JsonValue(false, start);
      case 'n': expect_literal("null"); return JsonValue(nullptr, start);
      default:
        if (text_[pos_] == '-' || is_digit(text_[pos_])) return JsonValue(parse_number(), start);
        fail("expected a value, found " + found());
    }
  }

  void expect_literal(std::string_view literal) {
    if (text_.substr(pos_, literal.size()) != literal)
      fail("expected a value, found " + found() + " (not '" + std::string(literal) + "')");
    pos_ += literal.size();
  }

  // Opens a nested array or object; the depth limit is checked here so both share it.
  void enter(int depth) {
    if (depth >= kMaxDepth) fail("arrays and objects nested more than 512 deep");
    ++pos_;
    skip_whitespace();
  }

  JsonValue parse_array(int depth) {
    size_t start = pos_;
    enter(depth);
    JsonValue::Array items;
    if (next_is(']')) {
      ++pos_;
      return JsonValue(std::move(items), start);
    }
    for (;;) {
      items.push_back(parse_value(depth + 1));
      skip_whitespace();
      if (next_is(']')) break;
      if (!next_is(',')) fail("expected ',' or ']' in an array, found " + found());
      ++pos_;
      skip_whitespace();
    }
    ++pos_;
    return JsonValue(std::move(items), start);
  }

  JsonValue parse_object(int depth) {
    size_t start = pos_;
    enter(depth);
    JsonValue::Object members;
    if (next_is('}')) {
      ++pos_;
      return JsonValue(std::move(members), start);
    }
    std::unordered_set<std::string> keys;
    for (;;) {
      if (!next_is('"')) fail("expected a string key in an object, found " + found());
      size_t key_offset = pos_;
      std::string key = parse_string();
      // Readers disagree on which of two equal keys wins, so a document
      // with one has no single meaning.
      if (!keys.insert(key).second)
        throw JsonError("duplicate object key \"" + key + "\"", key_offset);
      skip_whitespace();
      if (!next_is(':')) fail("expected ':' after an object key, found " + found());
      ++pos_;
      skip_whitespace();
      members.emplace_back(std::move(key), parse_value(depth + 1));
      skip_whitespace();
      if (next_is('}')) break;
      if (!next_is(',')) fail("expected ',' or '}' in an object, found " + found());
      ++pos_;
      skip_whitespace();
    }
    ++pos_;
    return JsonValue(std::move(members), start);
  }

  std::string parse_string() {
    ++pos_;  // the opening quote
    std::string out;
    for (;;) {
      if (at_end()) fail("unterminated string");
      unsigned char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return out;
      }
      if (c == '\\') {
        parse_escape(out);
      } else if (c < 0x20) {
        fail("control character " + found() + " in a string (it must be escaped)");
      } else if (c < 0x80) {
        out += char(c);
        ++pos_;
      } else {
        copy_utf8_sequence(out);
      }
    }
  }

  void parse_escape(std::string& out) {
    ++pos_;  // the backslash
    if (at_end()) fail("unterminated string");
    char c = text_[pos_++];
    switch (c) {
      case '"': out += '"'; return;
      case '\\': out += '\\'; return;
      case '/': out += '/'; return;
      case 'b': out += '\b'; return;
      case 'f': out += '\f'; return;
      case 'n': out += '\n'; return;
      case 'r': out += '\r'; return;
      case 't': out += '\t'; return;
      case 'u': break;
      default: --pos_; fail("invalid escape: backslash followed by " + found());
    }
    size_t escape_offset = pos_ - 2;
    uint32_t code_point = parse_hex4();
    if (code_point >= 0xDC00 && code_point <= 0xDFFF)
      throw JsonError("\\u escape of an unpaired low surrogate", escape_offset);
    if (code_point >= 0xD800 && code_point <= 0xDBFF) {
      // A character above U+FFFF is written as two escapes, high surrogate first.
      if (text_.substr(pos_, 2) != "\\u")
        throw JsonError("\\u escape of a high surrogate without a low surrogate after it",
                        escape_offset);
      pos_ += 2;
      uint32_t low = parse_hex4();
      if (low < 0xDC00 || low > 0xDFFF)
        throw JsonError("\\u escape of a high surrogate without a low surrogate after it",
                        escape_offset);
      code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, code_point);
  }

  uint32_t parse_hex4() {
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i, ++pos_) {
      if (at_end()) fail("unterminated \\u escape");
      char c = text_[pos_];
      uint32_t digit;
      if (is_digit(c)) {
        digit = c - '0';
      } else if (c >= 'a' && c <= 'f') {
        digit = c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        digit = c - 'A' + 10;
      } else {
        fail("expected a hex digit in a \\u escape, found " + found());
      }
      value = value << 4 | digit;
    }
    return value;
  }

  // Copies one multi-byte UTF-8 character after checking it is well formed
  // (no overlong forms, no surrogates, nothing above U+10FFFF), so that every
  // string the parser returns is valid UTF-8.
  void copy_utf8_sequence(std::string& out) {
    unsigned char lead = text_[pos_];
    size_t length;
    uint32_t code_point;
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
      code_point = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      code_point = lead & 0x0F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code_point = lead & 0x07;
    } else {
      fail("invalid UTF-8: " + found() + " cannot start a character");
    }
    size_t start = pos_;
    for (size_t i = 1; i < length; ++i) {
      ++pos_;
      if (at_end() || (static_cast<unsigned char>(text_[pos_]) & 0xC0) != 0x80)
        fail("invalid UTF-8: character cut short by " + found());
      code_point = code_point << 6 | (static_cast<unsigned char>(text_[pos_]) & 0x3F);
    }
    bool overlong = (length == 3 && code_point < 0x800) || (length == 4 && code_point < 0x10000);
    if (overlong || (code_point >= 0xD800 && code_point <= 0xDFFF) || code_point > 0x10FFFF)
      throw JsonError("invalid UTF-8: overlong form, surrogate or value above U+10FFFF", start);
    ++pos_;
    out.append(text_.substr(start, length));
  }

  JsonNumber parse_number() {
    size_t start = pos_;
    if (next_is('-')) ++pos_;
    if (!at_end() && text_[pos_] == '0') {
      ++pos_;
      if (!at_end() && is_digit(text_[pos_])) fail("leading zero in a number");
    } else {
      skip_digits("a digit");
    }
    if (next_is('.')) {
      ++pos_;
      skip_digits("a digit after the decimal point");
    }
    if (next_is('e') || next_is('E')) {
      ++pos_;
      if (next_is('+') || next_is('-')) ++pos_;
      skip_digits("a digit in the exponent");
    }
    JsonNumber number{std::string(text_.substr(start, pos_ - start))};
    const char* first = number.text.data();
    if (std::from_chars(first, first + number.text.size(), number.value).ec ==
        std::errc::result_out_of_range) {
      double magnitude =
          decimal_magnitude(number.text) > 0 ? std::numeric_limits<double>::infinity() : 0.0;
      number.value = number.text.front() == '-' ? -magnitude : magnitude;
    }
    return number;
  }

  void skip_digits(const char* expected) {
    if (at_end() || !is_digit(text_[pos_]))
      fail(std::string("expected ") + expected + ", found " + found());
    while (!at_end() && is_digit(text_[pos_])) ++pos_;
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

JsonError::JsonError(const std::string& message, size_t offset)
    : std::runtime_error(message + " (at byte " + std::to_string(offset) + ")"), offset_(offset) {}

const char* to_string(JsonValue::Type type) {
  switch (type) {
    case JsonValue::Type::Null: return "null";
    case JsonValue::Type::Bool: return "bool";
    case JsonValue::Type::Number: return "number";
    case JsonValue::Type::String: return "string";
    case JsonValue::Type::Array: return "array";
    case JsonValue::Type::Object: return "object";
  }
  return "?";
}

template <typename T>
const T& JsonValue::get(Type expected) const {
  if (const T* value = std::get_if<T>(&data_)) return *value;
  throw JsonError(std::string("expected ") + to_string(expected) + ", found " + to_string(type()),
                  offset_);
}

bool JsonValue::as_bool() const {
  return get<bool>(Type::Bool);
}
const JsonNumber& JsonValue::as_number() const {
  return get<JsonNumber>(Type::Number);
}
const std::string& JsonValue::as_string() const {
  return get<std::string>(Type::String);
}
const JsonValue::Array& JsonValue::as_array() const {
  return get<Array>(Type::Array);
}
const JsonValue::Object& JsonValue::as_object() const {
  return get<Object>(Type::Object);
}

const JsonValue* JsonValue::find(std::string_view key) const {
  for (const auto& [name, value] : as_object())
    if (name == key) return &value;
  return nullptr;
}

const JsonValue& JsonValue::at(std::string_view key) const {
  if (const JsonValue* value = find(key)) return *value;
  throw JsonError("missing member \"" + std::string(key) + "\"", offset_);
}

JsonValue parse_json(std::string_view text) {
  return Parser(text).parse_document();
}

}  // namespace gowasm::spec
