// gowasm/wapc.h, on the public GoProgram API alone.
#include <string>

#include "gowasm/wapc.h"

namespace gowasm {
namespace {

std::string text_of(const JsValue& bytes) {
  const auto span = bytes.bytes();
  return span ? std::string(span->begin(), span->end()) : std::string();
}

std::string millis(std::chrono::steady_clock::duration d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(d).count()) + " ms";
}

}  // namespace

WapcHost::WapcHost(GoProgram& program, WapcHostHandler handler)
    : program_(program), handler_(std::move(handler)) {
  JsValue wapc = program.make_object();
  wapc.set("__guest_response",
           program.make_function("__guest_response",
                                 [this](GoProgram&, const JsValue&, std::span<const JsValue> args) {
                                   answer_.arrived = true;
                                   if (!args.empty() && args[0].bytes()) {
                                     const auto bytes = *args[0].bytes();
                                     answer_.response.assign(bytes.begin(), bytes.end());
                                   }
                                   return JsValue();
                                 }));
  wapc.set("__guest_error",
           program.make_function("__guest_error",
                                 [this](GoProgram&, const JsValue&, std::span<const JsValue> args) {
                                   answer_.arrived = true;
                                   answer_.error = args.empty() ? std::string() : text_of(args[0]);
                                   return JsValue();
                                 }));
  wapc.set("__host_call", program.make_function("__host_call", [this](
                                                                   GoProgram& p, const JsValue&,
                                                                   std::span<const JsValue> args) {
    const auto failure = [&p](const std::string& message) {
      return p.make_array({JsValue::null(), JsValue(message)});
    };
    if (!handler_) return failure("no waPC host call handler");
    if (args.size() != 4 || !args[3].bytes()) return failure("malformed __host_call");
    const WapcHostCall call{text_of(args[0]), text_of(args[1]), text_of(args[2]), *args[3].bytes()};
    try {
      const std::vector<uint8_t> response = handler_(call);
      return p.make_array({p.make_bytes(response), JsValue::null()});
    } catch (const std::exception& e) {
      return failure(e.what());
    }
  }));
  program.global().set("wapc", wapc);
}

WapcResult WapcHost::invoke(std::string_view operation, std::span<const uint8_t> payload,
                            std::chrono::steady_clock::duration timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  answer_ = Answer{};
  WapcResult result;
  const auto ended = [this] {
    const GoResult outcome = program_.result();
    return outcome.trap ? "the program trapped: " + outcome.trap->message
                        : "the program exited with status " + std::to_string(outcome.exit_code);
  };
  const GoCallResult accepted = program_.call(
      "__guest_call", {JsValue(std::string(operation)), program_.make_bytes(payload)});
  if (!accepted.ok()) {
    result.error = accepted.error->kind == GoCallError::Kind::Exception
                       ? "__guest_call failed: " + accepted.error->message
                       : ended();
    return result;
  }
  if (accepted.value->type() == JsValue::Type::Boolean && !accepted.value->as_bool()) {
    result.error = answer_.error.value_or("the guest refused operation " + std::string(operation));
    return result;
  }
  while (!answer_.arrived) {
    if (program_.state() != GoState::Blocked) {
      result.error = ended();
      return result;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      result.error = "no answer to " + std::string(operation) + " within " + millis(timeout);
      return result;
    }
    program_.drive(deadline, [this] { return answer_.arrived; });
    if (!answer_.arrived && program_.state() == GoState::Blocked &&
        std::chrono::steady_clock::now() < deadline) {
      result.error = "no answer to " + std::string(operation) +
                     ": the guest has nothing left to run that could answer";
      return result;
    }
  }
  result.response = std::move(answer_.response);
  result.error = std::move(answer_.error);
  return result;
}

}  // namespace gowasm
