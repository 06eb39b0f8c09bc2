// The global eval, for the JavaScript that Go programs (Go's own syscall/js
// tests among them) hand to it as source: literals, object and array
// literals, function expressions with `let`/`const`/`var` and `return`,
// calls, `new`, member access and assignment, unary and binary arithmetic.
// It is no JavaScript engine: anything outside that subset throws a
// SyntaxError, as a JavaScript exception the guest can catch.
//
// The source is compiled into closures over a chain of scopes and run at
// once; function expressions keep their compiled bodies and their scope.
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <optional>

#include "host_objects.h"

namespace gowasm::js {
namespace {

struct Scope {
  std::map<std::string, Value> variables;
  std::shared_ptr<Scope> parent;
  Value this_value;

  // The variable `name` in this scope or an enclosing one; null if none.
  Value* find(const std::string& name) {
    for (Scope* s = this; s; s = s->parent.get()) {
      if (auto it = s->variables.find(name); it != s->variables.end()) return &it->second;
    }
    return nullptr;
  }
};
using ScopeRef = std::shared_ptr<Scope>;

[[noreturn]] void reference_error(const Realm& realm, const std::string& name) {
  ObjectRef error = realm.make_error(name + " is not defined");
  error->set("name", std::string("ReferenceError"));
  throw Exception{error};
}

// Past these, eval throws what V8 throws past its own stack: the parser's
// recursion over nested source and the interpreter's over calls of the
// functions it made stay well inside the host's stack, whatever the guest
// hands to eval.
constexpr int kMaxNesting = 500, kMaxCallDepth = 500;

class DepthGuard {
 public:
  DepthGuard(int& depth, int max, const Realm& realm) : depth_(depth) {
    if (++depth_ > max) {
      --depth_;
      throw Exception{realm.make_range_error("Maximum call stack size exceeded")};
    }
  }
  ~DepthGuard() { --depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;

 private:
  int& depth_;
};

// Calls of eval-made functions now running on this thread.
thread_local int eval_call_depth = 0;

using Expr = std::function<Value(const ScopeRef&)>;
// A statement yields a value when it is `return` (or, at the top level,
// the value of an expression statement, eval's completion value).
struct Completion {
  Value value;
  bool returned = false;
};
using Statement = std::function<std::optional<Completion>(const ScopeRef&)>;

enum class Token { End, Number, String, Name, Punct };

class Compiler {
 public:
  Compiler(Realm& realm, std::string source) : realm_(realm), source_(std::move(source)) { next(); }

  std::vector<Statement> program() {
    std::vector<Statement> body;
    while (token_ != Token::End) body.push_back(statement());
    return body;
  }

 private:
  // --- tokens ---
  [[noreturn]] void syntax_error(const std::string& what) const {
    ObjectRef error =
        realm_.make_error(what + " (gowasm's eval knows a small subset of JavaScript)");
    error->set("name", std::string("SyntaxError"));
    throw Exception{error};
  }

  void skip_space() {
    while (pos_ < source_.size()) {
      if (std::isspace(static_cast<unsigned char>(source_[pos_]))) {
        ++pos_;
      } else if (source_.compare(pos_, 2, "//") == 0) {
        pos_ = source_.find('\n', pos_);
        if (pos_ == std::string::npos) pos_ = source_.size();
      } else if (source_.compare(pos_, 2, "/*") == 0) {
        const size_t end = source_.find("*/", pos_ + 2);
        if (end == std::string::npos) syntax_error("unterminated comment");
        pos_ = end + 2;
      } else {
        return;
      }
    }
  }

  void next() {
    skip_space();
    text_.clear();
    if (pos_ >= source_.size()) {
      token_ = Token::End;
      return;
    }
    const char c = source_[pos_];
    if (std::isdigit(static_cast<unsigned char>(c)) ||
        (c == '.' && pos_ + 1 < source_.size() &&
         std::isdigit(static_cast<unsigned char>(source_[pos_ + 1])))) {
      char* end = nullptr;
      number_ = std::strtod(source_.c_str() + pos_, &end);
      pos_ = size_t(end - source_.c_str());
      token_ = Token::Number;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$') {
      while (pos_ < source_.size() && (std::isalnum(static_cast<unsigned char>(source_[pos_])) ||
                                       source_[pos_] == '_' || source_[pos_] == '$')) {
        text_ += source_[pos_++];
      }
      token_ = Token::Name;
    } else if (c == '"' || c == '\'') {
      string_literal(c);
      token_ = Token::String;
    } else {
      for (const char* p : {"===", "!==", "==", "!=", "<=", ">=", "&&", "||"}) {
        if (source_.compare(pos_, std::strlen(p), p) == 0) {
          text_ = p;
          pos_ += text_.size();
          token_ = Token::Punct;
          return;
        }
      }
      if (std::string_view("{}()[],:;.=+-*/%!<>?").find(c) == std::string_view::npos)
        syntax_error(std::string("unexpected character '") + c + "'");
      text_ = std::string(1, c);
      ++pos_;
      token_ = Token::Punct;
    }
  }

  void string_literal(char quote) {
    ++pos_;
    while (pos_ < source_.size() && source_[pos_] != quote) {
      char c = source_[pos_++];
      if (c != '\\') {
        text_ += c;
        continue;
      }
      if (pos_ >= source_.size()) break;
      c = source_[pos_++];
      switch (c) {
        case 'n': text_ += '\n'; break;
        case 't': text_ += '\t'; break;
        case 'r': text_ += '\r'; break;
        case '0': text_ += '\0'; break;
        case 'u': {
          if (pos_ + 4 > source_.size()) syntax_error("bad \\u escape");
          append_utf8(uint32_t(std::strtoul(source_.substr(pos_, 4).c_str(), nullptr, 16)));
          pos_ += 4;
          break;
        }
        default: text_ += c;
      }
    }
    if (pos_ >= source_.size()) syntax_error("unterminated string");
    ++pos_;
  }

  void append_utf8(uint32_t code) {
    if (code < 0x80) {
      text_ += char(code);
    } else if (code < 0x800) {
      text_ += char(0xC0 | (code >> 6));
      text_ += char(0x80 | (code & 0x3F));
    } else {
      text_ += char(0xE0 | (code >> 12));
      text_ += char(0x80 | ((code >> 6) & 0x3F));
      text_ += char(0x80 | (code & 0x3F));
    }
  }

  bool at(const char* punct) const { return token_ == Token::Punct && text_ == punct; }
  bool at_name(const char* name) const { return token_ == Token::Name && text_ == name; }
  void expect(const char* punct) {
    if (!at(punct)) syntax_error(std::string("expected '") + punct + "', found '" + text_ + "'");
    next();
  }
  std::string name() {
    if (token_ != Token::Name) syntax_error("expected a name, found '" + text_ + "'");
    std::string n = text_;
    next();
    return n;
  }

  // --- statements ---
  Statement statement() {
    const DepthGuard nested(nesting_, kMaxNesting, realm_);
    Statement s;
    if (at_name("let") || at_name("const") || at_name("var")) {
      next();
      const std::string variable = name();
      Expr init = [](const ScopeRef&) { return Value(Undefined{}); };
      if (at("=")) {
        next();
        init = expression();
      }
      s = [variable, init](const ScopeRef& scope) -> std::optional<Completion> {
        scope->variables[variable] = init(scope);
        return std::nullopt;
      };
    } else if (at_name("return")) {
      next();
      Expr value = at(";") || at("}") ? Expr([](const ScopeRef&) { return Value(Undefined{}); })
                                      : expression();
      s = [value](const ScopeRef& scope) -> std::optional<Completion> {
        return Completion{value(scope), true};
      };
    } else {
      Expr value = expression();
      s = [value](const ScopeRef& scope) -> std::optional<Completion> {
        return Completion{value(scope), false};
      };
    }
    if (at(";")) next();
    return s;
  }

  // --- expressions, by precedence ---
  Expr expression() {
    const DepthGuard nested(nesting_, kMaxNesting, realm_);
    Expr left = binary(0);
    if (!at("=")) return left;
    next();
    if (!assign_target_) syntax_error("invalid assignment target");
    const Target target = *assign_target_;
    assign_target_.reset();
    Expr value = expression();
    if (!target.object) {  // a variable
      return [realm = &realm_, name = target.variable, value](const ScopeRef& scope) {
        Value v = value(scope);
        Value* variable = scope->find(name);
        if (!variable) reference_error(*realm, name);  // sloppy mode would make a global
        *variable = v;
        return v;
      };
    }
    return [object = target.object, key = target.key, value](const ScopeRef& scope) {
      const Value receiver = object(scope);
      const Value k = key(scope);
      Value v = value(scope);
      const ObjectRef* o = as_object(receiver);
      if (!o) throw TypeError{"Cannot set properties of " + to_string(receiver)};
      (*o)->set(to_string(k), v);
      return v;
    };
  }

  static int precedence(const std::string& op) {
    if (op == "||") return 1;
    if (op == "&&") return 2;
    if (op == "===" || op == "!==" || op == "==" || op == "!=") return 3;
    if (op == "<" || op == ">" || op == "<=" || op == ">=") return 4;
    if (op == "+" || op == "-") return 5;
    if (op == "*" || op == "/" || op == "%") return 6;
    return 0;
  }

  Expr binary(int min_precedence) {
    Expr left = unary();
    while (token_ == Token::Punct && precedence(text_) > min_precedence) {
      const std::string op = text_;
      next();
      Expr right = binary(precedence(op));
      assign_target_.reset();
      left = [op, left, right](const ScopeRef& scope) { return apply(op, left, right, scope); };
    }
    return left;
  }

  static Value apply(const std::string& op, const Expr& left, const Expr& right,
                     const ScopeRef& scope) {
    const Value a = left(scope);
    if (op == "&&") return truthy(a) ? right(scope) : a;
    if (op == "||") return truthy(a) ? a : right(scope);
    const Value b = right(scope);
    if (op == "+") {
      if (std::holds_alternative<std::string>(a) || std::holds_alternative<std::string>(b) ||
          as_object(a) || as_object(b)) {
        return to_string(a) + to_string(b);
      }
      return to_number(a) + to_number(b);
    }
    if (op == "===" || op == "==") return strict_equal(a, b);
    if (op == "!==" || op == "!=") return !strict_equal(a, b);
    const double x = to_number(a), y = to_number(b);
    if (op == "-") return x - y;
    if (op == "*") return x * y;
    if (op == "/") return x / y;
    if (op == "%") return std::fmod(x, y);
    if (op == "<") return x < y;
    if (op == ">") return x > y;
    if (op == "<=") return x <= y;
    return x >= y;
  }

  static bool strict_equal(const Value& a, const Value& b) {
    if (auto* x = std::get_if<double>(&a)) {
      auto* y = std::get_if<double>(&b);
      return y && *x == *y;  // NaN !== NaN, 0 === -0
    }
    return same_value_zero(a, b);
  }

  Expr unary() {
    const DepthGuard nested(nesting_, kMaxNesting, realm_);
    if (at("-") || at("+") || at("!")) {
      const char op = text_[0];
      next();
      Expr operand = unary();
      assign_target_.reset();
      return [op, operand](const ScopeRef& scope) {
        const Value v = operand(scope);
        if (op == '!') return Value(!truthy(v));
        return Value(op == '-' ? -to_number(v) : to_number(v));
      };
    }
    if (at_name("typeof")) {
      next();
      Expr operand = unary();
      assign_target_.reset();
      return [operand](const ScopeRef& scope) { return Value(type_of(operand(scope))); };
    }
    if (at_name("new")) {
      next();
      Expr constructor = member_chain(primary(), /*calls=*/false);
      std::vector<Expr> args;
      if (at("(")) args = arguments();
      assign_target_.reset();
      return [constructor, args](const ScopeRef& scope) {
        return construct(constructor(scope), evaluate(args, scope));
      };
    }
    return member_chain(primary(), /*calls=*/true);
  }

  // The comma-separated expressions of a call's arguments or an array
  // literal, between `open` and `close`.
  std::vector<Expr> expressions(const char* open, const char* close) {
    expect(open);
    std::vector<Expr> list;
    while (!at(close)) {
      list.push_back(expression());
      if (!at(close)) expect(",");
    }
    next();
    return list;
  }
  std::vector<Expr> arguments() { return expressions("(", ")"); }

  static std::vector<Value> evaluate(const std::vector<Expr>& exprs, const ScopeRef& scope) {
    std::vector<Value> values;
    for (const Expr& e : exprs) values.push_back(e(scope));
    return values;
  }

  static Value get_property(const Value& target, const Value& key) {
    if (const ObjectRef* o = as_object(target)) return (*o)->get(to_string(key));
    if (is_undefined(target) || is_null(target)) {
      throw TypeError{"Cannot read properties of " + to_string(target) + " (reading '" +
                      to_string(key) + "')"};
    }
    if (auto* s = std::get_if<std::string>(&target); s && to_string(key) == "length")
      return double(utf16_length(*s));
    return Undefined{};
  }

  // a.b, a[k] and calls a(...), a.b(...) (with this = a).
  Expr member_chain(Expr value, bool calls) {
    for (;;) {
      if (at(".") || at("[")) {
        Expr key;
        if (at(".")) {
          next();
          key = [k = Value(name())](const ScopeRef&) { return k; };
        } else {
          next();
          key = expression();
          expect("]");
        }
        assign_target_ = Target{value, key, {}};
        value = [object = value, key](const ScopeRef& scope) {
          return get_property(object(scope), key(scope));
        };
      } else if (calls && at("(")) {
        std::optional<Target> callee = assign_target_;
        if (callee && !callee->object) callee.reset();  // a plain variable: this = undefined
        std::vector<Expr> args = arguments();
        assign_target_.reset();
        value = [function = value, callee, args](const ScopeRef& scope) {
          Value this_value = Undefined{};
          Value f;
          if (callee) {
            this_value = callee->object(scope);
            f = get_property(this_value, callee->key(scope));
          } else {
            f = function(scope);
          }
          const ObjectRef* o = as_object(f);
          if (!o || !(*o)->is_callable()) throw TypeError{to_string(f) + " is not a function"};
          const std::vector<Value> values = evaluate(args, scope);
          return (*o)->call(this_value, values);
        };
      } else {
        return value;
      }
    }
  }

  Expr constant(Value v) {
    assign_target_.reset();
    return [v = std::move(v)](const ScopeRef&) { return v; };
  }

  Expr primary() {
    if (token_ == Token::Number) {
      const double n = number_;
      next();
      return constant(n);
    }
    if (token_ == Token::String) {
      std::string s = text_;
      next();
      return constant(std::move(s));
    }
    if (at("(")) {
      next();
      Expr inner = expression();
      expect(")");
      assign_target_.reset();
      return inner;
    }
    if (at("{")) return object_literal();
    if (at("[")) return array_literal();
    if (token_ != Token::Name) syntax_error("unexpected '" + text_ + "'");
    const std::string n = name();
    if (n == "true" || n == "false") return constant(n == "true");
    if (n == "null") return constant(Null{});
    if (n == "undefined") return constant(Undefined{});
    if (n == "NaN") return constant(std::nan(""));
    if (n == "Infinity") return constant(HUGE_VAL);
    if (n == "function") return function_literal();
    if (n == "this") {
      assign_target_.reset();
      return [](const ScopeRef& scope) {
        for (Scope* s = scope.get(); s; s = s->parent.get())
          if (!is_undefined(s->this_value)) return s->this_value;
        return Value(Undefined{});
      };
    }
    assign_target_ = Target{{}, {}, n};
    return [realm = &realm_, n](const ScopeRef& scope) {
      if (const Value* variable = scope->find(n)) return *variable;
      const Value v = realm->global()->get(n);
      if (is_undefined(v)) reference_error(*realm, n);
      return v;
    };
  }

  Expr object_literal() {
    expect("{");
    std::vector<std::pair<std::string, Expr>> properties;
    while (!at("}")) {
      std::string key;
      if (token_ == Token::Number) {
        key = to_string(number_);
      } else if (token_ == Token::String || token_ == Token::Name) {
        key = text_;
      } else {
        syntax_error("unexpected '" + text_ + "' in an object literal");
      }
      next();
      expect(":");
      properties.emplace_back(key, expression());
      if (!at("}")) expect(",");
    }
    next();
    assign_target_.reset();
    return [realm = &realm_, properties](const ScopeRef& scope) {
      ObjectRef o = realm->make_object();
      for (const auto& [key, value] : properties) o->set(key, value(scope));
      return Value(o);
    };
  }

  Expr array_literal() {
    std::vector<Expr> elements = expressions("[", "]");
    assign_target_.reset();
    return [realm = &realm_, elements](const ScopeRef& scope) {
      return Value(realm->make_array(evaluate(elements, scope)));
    };
  }

  Expr function_literal() {
    std::string function_name;
    if (token_ == Token::Name) function_name = name();
    expect("(");
    std::vector<std::string> parameters;
    while (!at(")")) {
      parameters.push_back(name());
      if (!at(")")) expect(",");
    }
    next();
    expect("{");
    auto body = std::make_shared<std::vector<Statement>>();
    while (!at("}")) body->push_back(statement());
    next();
    assign_target_.reset();
    return [realm = &realm_, function_name, parameters, body](const ScopeRef& scope) {
      // The function keeps its scope (a function stored in a variable of
      // that scope is a cycle the realm does not break; eval is rare).
      return Value(realm->make_function(
          function_name, [realm, outer = scope, parameters, body](const Value& this_value,
                                                                  std::span<const Value> args) {
            const DepthGuard call(eval_call_depth, kMaxCallDepth, *realm);
            auto local = std::make_shared<Scope>();
            local->parent = outer;
            local->this_value = this_value;
            for (size_t i = 0; i < parameters.size(); ++i)
              local->variables[parameters[i]] = i < args.size() ? args[i] : Value(Undefined{});
            for (const Statement& s : *body) {
              if (auto c = s(local); c && c->returned) return c->value;
            }
            return Value(Undefined{});
          }));
    };
  }

  Realm& realm_;
  std::string source_;
  size_t pos_ = 0;
  Token token_ = Token::End;
  std::string text_;
  double number_ = 0;
  // After a member access or a variable: what an assignment or a call would
  // act on: object and key for a.b and a[k], the name alone for a variable.
  struct Target {
    Expr object;
    Expr key;
    std::string variable;
  };
  std::optional<Target> assign_target_;
  int nesting_ = 0;  // statements, expressions and unary operators being parsed
};

}  // namespace

Value eval_script(Realm& realm, const std::string& source) {
  Compiler compiler(realm, source);
  const std::vector<Statement> program = compiler.program();
  auto scope = std::make_shared<Scope>();
  Value completion = Undefined{};
  for (const Statement& s : program) {
    if (auto c = s(scope)) completion = c->value;
  }
  return completion;
}

void install_eval(Realm& realm) {
  realm.define_method(realm.global(), "eval", [&realm](const Value&, std::span<const Value> args) {
    if (args.empty()) return Value(Undefined{});
    const auto* source = std::get_if<std::string>(&args[0]);
    return source ? eval_script(realm, *source) : args[0];  // eval(non-string) returns it
  });
}

}  // namespace gowasm::js
