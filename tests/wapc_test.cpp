// waPC with a Go guest (testdata/go/wapcguest): the hello transcript, and
// each way an invocation can fail, none of which hangs.
#include "gowasm/wapc.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "go_test_modules.h"

namespace gowasm {
namespace {

std::shared_ptr<const Module> guest_module() {
  return test::go_test_module("wapcguest");
}

std::vector<uint8_t> bytes(std::string_view text) {
  return std::vector<uint8_t>(text.begin(), text.end());
}
std::string text(const std::vector<uint8_t>& bytes) {
  return std::string(bytes.begin(), bytes.end());
}

struct Guest {
  GoProgram program{guest_module(), GoOptions{}};
  std::vector<std::string> host_calls;
  WapcHost wapc;
  explicit Guest(bool with_handler = true)
      : wapc(program, with_handler ? WapcHostHandler([this](const WapcHostCall& call) {
               host_calls.push_back(call.binding + " " + call.namespace_ + " " + call.operation +
                                    " " + std::string(call.payload.begin(), call.payload.end()));
               return bytes("Greetings Guest!");
             })
                                   : WapcHostHandler()) {
    EXPECT_EQ(program.start(), GoState::Blocked);
  }
  WapcResult invoke(std::string_view op, std::string_view payload,
                    std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    return wapc.invoke(op, bytes(payload), timeout);
  }
};

TEST(Wapc, HelloCallsTheHostAndAnswers) {
  Guest guest;
  const WapcResult r = guest.invoke("hello", "Host");
  ASSERT_TRUE(r.ok()) << *r.error;
  EXPECT_EQ(text(r.response), "Greetings Host!");
  EXPECT_EQ(guest.host_calls, std::vector<std::string>{"myBinding sample hello Guest"});
  // The program serves one invocation after another.
  EXPECT_EQ(text(guest.invoke("hello", "again").response), "Greetings again!");
}

TEST(Wapc, EachFailureHasItsMessage) {
  Guest guest;
  EXPECT_EQ(guest.invoke("nope", "").error, "Could not find function \"nope\"");
  EXPECT_EQ(guest.invoke("fail", "").error, "the guest failed on purpose");
  EXPECT_EQ(text(guest.invoke("sleep", "20").response), "slept");
  EXPECT_EQ(guest.invoke("never", "").error,
            "no answer to never: the guest has nothing left to run that could answer");
  Guest lonely(false);
  EXPECT_EQ(lonely.invoke("hello", "Host").error, "host call failed: no waPC host call handler");
}

TEST(Wapc, AGuestThatDoesNotAnswerInTimeGivesAnErrorAtTheDeadline) {
  Guest guest;
  const auto start = std::chrono::steady_clock::now();
  const WapcResult r = guest.invoke("sleep", "3600000", std::chrono::milliseconds(200));
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(r.error, "no answer to sleep within 200 ms");
  EXPECT_LT(took, std::chrono::seconds(5));
  EXPECT_EQ(guest.program.state(), GoState::Blocked);  // still usable
  EXPECT_EQ(text(guest.invoke("hello", "Host").response), "Greetings Host!");
  // An answer that comes from a timer ends the invocation at once, though
  // the hour-long timer is still pending.
  const auto again = std::chrono::steady_clock::now();
  EXPECT_EQ(text(guest.invoke("sleep", "10").response), "slept");
  EXPECT_LT(std::chrono::steady_clock::now() - again, std::chrono::seconds(5));
}

TEST(Wapc, AGuestThatExitsSaysSo) {
  Guest guest;
  EXPECT_EQ(guest.invoke("exit", "").error, "the program exited with status 7");
  EXPECT_EQ(guest.invoke("hello", "Host").error, "the program exited with status 7");
}

}  // namespace
}  // namespace gowasm
