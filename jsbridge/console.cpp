// console.log/info/debug (stdout) and warn/error (stderr), formatted as
// Node's util.format and util.inspect format them for the values Go sends.
#include <cmath>

#include "gowasm/value.h"
#include "host_objects.h"

namespace gowasm::js {
namespace {

std::string inspect(const Value& v, int depth);

std::string quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "'";
}

std::string inspect_object(const ObjectRef& o, int depth) {
  if (o->is_callable()) {
    const auto* f = dynamic_cast<const Function*>(o.get());
    const std::string name = f ? f->name() : "";
    return name.empty() ? "[Function (anonymous)]" : "[Function: " + name + "]";
  }
  const Value message = o->get("message");
  if (std::holds_alternative<std::string>(message) &&
      std::holds_alternative<std::string>(o->get("name"))) {
    return to_string(o);  // errors: "Error: text" (Node adds the stack, which Go never has)
  }
  if (depth > 2) return o->class_name() == "Array" ? "[Array]" : "[Object]";
  std::vector<std::string> parts;
  if (auto* array = dynamic_cast<Array*>(o.get())) {
    for (const Value& e : array->elements()) parts.push_back(inspect(e, depth + 1));
  } else if (auto* bytes = dynamic_cast<ByteArray*>(o.get())) {
    for (uint8_t b : bytes->bytes()) parts.push_back(std::to_string(b));
  }
  for (const auto& [key, value] : o->own_properties())
    parts.push_back(key + ": " + inspect(value, depth + 1));
  const bool is_list = dynamic_cast<Array*>(o.get()) || dynamic_cast<ByteArray*>(o.get());
  std::string prefix;
  if (auto* bytes = dynamic_cast<ByteArray*>(o.get())) {
    prefix = o->class_name() + "(" + std::to_string(bytes->bytes().size()) + ") ";
  }
  if (parts.empty()) return prefix + (is_list ? "[]" : "{}");
  std::string text = prefix + (is_list ? "[ " : "{ ");
  for (size_t i = 0; i < parts.size(); ++i) text += (i ? ", " : "") + parts[i];
  return text + (is_list ? " ]" : " }");
}

std::string inspect(const Value& v, int depth) {
  if (auto* s = std::get_if<std::string>(&v)) return depth == 0 ? *s : quote(*s);
  if (auto* n = std::get_if<double>(&v))
    return *n == 0 && std::signbit(*n) ? "-0" : format_number(*n);
  if (auto* symbol = std::get_if<SymbolRef>(&v)) return "Symbol(" + (*symbol)->description + ")";
  if (auto* o = as_object(v)) return inspect_object(*o, depth);
  return to_string(v);
}

}  // namespace

std::string format_for_console(std::span<const Value> args) {
  std::string line;
  for (size_t i = 0; i < args.size(); ++i) line += (i ? " " : "") + inspect(args[i], 0);
  return line;
}

void install_console(Realm& realm, HostEnvironment& host) {
  ObjectRef console = realm.make_object();
  for (const auto& [name, fd] :
       {std::pair{"log", 1}, {"info", 1}, {"debug", 1}, {"warn", 2}, {"error", 2}}) {
    realm.define_method(console, name, [&host, fd = fd](const Value&, std::span<const Value> args) {
      const std::string line = format_for_console(args) + "\n";
      host.write_text(fd, line);
      return Value(Undefined{});
    });
  }
  realm.global()->set("console", console);
}

}  // namespace gowasm::js
