// gowasm/js.h: JsValue's operations, each the bridge's own on js::Value.
#include "js_handle.h"

#include "realm.h"

namespace gowasm {
namespace {

const js::ObjectRef* object_of(const JsValue& v) {
  return js::as_object(js::from_public(v));
}

[[noreturn]] void wrong_type(const char* wanted, const JsValue& v) {
  throw std::invalid_argument(std::string("expected a JavaScript ") + wanted + ", got " +
                              js::type_of(js::from_public(v)));
}

}  // namespace

JsValue::JsValue() : JsValue(js::to_public(js::Undefined{})) {}
JsValue JsValue::null() {
  return js::to_public(js::Null{});
}
JsValue::JsValue(bool value) : JsValue(js::to_public(value)) {}
JsValue::JsValue(double value) : JsValue(js::to_public(value)) {}
JsValue::JsValue(const char* text) : JsValue(js::to_public(std::string(text))) {}
JsValue::JsValue(std::string text) : JsValue(js::to_public(std::move(text))) {}
JsValue::~JsValue() = default;
JsValue::JsValue(const JsValue&) = default;
JsValue& JsValue::operator=(const JsValue&) = default;
JsValue::JsValue(JsValue&&) noexcept = default;
JsValue& JsValue::operator=(JsValue&&) noexcept = default;

JsValue::Type JsValue::type() const {
  const js::Value& v = js::from_public(*this);
  switch (v.index()) {
    case 0: return Type::Undefined;
    case 1: return Type::Null;
    case 2: return Type::Boolean;
    case 3: return Type::Number;
    case 4: return Type::String;
    case 5: return Type::Symbol;
    default: return (*js::as_object(v))->is_callable() ? Type::Function : Type::Object;
  }
}

bool JsValue::is_array() const {
  const js::ObjectRef* o = object_of(*this);
  return o && dynamic_cast<const js::Array*>(o->get());
}

bool JsValue::is_bytes() const {
  return js::as_bytes(js::from_public(*this)) != nullptr;
}

bool JsValue::as_bool() const {
  const bool* b = std::get_if<bool>(&js::from_public(*this));
  if (!b) wrong_type("boolean", *this);
  return *b;
}

double JsValue::as_number() const {
  const double* d = std::get_if<double>(&js::from_public(*this));
  if (!d) wrong_type("number", *this);
  return *d;
}

const std::string& JsValue::as_string() const {
  const std::string* s = std::get_if<std::string>(&js::from_public(*this));
  if (!s) wrong_type("string", *this);
  return *s;
}

std::string JsValue::to_string() const {
  return js::to_string(js::from_public(*this));
}

JsValue JsValue::get(std::string_view key) const {
  const js::ObjectRef* o = object_of(*this);
  return o ? js::to_public((*o)->get(std::string(key))) : JsValue();
}

void JsValue::set(std::string_view key, const JsValue& value) const {
  const js::ObjectRef* o = object_of(*this);
  if (!o) wrong_type("object", *this);
  (*o)->set(std::string(key), js::from_public(value));
}

JsValue JsValue::at(size_t index) const {
  const js::ObjectRef* o = object_of(*this);
  return o ? js::to_public((*o)->get_index(int64_t(index))) : JsValue();
}

size_t JsValue::length() const {
  if (const js::ByteArray* bytes = js::as_bytes(js::from_public(*this)))
    return bytes->bytes().size();
  if (!is_array()) return 0;
  // Keep get()'s result alive: from_public refers into the JsValue's Rep,
  // which a temporary would free at the end of the full-expression.
  const JsValue length = get("length");
  const double* n = std::get_if<double>(&js::from_public(length));
  return n && *n >= 0 ? size_t(*n) : 0;
}

std::optional<std::span<uint8_t>> JsValue::bytes() const {
  js::ByteArray* bytes = js::as_bytes(js::from_public(*this));
  if (!bytes) return std::nullopt;
  return bytes->bytes();
}

bool JsValue::operator==(const JsValue& other) const {
  return js::same_value_zero(js::from_public(*this), js::from_public(other));
}

}  // namespace gowasm
