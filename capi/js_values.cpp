// The C API for JavaScript values: making them, reading them, and host
// functions the guest calls.
#include <cmath>
#include <cstring>

#include "handles.h"

using namespace gowasm::capi;

extern "C" {

gowasm_js_value* gowasm_js_undefined(void) {
  return wrap(gowasm::JsValue());
}
gowasm_js_value* gowasm_js_null(void) {
  return wrap(gowasm::JsValue::null());
}
gowasm_js_value* gowasm_js_bool(bool value) {
  return wrap(gowasm::JsValue(value));
}
gowasm_js_value* gowasm_js_number(double value) {
  return wrap(gowasm::JsValue(value));
}
gowasm_js_value* gowasm_js_string(const char* utf8, size_t size) {
  return wrap(gowasm::JsValue(std::string(utf8, size)));
}
gowasm_js_value* gowasm_js_object(gowasm_go_program* p) {
  return wrap(p->program->make_object());
}
gowasm_js_value* gowasm_js_bytes(gowasm_go_program* p, const uint8_t* bytes, size_t size) {
  return wrap(p->program->make_bytes(std::span<const uint8_t>(bytes, size)));
}
gowasm_js_value* gowasm_js_array(gowasm_go_program* p, gowasm_js_value* const* elements,
                                 size_t count) {
  return wrap(p->program->make_array(unwrap(elements, count)));
}

char* gowasm_js_error_message(const char* message) {
  return strdup(message);
}

gowasm_js_value* gowasm_js_function_new(gowasm_go_program* p, const char* name,
                                        gowasm_js_function function, void* env,
                                        void (*finalizer)(void* env)) {
  return wrap(
      p->program->make_function(name, [p, function, owner = finalizing(env, finalizer)](
                                          gowasm::GoProgram&, const gowasm::JsValue& this_value,
                                          std::span<const gowasm::JsValue> args) {
        std::vector<gowasm_js_value> values;
        values.reserve(args.size());
        for (const gowasm::JsValue& a : args) values.push_back(gowasm_js_value{a});
        std::vector<const gowasm_js_value*> pointers;
        for (const gowasm_js_value& v : values) pointers.push_back(&v);
        const gowasm_js_value self{this_value};
        char* message = nullptr;
        gowasm_js_value* result =
            function(owner.get(), p, &self, pointers.data(), pointers.size(), &message);
        if (message) {
          gowasm_js_value_free(result);
          throw gowasm::JsError(take_message(message));
        }
        gowasm::JsValue out = result ? result->value : gowasm::JsValue();
        gowasm_js_value_free(result);
        return out;
      }));
}

gowasm_js_value* gowasm_go_program_global(gowasm_go_program* p) {
  return wrap(p->program->global());
}

gowasm_js_type gowasm_js_value_type(const gowasm_js_value* v) {
  return gowasm_js_type(int(v->value.type()));
}
bool gowasm_js_value_bool(const gowasm_js_value* v) {
  return v->value.type() == gowasm::JsValue::Type::Boolean && v->value.as_bool();
}
double gowasm_js_value_number(const gowasm_js_value* v) {
  return v->value.type() == gowasm::JsValue::Type::Number ? v->value.as_number() : std::nan("");
}
const char* gowasm_js_value_string(const gowasm_js_value* v, size_t* size) {
  if (v->value.type() != gowasm::JsValue::Type::String) return nullptr;
  const std::string& s = v->value.as_string();
  if (size) *size = s.size();
  return s.c_str();
}
uint8_t* gowasm_js_value_bytes(const gowasm_js_value* v, size_t* size) {
  const auto bytes = v->value.bytes();
  if (!bytes) return nullptr;
  if (size) *size = bytes->size();
  return bytes->data();
}
gowasm_js_value* gowasm_js_value_get(const gowasm_js_value* v, const char* key) {
  return wrap(v->value.get(key));
}
bool gowasm_js_value_set(gowasm_js_value* v, const char* key, const gowasm_js_value* value) {
  if (!v->value.is_object()) return false;
  v->value.set(key, value ? value->value : gowasm::JsValue());
  return true;
}
size_t gowasm_js_value_length(const gowasm_js_value* v) {
  return v->value.length();
}
gowasm_js_value* gowasm_js_value_at(const gowasm_js_value* v, size_t index) {
  return wrap(v->value.at(index));
}
gowasm_js_value* gowasm_js_value_copy(const gowasm_js_value* v) {
  return wrap(v->value);
}
void gowasm_js_value_free(gowasm_js_value* v) {
  delete v;
}

}  // extern "C"
