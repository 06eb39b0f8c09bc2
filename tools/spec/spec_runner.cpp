// Counting the outcomes of each script's commands and printing them. The
// commands themselves run in ScriptRun, in this process or, by default, in a
// child process (isolated_run.h) so that an engine crash or hang is one failed
// command rather than the end of the run.
#include "spec/spec_runner.h"

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "spec/isolated_run.h"
#include "spec/json.h"
#include "spec/script_run.h"

namespace gowasm::spec {
namespace {

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

  std::vector<Outcome> outcomes;
  try {
    outcomes = run_commands(json_path.parent_path(), *commands);
  } catch (const std::runtime_error& e) {
    out_ << json_path.string() << ": error: " << e.what() << "\n";
    ++totals_.failed;
    return;
  }

  SpecCounts counts;
  std::vector<std::string> details;
  for (size_t i = 0; i < commands->size(); ++i) {
    const JsonValue& command = (*commands)[i];
    const Outcome& outcome = outcomes[i];
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

std::vector<Outcome> SpecRunner::run_commands(const std::filesystem::path& folder,
                                              const JsonValue::Array& commands) const {
  if (timeout_.count() > 0) {
    out_.flush();  // the child would write out what is still buffered a second time
    return run_isolated(folder, commands, timeout_);
  }
  ScriptRun run(folder);
  std::vector<Outcome> outcomes;
  outcomes.reserve(commands.size());
  for (const JsonValue& command : commands) outcomes.push_back(run.run(command));
  return outcomes;
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
