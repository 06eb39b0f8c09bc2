// One ScriptRun per script: it holds what the commands of a script share (the
// folder of its .wasm files, the registry of importable modules with the
// spectest host module in it, the modules defined so far) and sends each
// command to the handler for its type through a table.
//
// A module that cannot run (it needs SIMD, or it failed to load) is kept as
// an unavailable module carrying the reason, so that every command acting on
// it is skipped with that reason instead of failing: the cause is counted
// once, where the module is defined, and not again for each of its commands.
#include "spec/script_run.h"

#include <array>
#include <cstring>
#include <exception>
#include <fstream>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gowasm/instance.h"
#include "gowasm/module.h"
#include "spec/json.h"
#include "spec/spec_value.h"
#include "spec/spectest.h"

namespace gowasm::spec {
namespace {

// A command the runner could not carry out, such as a .wasm file it names that is missing.
class CommandError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

Outcome passed() {
  return {Outcome::Status::Passed, {}, false};
}
Outcome failed(std::string what) {
  return {Outcome::Status::Failed, std::move(what), false};
}
Outcome skipped(std::string reason) {
  return {Outcome::Status::Skipped, std::move(reason), false};
}
Outcome not_applicable() {
  return {Outcome::Status::NotApplicable, {}, false};
}
// Passed, but the engine's message does not match the script's text.
Outcome passed_with_message(const std::string& expected, const std::string& got) {
  return {Outcome::Status::Passed,
          "message differs: expected \"" + expected + "\", got \"" + got + "\"", true};
}

constexpr std::string_view kSimdReason = "SIMD execution not supported";
constexpr std::string_view kFailedModuleReason = "acts on a module that failed to load";

// What Module::compile did with one binary: exactly one of the three is set.
struct CompileResult {
  std::shared_ptr<const Module> module;
  std::optional<LoadError> load_error;
  std::string other_error;
};

CompileResult compile(const std::vector<uint8_t>& bytes) {
  // Anything but a LoadError is an engine bug; catching it here lets the
  // suite report it as one failed command and carry on.
  try {
    return {Module::compile(std::span<const uint8_t>(bytes)), std::nullopt, {}};
  } catch (const LoadError& e) {
    return {nullptr, e, {}};
  } catch (const std::exception& e) {
    return {nullptr, std::nullopt,
            std::string("compile threw a non-LoadError exception: ") + e.what()};
  } catch (...) {
    return {nullptr, std::nullopt, "compile threw something that is not a std::exception"};
  }
}

const char* kind_name(ErrorKind kind) {
  return kind == ErrorKind::Malformed ? "malformed" : "invalid";
}

// A module the script defined: an instance, or why there is none.
struct DefinedModule {
  std::shared_ptr<Instance> instance;
  std::string unavailable;  // the skip reason for commands on it, when instance is null
};

// What instantiating a module did: exactly one of the four is set.
struct InstantiateResult {
  std::shared_ptr<Instance> instance;
  std::optional<LinkError> link_error;
  std::optional<InstantiationTrap> trap;
  std::string other_error;
};

// A trap with its call stack, for a detail line.
std::string trap_text(const Trap& trap) {
  std::string text = trap.message;
  if (!trap.stack.empty()) text += " (at " + trap.stack.front() + ")";
  return text;
}

std::string results_text(const std::vector<Value>& values) {
  std::string text = "(";
  for (size_t i = 0; i < values.size(); ++i) text += (i ? ", " : "") + describe(values[i]);
  return text + ")";
}

std::string expected_text(const JsonValue::Array& expected) {
  std::string text = "(";
  for (size_t i = 0; i < expected.size(); ++i)
    text += (i ? ", " : "") + describe_expected(expected[i]);
  return text + ")";
}

}  // namespace

class ScriptRun::Impl {
 public:
  explicit Impl(std::filesystem::path folder) : folder_(std::move(folder)) {
    add_spectest(registry_);
  }

  // Dispatches one command; problems with the command itself (missing
  // fields, missing files) and anything the engine throws become a failed outcome.
  Outcome run(const JsonValue& command) {
    try {
      const std::string& type = command.at("type").as_string();
      auto handler = handlers().find(type);
      if (handler == handlers().end()) return failed("unknown command type");
      return (this->*handler->second)(command);
    } catch (const JsonError& e) {
      return failed(std::string("bad command: ") + e.what());
    } catch (const ValueError& e) {
      return failed(std::string("bad value: ") + e.what());
    } catch (const CommandError& e) {
      return failed(e.what());
    } catch (const std::exception& e) {
      return failed(std::string("the engine threw an exception: ") + e.what());
    } catch (...) {
      return failed("the engine threw something that is not a std::exception");
    }
  }

  void abandon(const JsonValue& command) {
    try {
      const std::string& type = command.at("type").as_string();
      DefinedModule failed_module{nullptr, std::string(kFailedModuleReason)};
      if (type == "module") {
        current_ = failed_module;
        if (const JsonValue* name = command.find("name")) named_[name->as_string()] = failed_module;
      } else if (type == "register") {
        unavailable_registrations_[command.at("as").as_string()] = failed_module.unavailable;
      }
    } catch (const JsonError&) {
      // A command without a type or name defines nothing.
    }
  }

 private:
  using Handler = Outcome (Impl::*)(const JsonValue& command);

  static const std::unordered_map<std::string_view, Handler>& handlers() {
    static const std::unordered_map<std::string_view, Handler> table = {
        {"module", &Impl::module},
        {"register", &Impl::register_module},
        {"action", &Impl::action},
        {"assert_return", &Impl::assert_return},
        {"assert_trap", &Impl::assert_trap},
        {"assert_exhaustion", &Impl::assert_exhaustion},
        {"assert_malformed", &Impl::assert_malformed},
        {"assert_invalid", &Impl::assert_invalid},
        {"assert_unlinkable", &Impl::assert_unlinkable},
        {"assert_uninstantiable", &Impl::assert_uninstantiable},
    };
    return table;
  }

  // --- Modules -------------------------------------------------------------

  Outcome module(const JsonValue& command) {
    // Until it is instantiated, the module is one that later commands skip:
    // they must never act on an older module by mistake.
    DefinedModule defined{nullptr, std::string(kFailedModuleReason)};
    Outcome outcome = define_module(command, defined);
    current_ = defined;
    if (const JsonValue* name = command.find("name")) named_[name->as_string()] = defined;
    return outcome;
  }

  Outcome define_module(const JsonValue& command, DefinedModule& defined) {
    CompileResult compiled = compile(read_module(command));
    if (compiled.load_error)
      return failed(std::string("module did not load: ") + compiled.load_error->what());
    if (!compiled.module) return failed(compiled.other_error);
    if (std::optional<std::string> reason = cannot_run(*compiled.module)) {
      defined.unavailable = *reason;
      return skipped(*reason);
    }
    InstantiateResult result = instantiate(compiled.module);
    if (result.link_error)
      return failed(std::string("module did not link: ") + result.link_error->what());
    if (result.trap)
      return failed("module trapped during instantiation: " + trap_text(result.trap->trap()));
    if (!result.instance) return failed(result.other_error);
    defined.instance = result.instance;
    instances_.push_back(result.instance);
    return passed();
  }

  // Why a compiled module cannot be run here, if it cannot: it needs SIMD,
  // or it imports from a registered module that was itself unavailable.
  std::optional<std::string> cannot_run(const Module& module) const {
    if (module.uses_simd()) return std::string(kSimdReason);
    for (const Import& import : module.imports) {
      if (registry_.find(import.module, import.name)) continue;
      auto unavailable = unavailable_registrations_.find(import.module);
      if (unavailable != unavailable_registrations_.end()) return unavailable->second;
    }
    return std::nullopt;
  }

  // Not const: every instance made is kept (see instances_), even one an
  // assertion did not expect or one that trapped, since its functions may be
  // in a shared table.
  InstantiateResult instantiate(std::shared_ptr<const Module> module) {
    try {
      std::shared_ptr<Instance> instance = Instance::instantiate(std::move(module), registry_);
      instances_.push_back(instance);
      return {std::move(instance), std::nullopt, std::nullopt, {}};
    } catch (const LinkError& e) {
      return {nullptr, e, std::nullopt, {}};
    } catch (const InstantiationTrap& e) {
      // Segments applied before the trap stay in imported tables, so the
      // partly initialised instance's functions must stay callable.
      if (e.instance()) instances_.push_back(e.instance());
      return {nullptr, std::nullopt, e, {}};
    } catch (const std::exception& e) {
      return {nullptr, std::nullopt, std::nullopt,
              std::string("instantiate threw an unexpected exception: ") + e.what()};
    }
  }

  Outcome register_module(const JsonValue& command) {
    const std::string& as = command.at("as").as_string();
    const DefinedModule& defined = module_named(command.find("name"));
    if (!defined.instance) {
      // Modules importing from `as` are then skipped for the same reason.
      unavailable_registrations_[as] = defined.unavailable;
      return skipped(defined.unavailable);
    }
    unavailable_registrations_.erase(as);
    registry_.add_instance(as, defined.instance);
    return passed();
  }

  // The module a command names (`name` is its "module" or "name" member), or the current one.
  const DefinedModule& module_named(const JsonValue* name) const {
    if (!name) {
      if (!current_) throw CommandError("no module defined before this command");
      return *current_;
    }
    auto it = named_.find(name->as_string());
    if (it == named_.end()) throw CommandError("no module named " + name->as_string());
    return it->second;
  }

  // --- Actions -------------------------------------------------------------

  // Runs an action on its module. nullopt means the module is unavailable
  // and `skip_reason` says why.
  std::optional<CallResult> perform(const JsonValue& action, std::string& skip_reason) {
    const DefinedModule& defined = module_named(action.find("module"));
    if (!defined.instance) {
      skip_reason = defined.unavailable;
      return std::nullopt;
    }
    Instance& instance = *defined.instance;
    const std::string& type = action.at("type").as_string();
    const std::string& field = action.at("field").as_string();
    if (type == "invoke") {
      std::vector<Value> args;
      for (const JsonValue& arg : action.at("args").as_array()) args.push_back(parse_value(arg));
      return instance.call(field, args);
    }
    if (type == "get") {
      const std::shared_ptr<Global> global = instance.exported_global(field);
      if (!global) throw CommandError("no exported global named \"" + field + "\"");
      return CallResult{{global->get()}, std::nullopt};
    }
    throw CommandError("unknown action type \"" + type + "\"");
  }

  static std::string action_text(const JsonValue& action) {
    std::string text =
        action.at("type").as_string() + " \"" + action.at("field").as_string() + "\"";
    if (const JsonValue* args = action.find("args")) {
      text += "(";
      const JsonValue::Array& list = args->as_array();
      for (size_t i = 0; i < list.size(); ++i) text += (i ? ", " : "") + describe_expected(list[i]);
      text += ")";
    }
    return text;
  }

  Outcome action(const JsonValue& command) {
    const JsonValue& action = command.at("action");
    std::string skip_reason;
    std::optional<CallResult> result = perform(action, skip_reason);
    if (!result) return skipped(skip_reason);
    if (result->trap) return failed(action_text(action) + ": trapped: " + trap_text(*result->trap));
    return passed();
  }

  Outcome assert_return(const JsonValue& command) {
    const JsonValue& action = command.at("action");
    std::string skip_reason;
    std::optional<CallResult> result = perform(action, skip_reason);
    if (!result) return skipped(skip_reason);
    if (result->trap) return failed(action_text(action) + ": trapped: " + trap_text(*result->trap));
    const JsonValue::Array& expected = command.at("expected").as_array();
    bool matches = expected.size() == result->results.size();
    for (size_t i = 0; matches && i < expected.size(); ++i)
      matches = value_matches(expected[i], result->results[i]);
    if (matches) return passed();
    return failed(action_text(action) + ": expected " + expected_text(expected) + ", got " +
                  results_text(result->results));
  }

  Outcome assert_trap(const JsonValue& command) {
    // The reference interpreter's `assert_trap` on a module; wast2json writes
    // it as assert_uninstantiable, but a script may have it either way.
    if (!command.find("action")) return assert_uninstantiable(command);
    return expect_trap(command, std::nullopt);
  }

  Outcome assert_exhaustion(const JsonValue& command) {
    return expect_trap(command, TrapKind::CallStackExhausted);
  }

  Outcome expect_trap(const JsonValue& command, std::optional<TrapKind> kind) {
    const JsonValue& action = command.at("action");
    std::string skip_reason;
    std::optional<CallResult> result = perform(action, skip_reason);
    if (!result) return skipped(skip_reason);
    const std::string& text = command.at("text").as_string();
    if (!result->trap)
      return failed(action_text(action) + ": expected trap \"" + text + "\", got " +
                    results_text(result->results));
    const Trap& trap = *result->trap;
    // A host trap is the API refusing the call (wrong arguments, no such
    // export), never the trap the script means.
    if (trap.kind == TrapKind::Host || trap.kind == TrapKind::Exit || (kind && trap.kind != *kind))
      return failed(action_text(action) + ": expected trap \"" + text + "\", got trap \"" +
                    trap_text(trap) + "\"");
    if (!trap.message.starts_with(text)) return passed_with_message(text, trap.message);
    return passed();
  }

  // --- Modules that must be rejected ---------------------------------------

  Outcome assert_malformed(const JsonValue& command) {
    return expect_load_error(command, ErrorKind::Malformed);
  }

  Outcome assert_invalid(const JsonValue& command) {
    return expect_load_error(command, ErrorKind::Invalid);
  }

  Outcome expect_load_error(const JsonValue& command, ErrorKind expected) {
    if (std::optional<Outcome> outcome = check_module_type(command)) return *outcome;

    std::string expectation = std::string("expected ") + kind_name(expected);
    CompileResult result = compile(read_module(command));
    if (result.module) return failed(expectation + ", module compiled");
    if (!result.load_error) return failed(expectation + ", " + result.other_error);
    const LoadError& error = *result.load_error;
    if (error.kind() != expected)
      return failed(expectation + ", got " + kind_name(error.kind()) + ": " + error.what());

    const std::string& text = command.at("text").as_string();
    if (!error.reason().starts_with(text)) return passed_with_message(text, error.reason());
    return passed();
  }

  Outcome assert_unlinkable(const JsonValue& command) {
    if (std::optional<Outcome> outcome = check_module_type(command)) return *outcome;
    std::shared_ptr<const Module> module;
    if (std::optional<Outcome> outcome = compile_runnable(command, module)) return *outcome;
    const std::string& text = command.at("text").as_string();
    InstantiateResult result = instantiate(module);
    if (result.link_error) {
      // Link errors name the import first ("import M.f: incompatible import
      // type"), so the script's text may stand anywhere in the message.
      const std::string message = result.link_error->what();
      if (message.find(text) == std::string::npos) return passed_with_message(text, message);
      return passed();
    }
    std::string expectation = "expected link error \"" + text + "\", ";
    if (result.trap) return failed(expectation + "got trap: " + trap_text(result.trap->trap()));
    if (!result.instance) return failed(expectation + result.other_error);
    return failed(expectation + "module instantiated");
  }

  Outcome assert_uninstantiable(const JsonValue& command) {
    if (std::optional<Outcome> outcome = check_module_type(command)) return *outcome;
    std::shared_ptr<const Module> module;
    if (std::optional<Outcome> outcome = compile_runnable(command, module)) return *outcome;
    const std::string& text = command.at("text").as_string();
    InstantiateResult result = instantiate(module);
    if (result.trap) {
      const Trap& trap = result.trap->trap();
      if (trap.kind == TrapKind::Host || trap.kind == TrapKind::Exit)
        return failed("expected trap \"" + text + "\", got trap \"" + trap_text(trap) + "\"");
      if (!trap.message.starts_with(text)) return passed_with_message(text, trap.message);
      return passed();
    }
    std::string expectation = "expected instantiation trap \"" + text + "\", ";
    if (result.link_error)
      return failed(expectation + "got link error: " + result.link_error->what());
    if (!result.instance) return failed(expectation + result.other_error);
    return failed(expectation + "module instantiated");
  }

  // A text-form module (`module quote`) is rejected by the .wat parser
  // wast2json stands in for; gowasm reads only binaries.
  std::optional<Outcome> check_module_type(const JsonValue& command) const {
    const JsonValue* type = command.find("module_type");
    if (!type) return std::nullopt;
    const std::string& module_type = type->as_string();
    if (module_type == "text") return not_applicable();
    if (module_type != "binary") return failed("unknown module_type \"" + module_type + "\"");
    return std::nullopt;
  }

  // Compiles a module that must load and be runnable before its
  // instantiation can be checked; returns the outcome when it is not.
  std::optional<Outcome> compile_runnable(const JsonValue& command,
                                          std::shared_ptr<const Module>& module) const {
    CompileResult compiled = compile(read_module(command));
    if (compiled.load_error)
      return failed(std::string("module did not load: ") + compiled.load_error->what());
    if (!compiled.module) return failed(compiled.other_error);
    if (std::optional<std::string> reason = cannot_run(*compiled.module)) return skipped(*reason);
    module = compiled.module;
    return std::nullopt;
  }

  std::vector<uint8_t> read_module(const JsonValue& command) const {
    std::filesystem::path path = folder_ / command.at("filename").as_string();
    std::ifstream file(path, std::ios::binary);
    if (!file) throw CommandError("cannot open " + path.string());
    std::vector<uint8_t> bytes(std::istreambuf_iterator<char>(file), {});
    if (file.bad()) throw CommandError("cannot read " + path.string());
    return bytes;
  }

  std::filesystem::path folder_;
  // What modules can import: spectest and every module registered so far.
  Imports registry_;
  // Registered names whose module was unavailable, with the reason.
  std::unordered_map<std::string, std::string> unavailable_registrations_;
  std::optional<DefinedModule> current_;
  std::unordered_map<std::string, DefinedModule> named_;
  // Every instance made so far. The spec's store never frees anything: a
  // replaced module's functions may still sit in another module's table.
  std::vector<std::shared_ptr<Instance>> instances_;
};

ScriptRun::ScriptRun(std::filesystem::path folder)
    : impl_(std::make_unique<Impl>(std::move(folder))) {}
ScriptRun::~ScriptRun() = default;

Outcome ScriptRun::run(const JsonValue& command) {
  return impl_->run(command);
}

void ScriptRun::abandon(const JsonValue& command) {
  impl_->abandon(command);
}

}  // namespace gowasm::spec
