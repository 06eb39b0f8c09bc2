// The standard objects of the JavaScript global environment that Go's
// standard library and wasm_exec.js rely on: Object, Array, Uint8Array,
// Uint8ClampedArray, Error, TypeError, Date, TextEncoder, TextDecoder,
// with working constructors and prototypes (so instanceof works), and
// factories for values the bridge creates.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "js_value.h"

namespace gowasm::js {

class Realm {
 public:
  Realm();
  ~Realm();
  Realm(const Realm&) = delete;
  Realm& operator=(const Realm&) = delete;

  // Every object is made here, so that the realm can break reference
  // cycles when it goes away.
  template <class T, class... Args>
  std::shared_ptr<T> create(Args&&... args) const {
    auto object = std::make_shared<T>(std::forward<Args>(args)...);
    track(object);
    return object;
  }

  const ObjectRef& global() const { return global_; }

  ObjectRef make_object() const;
  ObjectRef make_array(std::vector<Value> elements) const;
  ObjectRef make_bytes(std::vector<uint8_t> bytes) const;
  ObjectRef make_function(std::string name, NativeFunction call) const;
  // new Error(message), with a `code` property when `code` is not empty
  // (Node's system errors: ENOENT, EEXIST, ...).
  ObjectRef make_error(const std::string& message, const std::string& code = "") const;
  ObjectRef make_type_error(const std::string& message) const;
  ObjectRef make_range_error(const std::string& message) const;
  // Where Date.now() and new Date() read the time, in milliseconds since
  // the epoch (the host's clock unless set).
  void set_date_clock(std::function<double()> now_ms) { date_now_ = std::move(now_ms); }
  // Defines a function property on `target`.
  void define_method(const ObjectRef& target, const std::string& name, NativeFunction call) const;

  // Runs `body`; what it throws as JavaScript would (an Exception, or a
  // TypeError or RangeError of the value model as the Error object
  // JavaScript throws) comes back as the thrown value.
  std::optional<Value> thrown_by(const std::function<void()>& body) const;

 private:
  ObjectRef make_constructor(const std::string& name, const ObjectRef& prototype,
                             NativeFunction call, NativeConstructor construct) const;
  void track(const ObjectRef& object) const;
  void install_errors();
  void install_date();
  void install_text_codecs();
  // builtins.cpp
  void install_builtins();
  void install_date_methods(const ObjectRef& date, const ObjectRef& prototype,
                            std::function<double(const Value&)> time_of);

  // Declared first: the members below are created through it.
  mutable std::vector<std::weak_ptr<Object>> objects_;
  mutable size_t next_compaction_ = 1024;
  ObjectRef object_prototype_;
  ObjectRef function_prototype_;
  ObjectRef array_prototype_;
  ObjectRef error_prototype_;
  ObjectRef type_error_prototype_;
  ObjectRef range_error_prototype_;
  ObjectRef uint8_array_prototype_;
  ObjectRef uint8_clamped_array_prototype_;
  ObjectRef global_;
  std::function<double()> date_now_;
};

// The bytes of a Uint8Array or Uint8ClampedArray, or null for other values.
ByteArray* as_bytes(const Value& v);

}  // namespace gowasm::js
