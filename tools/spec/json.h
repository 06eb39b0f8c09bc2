// A small strict JSON reader (RFC 8259) for the spec-test runner, which reads
// the command scripts wabt's wast2json writes. It is self-written so the
// runner needs nothing beyond the standard library, and strict so that a
// damaged or truncated script is reported with the byte where it goes wrong
// instead of being half-run. Numbers keep their source text next to the
// double, because wast2json writes 64-bit values that a double cannot hold
// exactly; objects keep their keys in source order.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace gowasm::spec {

// Bad JSON text, or a value that is not of the type a caller asked for.
// offset() is the byte offset into the text where the problem is.
class JsonError : public std::runtime_error {
 public:
  JsonError(const std::string& message, size_t offset);

  size_t offset() const { return offset_; }

 private:
  size_t offset_;
};

struct JsonNumber {
  std::string text;  // exactly as written, e.g. "-0", "1e400"
  // The nearest double; ±infinity or ±0 when the text is outside the range of a double.
  double value = 0;
};

class JsonValue {
 public:
  enum class Type { Null, Bool, Number, String, Array, Object };
  using Array = std::vector<JsonValue>;
  using Object = std::vector<std::pair<std::string, JsonValue>>;  // in source order, keys unique

  JsonValue() = default;
  JsonValue(std::nullptr_t, size_t offset) : offset_(offset) {}
  JsonValue(bool value, size_t offset) : data_(value), offset_(offset) {}
  JsonValue(JsonNumber value, size_t offset) : data_(std::move(value)), offset_(offset) {}
  JsonValue(std::string value, size_t offset) : data_(std::move(value)), offset_(offset) {}
  // A string literal would otherwise convert to bool, not std::string.
  JsonValue(const char* value, size_t offset) = delete;
  JsonValue(Array value, size_t offset) : data_(std::move(value)), offset_(offset) {}
  JsonValue(Object value, size_t offset) : data_(std::move(value)), offset_(offset) {}

  Type type() const { return Type(data_.index()); }  // the alternatives are in Type's order
  bool is_null() const { return type() == Type::Null; }
  // Where the value starts in the parsed text, for error messages about its contents.
  size_t offset() const { return offset_; }

  // Each throws JsonError naming the expected and the actual type when the value is another type.
  bool as_bool() const;
  const JsonNumber& as_number() const;
  const std::string& as_string() const;
  const Array& as_array() const;
  const Object& as_object() const;

  // The member named `key` of an object, or nullptr; throws JsonError when this is not an object.
  const JsonValue* find(std::string_view key) const;
  // Like find(), but a missing member is a JsonError too.
  const JsonValue& at(std::string_view key) const;

 private:
  template <typename T>
  const T& get(Type expected) const;

  std::variant<std::nullptr_t, bool, JsonNumber, std::string, Array, Object> data_;
  size_t offset_ = 0;
};

const char* to_string(JsonValue::Type type);

// Parses one JSON value filling all of `text` (surrounding whitespace aside).
// Throws JsonError on anything RFC 8259 does not allow, and also on invalid
// UTF-8, escapes that encode unpaired surrogates, duplicate object keys and
// nesting deeper than 512 levels.
JsonValue parse_json(std::string_view text);

}  // namespace gowasm::spec
