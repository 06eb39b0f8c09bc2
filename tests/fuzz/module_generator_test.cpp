// The executor fuzz target's generator (module_generator.h) on seeded
// random inputs, in every build (the fuzz target needs clang): each module
// validates, runs under fuel, and two instances of it do the same. And the
// transcript says what a module did, as the differential test reads it.
#include "module_generator.h"

#include <gtest/gtest.h>

#include <random>
#include <sstream>

#include "export_transcript.h"
#include "gowasm/error.h"

namespace gowasm::fuzz {
namespace {

TEST(ModuleGenerator, EveryInputBecomesAValidModuleThatRunsTheSameTwice) {
  std::mt19937 random(20261201);
  TranscriptLimits limits;
  limits.fuel = 20000;
  limits.max_call_depth = 1000;
  limits.value_stack_slots = 1 << 16;
  size_t calls = 0, traps = 0;
  for (int trial = 0; trial < 400; ++trial) {
    std::vector<uint8_t> input(std::uniform_int_distribution<size_t>(0, 4000)(random));
    for (uint8_t& b : input) b = uint8_t(random());
    const std::vector<uint8_t> wasm = generate_module(input);
    std::shared_ptr<const Module> module;
    ASSERT_NO_THROW(module = Module::compile(wasm)) << "trial " << trial;
    const std::string transcript = transcribe_exports(module, limits);
    EXPECT_EQ(transcribe_exports(module, limits), transcript) << "trial " << trial;
    std::istringstream lines(transcript);
    for (std::string line; std::getline(lines, line);) {
      calls += line.starts_with("call ");
      traps += line.starts_with("trap ");
    }
  }
  // Random code traps often (one bad address or index anywhere ends the
  // call), but a fair share of the calls must run to their end, or the
  // fuzzer would mostly see function prologues.
  EXPECT_GT(calls, 800u);
  EXPECT_GT(calls - traps, calls / 4);
}

TEST(ModuleGenerator, NoChoicesStillMakeAValidModule) {
  const std::vector<uint8_t> wasm = generate_module({});
  EXPECT_NO_THROW(Module::compile(wasm));
}

// (module (func (export "a") (result i32) i32.const 7)
//         (func (export "b") (result f32) f32.const nan:0x200000)
//         (func (export "c") unreachable))
TEST(ExportTranscript, ResultsAsTypedValuesFloatsAsBitsAndTraps) {
  const std::vector<uint8_t> wasm{
      0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00,                          // header
      0x01, 0x0C, 0x03, 0x60, 0x00, 0x01, 0x7F, 0x60, 0x00, 0x01, 0x7D, 0x60,  // types
      0x00, 0x00,                                                              //
      0x03, 0x04, 0x03, 0x00, 0x01, 0x02,                                      // functions
      0x07, 0x0D, 0x03, 0x01, 'a',  0x00, 0x00, 0x01, 'b',  0x00, 0x01, 0x01,  // exports
      'c',  0x00, 0x02,                                                        //
      0x0A, 0x12, 0x03, 0x04, 0x00, 0x41, 0x07, 0x0B, 0x07, 0x00, 0x43, 0x00,  // code
      0x00, 0xA0, 0x7F, 0x0B, 0x03, 0x00, 0x00, 0x0B,
  };
  EXPECT_EQ(transcribe_exports(Module::compile(wasm), {}),
            "call a\nresult i32 7\ncall b\nresult f32 0x7fa00000\ncall c\n"
            "trap unreachable executed\n");
}

}  // namespace
}  // namespace gowasm::fuzz
