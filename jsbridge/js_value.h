// The JavaScript values a Go program can reach through syscall/js: the
// primitives, and objects with properties, a prototype (for instanceof),
// and optionally behaviour: callable functions implemented in C++ (or, via
// _makeFuncWrapper, by the guest), arrays, Uint8Arrays over shared bytes.
// Only what wasm_exec.js on Node lets Go observe is modelled.
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace gowasm::js {

class Object;
using ObjectRef = std::shared_ptr<Object>;

struct Undefined {
  bool operator==(const Undefined&) const = default;
};
struct Null {
  bool operator==(const Null&) const = default;
};
struct Symbol {
  std::string description;
};
using SymbolRef = std::shared_ptr<const Symbol>;

// Strings are kept as UTF-8, which is what crosses the bridge in both
// directions (TextEncoder/TextDecoder); lengths are reported in UTF-16
// units where JavaScript would.
using Value = std::variant<Undefined, Null, bool, double, std::string, SymbolRef, ObjectRef>;

inline bool is_undefined(const Value& v) {
  return std::holds_alternative<Undefined>(v);
}
inline bool is_null(const Value& v) {
  return std::holds_alternative<Null>(v);
}
inline const ObjectRef* as_object(const Value& v) {
  return std::get_if<ObjectRef>(&v);
}

// A thrown JavaScript exception.
struct Exception {
  Value value;
};
// A TypeError or RangeError raised by the value model itself, which has no
// realm to make an Error object in; the bridge turns it into one where it
// is caught.
struct TypeError {
  std::string message;
};
struct RangeError {
  std::string message;
};

using NativeFunction = std::function<Value(const Value& this_value, std::span<const Value> args)>;
using NativeConstructor = std::function<Value(std::span<const Value> args)>;

class Object : public std::enable_shared_from_this<Object> {
 public:
  explicit Object(ObjectRef prototype = nullptr) : prototype_(std::move(prototype)) {}
  virtual ~Object() = default;

  // [[Get]]: own properties, then the prototype chain.
  virtual Value get(const std::string& key) const;
  // Object.prototype.hasOwnProperty.
  virtual bool has_own(const std::string& key) const { return find_own(key) != nullptr; }
  virtual void set(const std::string& key, Value value);
  virtual void remove(const std::string& key);
  // Indexed access; plain objects use the index's decimal form as the key.
  virtual Value get_index(int64_t index) const { return get(std::to_string(index)); }
  virtual void set_index(int64_t index, Value value) {
    set(std::to_string(index), std::move(value));
  }

  virtual bool is_callable() const { return false; }
  // Calling a non-function throws a TypeError.
  virtual Value call(const Value& this_value, std::span<const Value> args);
  virtual bool is_constructor() const { return false; }
  virtual Value construct(std::span<const Value> args);
  // Object.prototype.toString's tag: "Object", "Array", "Function", ...
  virtual std::string class_name() const { return "Object"; }

  // Drops every property (and element): how the realm breaks cycles.
  virtual void clear() { properties_.clear(); }

  // Object.freeze: from now on set and remove change nothing (silently, as
  // in sloppy mode and through Reflect.set).
  void freeze() { frozen_ = true; }
  bool frozen() const { return frozen_; }

  const ObjectRef& prototype() const { return prototype_; }
  const std::vector<std::pair<std::string, Value>>& own_properties() const { return properties_; }

 protected:
  const Value* find_own(const std::string& key) const;

 private:
  ObjectRef prototype_;
  std::vector<std::pair<std::string, Value>> properties_;  // in insertion order
  bool frozen_ = false;
};

class Function : public Object {
 public:
  Function(ObjectRef prototype, std::string name, NativeFunction call,
           NativeConstructor construct = nullptr);
  bool is_callable() const override { return true; }
  Value call(const Value& this_value, std::span<const Value> args) override;
  bool is_constructor() const override { return bool(construct_); }
  Value construct(std::span<const Value> args) override;
  std::string class_name() const override { return "Function"; }
  const std::string& name() const { return name_; }

 private:
  std::string name_;
  NativeFunction call_;
  NativeConstructor construct_;
};

class Array : public Object {
 public:
  Array(ObjectRef prototype, std::vector<Value> elements)
      : Object(std::move(prototype)), elements_(std::move(elements)) {}
  Value get(const std::string& key) const override;
  bool has_own(const std::string& key) const override;
  void set(const std::string& key, Value value) override;
  Value get_index(int64_t index) const override;
  void set_index(int64_t index, Value value) override;
  std::string class_name() const override { return "Array"; }
  void clear() override {
    elements_.clear();
    Object::clear();
  }
  std::vector<Value>& elements() { return elements_; }

 private:
  std::vector<Value> elements_;
};

// Uint8Array and Uint8ClampedArray: a view on a byte buffer.
class ByteArray : public Object {
 public:
  ByteArray(ObjectRef prototype, size_t length, bool clamped);
  ByteArray(ObjectRef prototype, std::vector<uint8_t> bytes, bool clamped);
  Value get(const std::string& key) const override;
  Value get_index(int64_t index) const override;
  void set_index(int64_t index, Value value) override;
  std::string class_name() const override { return clamped_ ? "Uint8ClampedArray" : "Uint8Array"; }
  std::span<uint8_t> bytes() { return bytes_; }
  std::span<const uint8_t> bytes() const { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
  bool clamped_;
};

// typeof
std::string type_of(const Value& v);
// SameValueZero, the equality of Map keys (and so of the reference table).
bool same_value_zero(const Value& a, const Value& b);
// ToBoolean
bool truthy(const Value& v);
// String(v)
std::string to_string(const Value& v);
// ToNumber for the values Go passes (numbers, booleans, numeric strings).
double to_number(const Value& v);
// An integer taken from any number, as JavaScript takes one (ToIntegerOrInfinity),
// clamped into T, NaN as 0: a plain C++ cast is undefined past T's range,
// and the guest chooses the number.
template <class T>
T to_integer(double n) {
  if (std::isnan(n)) return 0;
  n = std::trunc(n);
  if (n <= double(std::numeric_limits<T>::min())) return std::numeric_limits<T>::min();
  if (n >= double(std::numeric_limits<T>::max())) return std::numeric_limits<T>::max();
  return T(n);
}
// ToUint8: the number modulo 2^8; NaN and the infinities are 0.
uint8_t to_uint8(double n);
// TimeClip: a Date's time in milliseconds, NaN beyond 8.64e15 either way.
double time_clip(double time);
// new constructor(...args); throws a TypeError when it is not a constructor.
Value construct(const Value& constructor, std::span<const Value> args);
// v instanceof constructor; throws a TypeError when constructor is not callable.
bool instance_of(const Value& v, const Value& constructor);
// UTF-16 length of a UTF-8 string.
size_t utf16_length(const std::string& s);

}  // namespace gowasm::js
