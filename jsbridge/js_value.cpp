// The JavaScript value model; see js_value.h.
#include "js_value.h"

#include <cmath>
#include <cstdlib>

#include "gowasm/value.h"

namespace gowasm::js {

const Value* Object::find_own(const std::string& key) const {
  for (const auto& [k, v] : properties_) {
    if (k == key) return &v;
  }
  return nullptr;
}

Value Object::get(const std::string& key) const {
  for (const Object* o = this; o; o = o->prototype_.get()) {
    if (const Value* v = o->find_own(key)) return *v;
  }
  return Undefined{};
}

void Object::set(const std::string& key, Value value) {
  if (frozen_) return;
  for (auto& [k, v] : properties_) {
    if (k == key) {
      v = std::move(value);
      return;
    }
  }
  properties_.emplace_back(key, std::move(value));
}

void Object::remove(const std::string& key) {
  if (frozen_) return;
  std::erase_if(properties_, [&](const auto& p) { return p.first == key; });
}

Value Object::call(const Value&, std::span<const Value>) {
  throw TypeError{"object is not a function"};
}

Value Object::construct(std::span<const Value>) {
  throw TypeError{"object is not a constructor"};
}

Function::Function(ObjectRef prototype, std::string name, NativeFunction call,
                   NativeConstructor construct)
    : Object(std::move(prototype)),
      name_(std::move(name)),
      call_(std::move(call)),
      construct_(std::move(construct)) {}

Value Function::call(const Value& this_value, std::span<const Value> args) {
  return call_(this_value, args);
}

Value Function::construct(std::span<const Value> args) {
  if (!construct_) throw TypeError{name_ + " is not a constructor"};
  return construct_(args);
}

namespace {

// Arrays here are dense: an element set this far past the end, or a length
// this much longer, is refused with a RangeError rather than allocated
// (V8 would make the array sparse).
constexpr uint64_t kMaxArrayGrowth = uint64_t(1) << 24;

// An array index in canonical decimal form ("0", "17"; not "01" or "-1").
bool parse_index(const std::string& key, int64_t& index) {
  if (key.empty() || key.size() > 15 || (key.size() > 1 && key[0] == '0')) return false;
  index = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return false;
    index = index * 10 + (c - '0');
  }
  return true;
}

}  // namespace

Value Array::get(const std::string& key) const {
  if (key == "length") return double(elements_.size());
  int64_t index;
  if (parse_index(key, index)) return get_index(index);
  return Object::get(key);
}

bool Array::has_own(const std::string& key) const {
  int64_t index;
  if (key == "length") return true;
  if (parse_index(key, index)) return uint64_t(index) < elements_.size();
  return Object::has_own(key);
}

void Array::set(const std::string& key, Value value) {
  if (frozen()) return;
  int64_t index;
  if (parse_index(key, index)) return set_index(index, std::move(value));
  if (key == "length") {
    const double length = to_number(value);
    if (!(length >= 0) || length != std::trunc(length) || length > 4294967295.0)
      throw RangeError{"Invalid array length"};
    if (length > double(elements_.size() + kMaxArrayGrowth))
      throw RangeError{"Invalid array length: gowasm's arrays are dense, and " + to_string(value) +
                       " elements is too many"};
    elements_.resize(size_t(length), Undefined{});
    return;
  }
  Object::set(key, std::move(value));
}

Value Array::get_index(int64_t index) const {
  if (index < 0 || uint64_t(index) >= elements_.size()) return Undefined{};
  return elements_[size_t(index)];
}

void Array::set_index(int64_t index, Value value) {
  if (frozen()) return;
  if (index < 0) return Object::set(std::to_string(index), std::move(value));
  if (uint64_t(index) >= elements_.size()) {
    if (uint64_t(index) > elements_.size() + kMaxArrayGrowth)
      throw RangeError{"gowasm's arrays are dense: element " + std::to_string(index) +
                       " is too far past the end (" + std::to_string(elements_.size()) + ")"};
    elements_.resize(size_t(index) + 1, Undefined{});
  }
  elements_[size_t(index)] = std::move(value);
}

ByteArray::ByteArray(ObjectRef prototype, size_t length, bool clamped)
    : Object(std::move(prototype)), bytes_(length, 0), clamped_(clamped) {}

ByteArray::ByteArray(ObjectRef prototype, std::vector<uint8_t> bytes, bool clamped)
    : Object(std::move(prototype)), bytes_(std::move(bytes)), clamped_(clamped) {}

Value ByteArray::get(const std::string& key) const {
  if (key == "length" || key == "byteLength") return double(bytes_.size());
  int64_t index;
  if (parse_index(key, index)) return get_index(index);
  return Object::get(key);
}

Value ByteArray::get_index(int64_t index) const {
  if (index < 0 || uint64_t(index) >= bytes_.size()) return Undefined{};
  return double(bytes_[size_t(index)]);
}

void ByteArray::set_index(int64_t index, Value value) {
  if (index < 0 || uint64_t(index) >= bytes_.size()) return;  // typed arrays ignore these
  const double n = to_number(value);
  bytes_[size_t(index)] =
      clamped_ ? (std::isnan(n) ? 0 : uint8_t(std::nearbyint(std::clamp(n, 0.0, 255.0))))
               : to_uint8(n);
}

std::string type_of(const Value& v) {
  switch (v.index()) {
    case 0: return "undefined";
    case 1: return "object";  // typeof null
    case 2: return "boolean";
    case 3: return "number";
    case 4: return "string";
    case 5: return "symbol";
    default: return std::get<ObjectRef>(v)->is_callable() ? "function" : "object";
  }
}

bool same_value_zero(const Value& a, const Value& b) {
  if (a.index() != b.index()) return false;
  if (auto* x = std::get_if<double>(&a)) {
    const double y = std::get<double>(b);
    return *x == y || (std::isnan(*x) && std::isnan(y));
  }
  if (auto* x = std::get_if<bool>(&a)) return *x == std::get<bool>(b);
  if (auto* x = std::get_if<std::string>(&a)) return *x == std::get<std::string>(b);
  if (auto* x = std::get_if<SymbolRef>(&a)) return *x == std::get<SymbolRef>(b);
  if (auto* x = std::get_if<ObjectRef>(&a)) return *x == std::get<ObjectRef>(b);
  return true;  // undefined, null
}

bool truthy(const Value& v) {
  switch (v.index()) {
    case 0:
    case 1: return false;
    case 2: return std::get<bool>(v);
    case 3: {
      const double n = std::get<double>(v);
      return n != 0 && !std::isnan(n);
    }
    case 4: return !std::get<std::string>(v).empty();
    default: return true;
  }
}

std::string to_string(const Value& v) {
  switch (v.index()) {
    case 0: return "undefined";
    case 1: return "null";
    case 2: return std::get<bool>(v) ? "true" : "false";
    case 3: return format_number(std::get<double>(v));
    case 4: return std::get<std::string>(v);
    case 5: throw TypeError{"Cannot convert a Symbol value to a string"};
    default: {
      const ObjectRef& o = std::get<ObjectRef>(v);
      if (auto* array = dynamic_cast<Array*>(o.get())) {
        std::string text;
        for (size_t i = 0; i < array->elements().size(); ++i) {
          if (i) text += ",";
          const Value& e = array->elements()[i];
          if (!is_undefined(e) && !is_null(e)) text += to_string(e);
        }
        return text;
      }
      if (auto* bytes = dynamic_cast<ByteArray*>(o.get())) {
        std::string text;
        for (size_t i = 0; i < bytes->bytes().size(); ++i) {
          if (i) text += ",";
          text += std::to_string(bytes->bytes()[i]);
        }
        return text;
      }
      // Error.prototype.toString: "Name: message".
      const Value name = o->get("name"), message = o->get("message");
      if (std::holds_alternative<std::string>(name) &&
          std::holds_alternative<std::string>(message)) {
        const std::string& m = std::get<std::string>(message);
        return m.empty() ? std::get<std::string>(name) : std::get<std::string>(name) + ": " + m;
      }
      if (o->is_callable()) {
        const auto* f = dynamic_cast<const Function*>(o.get());
        return "function " + (f ? f->name() : std::string()) + "() { [native code] }";
      }
      return "[object " + o->class_name() + "]";
    }
  }
}

uint8_t to_uint8(double n) {
  return std::isfinite(n) ? uint8_t(int64_t(std::trunc(std::fmod(n, 256.0))) & 0xFF) : 0;
}

double time_clip(double time) {
  if (!std::isfinite(time) || std::abs(time) > 8.64e15) return std::nan("");
  return std::trunc(time) + 0.0;  // + 0.0: -0 becomes +0
}

double to_number(const Value& v) {
  switch (v.index()) {
    case 0: return std::nan("");
    case 1: return 0;
    case 2: return std::get<bool>(v) ? 1 : 0;
    case 3: return std::get<double>(v);
    case 4: {
      const std::string& s = std::get<std::string>(v);
      if (s.find_first_not_of(" \t\n\r") == std::string::npos) return 0;
      char* end = nullptr;
      const double n = std::strtod(s.c_str(), &end);
      return end && *end == '\0' ? n : std::nan("");
    }
    default: return std::nan("");
  }
}

Value construct(const Value& constructor, std::span<const Value> args) {
  const ObjectRef* c = as_object(constructor);
  if (!c || !(*c)->is_constructor())
    throw TypeError{to_string(constructor) + " is not a constructor"};
  return (*c)->construct(args);
}

bool instance_of(const Value& v, const Value& constructor) {
  const ObjectRef* c = as_object(constructor);
  if (!c || !(*c)->is_callable())
    throw TypeError{"Right-hand side of 'instanceof' is not callable"};
  const ObjectRef* o = as_object(v);
  if (!o) return false;
  const Value prototype = (*c)->get("prototype");
  const ObjectRef* p = as_object(prototype);
  if (!p) return false;
  for (Object* link = (*o)->prototype().get(); link; link = link->prototype().get()) {
    if (link == p->get()) return true;
  }
  return false;
}

size_t utf16_length(const std::string& s) {
  size_t units = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const uint8_t b = uint8_t(s[i]);
    if ((b & 0xC0) == 0x80) continue;  // continuation byte
    units += b >= 0xF0 ? 2 : 1;        // four-byte sequences are surrogate pairs
  }
  return units;
}

}  // namespace gowasm::js
