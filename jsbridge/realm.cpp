// See realm.h.
#include "realm.h"

#include <chrono>
#include <cmath>
#include <ctime>

namespace gowasm::js {

ByteArray* as_bytes(const Value& v) {
  const ObjectRef* o = as_object(v);
  return o ? dynamic_cast<ByteArray*>(o->get()) : nullptr;
}

namespace {

Value arg(std::span<const Value> args, size_t i) {
  return i < args.size() ? args[i] : Undefined{};
}

// A Date: an instant in milliseconds since the epoch.
class DateObject : public Object {
 public:
  DateObject(ObjectRef prototype, double time) : Object(std::move(prototype)), time_(time) {}
  std::string class_name() const override { return "Date"; }
  double time() const { return time_; }

 private:
  double time_;
};

// A typed array's length (NaN: 0), at most 2^31 (V8's limit, where it
// throws a RangeError).
size_t checked_length(double n, const Value& given) {
  if (std::isnan(n)) return 0;
  if (!(n >= 0) || n > double(1u << 31))
    throw RangeError{"Invalid typed array length: " + to_string(given)};
  return size_t(n);
}

// The bytes a Uint8Array constructor argument stands for: a length, an
// array-like of numbers, or another typed array.
std::vector<uint8_t> initial_bytes(std::span<const Value> args) {
  const Value first = arg(args, 0);
  if (auto* bytes = as_bytes(first)) return {bytes->bytes().begin(), bytes->bytes().end()};
  if (auto* o = as_object(first)) {
    const Value length = (*o)->get("length");
    std::vector<uint8_t> out(checked_length(std::max(0.0, to_number(length)), length));
    for (size_t i = 0; i < out.size(); ++i)
      out[i] = to_uint8(to_number((*o)->get_index(int64_t(i))));
    return out;
  }
  const double n = to_number(first);
  if (std::isnan(n) && is_undefined(first)) return {};
  return std::vector<uint8_t>(checked_length(n, first));
}

}  // namespace

Realm::Realm()
    : object_prototype_(create<Object>()),
      function_prototype_(create<Object>(object_prototype_)),
      array_prototype_(create<Object>(object_prototype_)),
      error_prototype_(create<Object>(object_prototype_)),
      type_error_prototype_(create<Object>(error_prototype_)),
      range_error_prototype_(create<Object>(error_prototype_)),
      uint8_array_prototype_(create<Object>(object_prototype_)),
      uint8_clamped_array_prototype_(create<Object>(object_prototype_)),
      global_(create<Object>(object_prototype_)) {
  error_prototype_->set("name", std::string("Error"));
  error_prototype_->set("message", std::string());
  global_->set("globalThis", global_);

  const auto new_object = [this](std::span<const Value> args) -> Value {
    if (as_object(arg(args, 0))) return arg(args, 0);
    return make_object();
  };
  global_->set("Object",
               make_constructor(
                   "Object", object_prototype_,
                   [new_object](const Value&, std::span<const Value> a) { return new_object(a); },
                   new_object));

  const auto new_array = [this](std::span<const Value> args) -> Value {
    // new Array(n) makes n holes; new Array(a, b, ...) holds its arguments.
    if (args.size() == 1 && std::holds_alternative<double>(args[0])) {
      const double n = std::get<double>(args[0]);
      if (!(n >= 0) || n != std::floor(n) || n > 4294967295.0)
        throw TypeError{"Invalid array length"};
      return make_array(std::vector<Value>(size_t(n), Undefined{}));
    }
    return make_array(std::vector<Value>(args.begin(), args.end()));
  };
  global_->set(
      "Array",
      make_constructor(
          "Array", array_prototype_,
          [new_array](const Value&, std::span<const Value> a) { return new_array(a); }, new_array));

  for (const bool clamped : {false, true}) {
    const ObjectRef& prototype = clamped ? uint8_clamped_array_prototype_ : uint8_array_prototype_;
    const std::string name = clamped ? "Uint8ClampedArray" : "Uint8Array";
    global_->set(name,
                 make_constructor(name, prototype, nullptr,
                                  [this, prototype, clamped](std::span<const Value> args) -> Value {
                                    return ObjectRef(
                                        create<ByteArray>(prototype, initial_bytes(args), clamped));
                                  }));
  }

  install_errors();
  install_date();
  install_text_codecs();
  install_builtins();
}

void Realm::install_errors() {
  for (const auto& [name, prototype] : {std::pair{"Error", &error_prototype_},
                                        {"TypeError", &type_error_prototype_},
                                        {"RangeError", &range_error_prototype_}}) {
    if (*prototype != error_prototype_) (*prototype)->set("name", std::string(name));
    const ObjectRef proto = *prototype;
    const auto construct = [this, proto](std::span<const Value> args) -> Value {
      ObjectRef e = create<Object>(proto);
      if (!is_undefined(arg(args, 0))) e->set("message", to_string(arg(args, 0)));
      return e;
    };
    global_->set(name,
                 make_constructor(
                     name, proto,
                     [construct](const Value&, std::span<const Value> a) { return construct(a); },
                     construct));
  }
}

ObjectRef Realm::make_constructor(const std::string& name, const ObjectRef& prototype,
                                  NativeFunction call, NativeConstructor construct) const {
  if (!call) {  // a class: only `new` may call it
    call = [name](const Value&, std::span<const Value>) -> Value {
      throw TypeError{"Constructor " + name + " requires 'new'"};
    };
  }
  auto constructor =
      create<Function>(function_prototype_, name, std::move(call), std::move(construct));
  constructor->set("prototype", prototype);
  prototype->set("constructor", ObjectRef(constructor));
  return constructor;
}

void Realm::install_date() {
  auto prototype = create<Object>(object_prototype_);
  date_now_ = [] {
    return double(std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count());
  };
  const auto now_ms = [this] { return date_now_(); };
  const auto time_of = [](const Value& this_value) {
    const ObjectRef* o = as_object(this_value);
    const auto* date = o ? dynamic_cast<const DateObject*>(o->get()) : nullptr;
    if (!date) throw TypeError{"this is not a Date object."};
    return date->time();
  };
  define_method(prototype, "getTime", [time_of](const Value& self, std::span<const Value>) {
    return Value(time_of(self));
  });
  // The offset of local time from UTC in minutes, positive west of UTC,
  // at the date's own instant (daylight saving included).
  define_method(prototype, "getTimezoneOffset",
                [time_of](const Value& self, std::span<const Value>) {
                  const double time = time_of(self);
                  if (std::isnan(time)) return Value(std::nan(""));
                  const std::time_t seconds = std::time_t(std::floor(time / 1000));
                  std::tm local{};
                  localtime_r(&seconds, &local);
                  return Value(double(-local.tm_gmtoff / 60));
                });
  const auto construct = [this, prototype, now_ms](std::span<const Value> args) -> Value {
    return ObjectRef(
        create<DateObject>(prototype, time_clip(args.empty() ? now_ms() : to_number(args[0]))));
  };
  ObjectRef date = make_constructor(
      "Date", prototype,
      [](const Value&, std::span<const Value>) -> Value {
        throw TypeError{"Date() as a function is not supported"};
      },
      construct);
  define_method(date, "now",
                [now_ms](const Value&, std::span<const Value>) { return Value(now_ms()); });
  install_date_methods(date, prototype, time_of);
  global_->set("Date", date);
}

void Realm::install_text_codecs() {
  // Strings are UTF-8 inside, so encoding and decoding copy bytes.
  auto encoder_prototype = create<Object>(object_prototype_);
  define_method(encoder_prototype, "encode", [this](const Value&, std::span<const Value> args) {
    const std::string s = is_undefined(arg(args, 0)) ? std::string() : to_string(arg(args, 0));
    return Value(make_bytes(std::vector<uint8_t>(s.begin(), s.end())));
  });
  global_->set("TextEncoder",
               make_constructor("TextEncoder", encoder_prototype, nullptr,
                                [this, encoder_prototype](std::span<const Value>) -> Value {
                                  return ObjectRef(create<Object>(encoder_prototype));
                                }));
  auto decoder_prototype = create<Object>(object_prototype_);
  define_method(decoder_prototype, "decode", [](const Value&, std::span<const Value> args) {
    ByteArray* bytes = as_bytes(arg(args, 0));
    if (!bytes) return Value(std::string());
    return Value(std::string(bytes->bytes().begin(), bytes->bytes().end()));
  });
  global_->set("TextDecoder",
               make_constructor("TextDecoder", decoder_prototype, nullptr,
                                [this, decoder_prototype](std::span<const Value>) -> Value {
                                  return ObjectRef(create<Object>(decoder_prototype));
                                }));
}

Realm::~Realm() {
  // Objects refer to each other in cycles (prototype.constructor, the
  // global object's globalThis, whatever the program built): emptying every
  // object that is still alive lets reference counting free them all.
  for (const std::weak_ptr<Object>& weak : objects_) {
    if (ObjectRef o = weak.lock()) o->clear();
  }
}

void Realm::track(const ObjectRef& object) const {
  if (objects_.size() >= next_compaction_) {
    std::erase_if(objects_, [](const std::weak_ptr<Object>& w) { return w.expired(); });
    next_compaction_ = std::max<size_t>(1024, 2 * objects_.size());
  }
  objects_.push_back(object);
}

ObjectRef Realm::make_object() const {
  return create<Object>(object_prototype_);
}

ObjectRef Realm::make_array(std::vector<Value> elements) const {
  return create<Array>(array_prototype_, std::move(elements));
}

ObjectRef Realm::make_bytes(std::vector<uint8_t> bytes) const {
  return create<ByteArray>(uint8_array_prototype_, std::move(bytes), false);
}

ObjectRef Realm::make_function(std::string name, NativeFunction call) const {
  return create<Function>(function_prototype_, std::move(name), std::move(call));
}

void Realm::define_method(const ObjectRef& target, const std::string& name,
                          NativeFunction call) const {
  target->set(name, make_function(name, std::move(call)));
}

ObjectRef Realm::make_error(const std::string& message, const std::string& code) const {
  ObjectRef e = create<Object>(error_prototype_);
  e->set("message", message);
  if (!code.empty()) e->set("code", code);
  return e;
}

std::optional<Value> Realm::thrown_by(const std::function<void()>& body) const {
  try {
    body();
    return std::nullopt;
  } catch (const Exception& e) {
    return e.value;
  } catch (const TypeError& e) {
    return make_type_error(e.message);
  } catch (const RangeError& e) {
    return make_range_error(e.message);
  }
}

ObjectRef Realm::make_range_error(const std::string& message) const {
  ObjectRef e = create<Object>(range_error_prototype_);
  e->set("message", message);
  return e;
}

ObjectRef Realm::make_type_error(const std::string& message) const {
  ObjectRef e = create<Object>(type_error_prototype_);
  e->set("message", message);
  return e;
}

}  // namespace gowasm::js
