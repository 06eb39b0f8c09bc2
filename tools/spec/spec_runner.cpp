// One ScriptRun per script: it holds what the commands of a script share (the
// folder of its .wasm files, the modules defined so far) and sends each
// command to the handler for its type through a table. Commands that need an
// execution engine all go to one handler that skips them; giving them real
// handlers is a change to the table, not to the structure.
#include "spec/spec_runner.h"

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

#include "gowasm/module.h"
#include "spec/json.h"

namespace gowasm::spec {
namespace {

// A command the runner could not carry out, such as a .wasm file it names that is missing.
class CommandError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Outcome {
  enum class Status { Passed, Failed, Skipped, NotApplicable };
  Status status = Status::Passed;
  // Failed: what happened. Skipped: why. Passed: set only when the error message differs.
  std::string detail;
  bool message_differs = false;
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

class ScriptRun {
 public:
  explicit ScriptRun(std::filesystem::path folder) : folder_(std::move(folder)) {}

  // Dispatches one command; problems with the command itself (missing
  // fields, missing files) become a failed outcome.
  Outcome run(const JsonValue& command) {
    try {
      const std::string& type = command.at("type").as_string();
      auto handler = handlers().find(type);
      if (handler == handlers().end()) return failed("unknown command type");
      return (this->*handler->second)(command);
    } catch (const JsonError& e) {
      return failed(std::string("bad command: ") + e.what());
    } catch (const CommandError& e) {
      return failed(e.what());
    }
  }

 private:
  using Handler = Outcome (ScriptRun::*)(const JsonValue& command);

  static const std::unordered_map<std::string_view, Handler>& handlers() {
    static const std::unordered_map<std::string_view, Handler> table = {
        {"module", &ScriptRun::module},
        {"assert_malformed", &ScriptRun::assert_malformed},
        {"assert_invalid", &ScriptRun::assert_invalid},
        {"register", &ScriptRun::needs_execution},
        {"action", &ScriptRun::needs_execution},
        {"assert_return", &ScriptRun::needs_execution},
        {"assert_trap", &ScriptRun::needs_execution},
        {"assert_exhaustion", &ScriptRun::needs_execution},
        {"assert_unlinkable", &ScriptRun::needs_execution},
        {"assert_uninstantiable", &ScriptRun::needs_execution},
    };
    return table;
  }

  Outcome module(const JsonValue& command) {
    CompileResult result = compile(read_module(command));
    // A module that failed to load leaves no module under its name or as the
    // current one, so later commands cannot act on an older one by mistake.
    current_ = result.module;
    if (const JsonValue* name = command.find("name")) named_[name->as_string()] = result.module;
    if (result.load_error)
      return failed(std::string("module did not load: ") + result.load_error->what());
    if (!result.module) return failed(result.other_error);
    return passed();
  }

  Outcome assert_malformed(const JsonValue& command) {
    return expect_load_error(command, ErrorKind::Malformed);
  }

  Outcome assert_invalid(const JsonValue& command) {
    return expect_load_error(command, ErrorKind::Invalid);
  }

  Outcome needs_execution(const JsonValue&) { return skipped("needs execution"); }

  Outcome expect_load_error(const JsonValue& command, ErrorKind expected) {
    // A text-form module (`module quote`) is rejected by the .wat parser
    // wast2json stands in for; gowasm reads only binaries.
    const std::string& module_type = command.at("module_type").as_string();
    if (module_type == "text") return not_applicable();
    if (module_type != "binary") return failed("unknown module_type \"" + module_type + "\"");

    std::string expectation = std::string("expected ") + kind_name(expected);
    CompileResult result = compile(read_module(command));
    if (result.module) return failed(expectation + ", module compiled");
    if (!result.load_error) return failed(expectation + ", " + result.other_error);
    const LoadError& error = *result.load_error;
    if (error.kind() != expected)
      return failed(expectation + ", got " + kind_name(error.kind()) + ": " + error.what());

    const std::string& text = command.at("text").as_string();
    Outcome outcome = passed();
    if (!error.reason().starts_with(text)) {
      outcome.message_differs = true;
      outcome.detail = "message differs: expected \"" + text + "\", got \"" + error.reason() + "\"";
    }
    return outcome;
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
  // Kept for the commands that act on modules (register, action, assert_return, ...).
  std::shared_ptr<const Module> current_;
  std::unordered_map<std::string, std::shared_ptr<const Module>> named_;
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw std::runtime_error("cannot open the file");
  std::string text(std::istreambuf_iterator<char>(file), {});
  if (file.bad()) throw std::runtime_error("cannot read the file");
  return text;
}

// A command's `key` member as text for a detail line, or "?" when the
// command lacks it: the outcome itself already says what is wrong with it.
std::string member_text(const JsonValue& command, std::string_view key) {
  const JsonValue* value = command.type() == JsonValue::Type::Object ? command.find(key) : nullptr;
  if (value && value->type() == JsonValue::Type::Number) return value->as_number().text;
  if (value && value->type() == JsonValue::Type::String) return value->as_string();
  return "?";
}

}  // namespace

SpecCounts& SpecCounts::operator+=(const SpecCounts& other) {
  passed += other.passed;
  failed += other.failed;
  skipped += other.skipped;
  not_applicable += other.not_applicable;
  message_differs += other.message_differs;
  for (const auto& [reason, count] : other.skip_reasons) skip_reasons[reason] += count;
  return *this;
}

void SpecRunner::run_file(const std::filesystem::path& json_path) {
  JsonValue script;
  const JsonValue::Array* commands;
  try {
    script = parse_json(read_file(json_path));
    commands = &script.at("commands").as_array();
  } catch (const std::runtime_error& e) {
    // Printed even when not verbose: the file's commands were not run at all.
    out_ << json_path.string() << ": error: " << e.what() << "\n";
    ++totals_.failed;
    return;
  }

  std::string source = json_path.string();
  if (const JsonValue* name = script.find("source_filename");
      name && name->type() == JsonValue::Type::String)
    source = name->as_string();

  ScriptRun script_run(json_path.parent_path());
  SpecCounts counts;
  std::vector<std::string> details;
  for (const JsonValue& command : *commands) {
    Outcome outcome = script_run.run(command);
    switch (outcome.status) {
      case Outcome::Status::Passed: ++counts.passed; break;
      case Outcome::Status::Failed: ++counts.failed; break;
      case Outcome::Status::Skipped:
        ++counts.skipped;
        ++counts.skip_reasons[outcome.detail];
        break;
      case Outcome::Status::NotApplicable: ++counts.not_applicable; break;
    }
    if (outcome.message_differs) ++counts.message_differs;
    if (outcome.status == Outcome::Status::Failed || outcome.message_differs) {
      details.push_back(source + ":" + member_text(command, "line") + ": " +
                        member_text(command, "type") + ": " + outcome.detail);
    }
  }

  if (verbose_ || counts.failed > 0) {
    out_ << json_path.string() << ": " << counts.passed << " passed, " << counts.failed
         << " failed, " << counts.skipped << " skipped, " << counts.not_applicable << " n/a\n";
  }
  if (verbose_)
    for (const std::string& detail : details) out_ << detail << "\n";
  totals_ += counts;
}

void SpecRunner::print_summary() const {
  for (const auto& [reason, count] : totals_.skip_reasons)
    out_ << "skipped, " << reason << ": " << count << "\n";
  out_ << "message differs: " << totals_.message_differs << "\n";
  out_ << "not applicable: " << totals_.not_applicable << " (text-form modules)\n";
  out_ << "spec: " << totals_.passed << " passed, " << totals_.failed << " failed, "
       << totals_.skipped << " skipped" << std::endl;
}

}  // namespace gowasm::spec
