// gowasm/go.h's GoProgram: the public face of a GoRuntime, with values
// crossing as JsValue; and run_go_program, which is a GoProgram run the way
// Node runs a program.
#include "go_runtime.h"
#include "js_handle.h"
#include "output.h"

namespace gowasm {

struct GoProgram::Impl {
  Impl(std::shared_ptr<const Module> module, GoOptions options)
      : runtime(std::move(module), std::move(options)) {}
  js::GoRuntime runtime;
};

GoProgram::GoProgram(std::shared_ptr<const Module> module, GoOptions options)
    : impl_(std::make_unique<Impl>(std::move(module), std::move(options))) {}
GoProgram::~GoProgram() = default;

JsValue GoProgram::global() const {
  return js::to_public(impl_->runtime.realm().global());
}

JsValue GoProgram::make_object() {
  return js::to_public(impl_->runtime.realm().make_object());
}

JsValue GoProgram::make_array(std::vector<JsValue> elements) {
  return js::to_public(impl_->runtime.realm().make_array(js::from_public(elements)));
}

JsValue GoProgram::make_bytes(std::span<const uint8_t> bytes) {
  return js::to_public(
      impl_->runtime.realm().make_bytes(std::vector<uint8_t>(bytes.begin(), bytes.end())));
}

JsValue GoProgram::make_function(std::string name, HostJsFunction function) {
  js::Realm& realm = impl_->runtime.realm();
  return js::to_public(realm.make_function(
      std::move(name), [this, &realm, function = std::move(function)](
                           const js::Value& this_value, std::span<const js::Value> args) {
        std::vector<JsValue> public_args;
        public_args.reserve(args.size());
        for (const js::Value& a : args) public_args.push_back(js::to_public(a));
        try {
          return js::from_public(function(*this, js::to_public(this_value), public_args));
        } catch (const JsError& e) {
          throw js::Exception{realm.make_error(e.what())};
        }
      }));
}

GoState GoProgram::start() {
  return impl_->runtime.start();
}

GoState GoProgram::drive(std::chrono::steady_clock::time_point deadline,
                         const std::function<bool()>& until) {
  return impl_->runtime.drive(deadline, until);
}

GoState GoProgram::report_deadlock() {
  return impl_->runtime.report_deadlock();
}

GoState GoProgram::state() const {
  return impl_->runtime.state();
}

GoResult GoProgram::result() const {
  return impl_->runtime.result();
}

GoCallResult GoProgram::call(std::string_view name, std::vector<JsValue> args) {
  return call_function(global().get(name), std::move(args), global());
}

GoCallResult GoProgram::call_function(const JsValue& function, std::vector<JsValue> args,
                                      const JsValue& this_value) {
  return impl_->runtime.call(js::from_public(function), js::from_public(this_value),
                             js::from_public(args));
}

CallResult GoProgram::call_export(std::string_view name, std::span<const Value> args) {
  return impl_->runtime.call_export(name, args);
}

std::span<uint8_t> GoProgram::memory() {
  const std::span<std::byte> bytes = impl_->runtime.memory();
  return {reinterpret_cast<uint8_t*>(bytes.data()), bytes.size()};
}

void GoProgram::post(std::function<void(GoProgram&)> task) {
  impl_->runtime.tasks()->post([this, task = std::move(task)] { task(*this); });
}

GoProgram::Hold GoProgram::hold() {
  return Hold(impl_->runtime.tasks()->hold());
}

GoProgram::Hold::Hold(Hold&&) noexcept = default;
GoProgram::Hold& GoProgram::Hold::operator=(Hold&&) noexcept = default;
GoProgram::Hold::~Hold() = default;

void write_to_descriptor(int fd, std::span<const uint8_t> bytes) {
  host::write_all(fd, bytes);
}

GoResult run_go_program(std::shared_ptr<const Module> module, GoOptions options) {
  GoProgram program(std::move(module), std::move(options));
  program.start();
  program.drive();
  program.report_deadlock();
  return program.result();
}

}  // namespace gowasm
