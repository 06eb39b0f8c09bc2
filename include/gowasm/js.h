// JavaScript values as a host sees a Go program's: what syscall/js passes
// to and from the host. A JsValue is a primitive (undefined, null, a
// boolean, a number, a string) or a handle to an object of the program's
// realm: an array, a Uint8Array, a function (the guest's js.FuncOf, or the
// host's own), or any other object. Objects are shared, not copied: a
// property the host sets is seen by the guest, and the other way round.
//
//   gowasm::JsValue config = program.make_object();
//   config.set("user", "ada");
//   program.global().set("pluginConfig", config);       // before start()
//   ...
//   gowasm::GoCallResult r = program.call("add", {2, 40});
//   if (r.ok()) std::printf("%g\n", r.value->as_number());   // 42
//
// Objects are made by a GoProgram (make_object, make_array, make_bytes,
// make_function), which owns the realm they live in; a JsValue must not
// outlive its program. JsValues are not thread-safe: use them on the thread
// that drives the program (see GoProgram::post).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gowasm {

class JsValue {
 public:
  enum class Type { Undefined, Null, Boolean, Number, String, Symbol, Object, Function };

  JsValue();  // undefined
  static JsValue null();
  JsValue(bool value);
  JsValue(double value);
  JsValue(int value) : JsValue(double(value)) {}
  JsValue(int64_t value) : JsValue(double(value)) {}
  JsValue(const char* text);
  JsValue(std::string text);
  JsValue(std::string_view text) : JsValue(std::string(text)) {}
  ~JsValue();
  JsValue(const JsValue&);
  JsValue& operator=(const JsValue&);
  JsValue(JsValue&&) noexcept;
  JsValue& operator=(JsValue&&) noexcept;

  // typeof, with functions and null told apart from other objects.
  Type type() const;
  bool is_undefined() const { return type() == Type::Undefined; }
  bool is_null() const { return type() == Type::Null; }
  bool is_object() const { return type() == Type::Object || type() == Type::Function; }
  bool is_function() const { return type() == Type::Function; }
  bool is_array() const;
  bool is_bytes() const;  // a Uint8Array

  // The primitive itself; std::invalid_argument for another type.
  bool as_bool() const;
  double as_number() const;
  const std::string& as_string() const;
  // String(value), as JavaScript converts it: "42", "true", "[object Object]".
  std::string to_string() const;

  // Properties and elements of an object (undefined for a primitive or a
  // missing property). set() on a primitive throws std::invalid_argument.
  JsValue get(std::string_view key) const;
  void set(std::string_view key, const JsValue& value) const;
  JsValue at(size_t index) const;
  // An array's or a Uint8Array's length; 0 otherwise.
  size_t length() const;
  // A Uint8Array's bytes, shared with the guest until it releases them.
  std::optional<std::span<uint8_t>> bytes() const;

  // The same primitive or the same object (SameValueZero: NaN equals NaN).
  bool operator==(const JsValue& other) const;

  struct Rep;  // the bridge's value (jsbridge/js_value.h)
  explicit JsValue(std::shared_ptr<const Rep> rep) : rep_(std::move(rep)) {}
  const Rep& rep() const { return *rep_; }

 private:
  std::shared_ptr<const Rep> rep_;
};

// Thrown by a host function to throw a JavaScript Error with `message` at
// the guest; Go sees a js.Error panic it may recover from.
class JsError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace gowasm
