// The bridge fuzz target's generator (bridge_program.h) on seeded random
// inputs, in every build (the fuzz target needs clang; the sanitized lane
// runs this under ASan and UBSan): each program loads, runs through the
// bridge and ends as a Go program can. And the scripts must get far: if
// most runs ended at their first call, the fuzzer would only ever test the
// first check of each import.
#include "bridge_program.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>

namespace gowasm::fuzz {
namespace {

// A fresh empty directory, for the guest's /tmp.
std::filesystem::path make_scratch_directory() {
  std::string pattern = (std::filesystem::temp_directory_path() / "bridge_test.XXXXXX").string();
  if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
  return pattern;
}

TEST(BridgeProgram, EveryInputBecomesAGoProgramThatEndsAsOneCan) {
  const std::filesystem::path directory = make_scratch_directory();
  std::mt19937 random(20261201);
  std::map<std::string, int> outcomes;
  size_t calls = 0;
  constexpr int kTrials = 300;
  for (int trial = 0; trial < kTrials; ++trial) {
    std::vector<uint8_t> input(std::uniform_int_distribution<size_t>(0, 3000)(random));
    for (uint8_t& b : input) b = uint8_t(random());
    std::shared_ptr<const Module> module;
    ASSERT_NO_THROW(module = Module::compile(generate_bridge_program(input))) << "trial " << trial;
    const BridgeRun run = run_bridge_program(module, directory.string());
    EXPECT_TRUE(run.outcome.starts_with("exit ") || run.outcome.starts_with("trap: "))
        << "trial " << trial << ": " << run.outcome;
    // The outcome's kind: its text up to the first quote, number or colon after "trap: ".
    ++outcomes[run.outcome.substr(0, run.outcome.find_first_of("0123456789\"'(:", 6))];
    calls += run.calls;
    std::filesystem::remove_all(directory);
    std::filesystem::create_directory(directory);
  }
  std::filesystem::remove_all(directory);
  for (const auto& [outcome, count] : outcomes) std::printf("%5d  %s\n", count, outcome.c_str());
  std::printf("%zu bridge calls in %d runs\n", calls, kTrials);
  EXPECT_GT(calls, size_t(kTrials) * 15);  // the prologue's 13, and more
  EXPECT_GE(outcomes.size(), 4u) << "the runs should end in several different ways";
}

// What fuzz_bridge found (tests/fuzz/bridge_findings), replayed in every
// build; the sanitized lane is where each failed before its fix (UBSan:
// a signed overflow, a float-to-integer cast out of range).
TEST(BridgeProgram, FuzzFindingsEndAsAGoProgramCan) {
  const std::filesystem::path directory = make_scratch_directory();
  int findings = 0;
  for (const auto& entry : std::filesystem::directory_iterator(GOWASM_BRIDGE_FINDINGS)) {
    std::ifstream file(entry.path(), std::ios::binary);
    const std::vector<uint8_t> input((std::istreambuf_iterator<char>(file)), {});
    const std::shared_ptr<const Module> module = Module::compile(generate_bridge_program(input));
    const BridgeRun run = run_bridge_program(module, directory.string());
    EXPECT_TRUE(run.outcome.starts_with("exit ") || run.outcome.starts_with("trap: "))
        << entry.path() << ": " << run.outcome;
    ++findings;
  }
  std::filesystem::remove_all(directory);
  EXPECT_GT(findings, 0);
}

TEST(BridgeProgram, NoChoicesStillMakeAProgram) {
  const std::filesystem::path directory = make_scratch_directory();
  const std::shared_ptr<const Module> module = Module::compile(generate_bridge_program({}));
  EXPECT_EQ(run_bridge_program(module, directory.string()).outcome, "exit 0");
  std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace gowasm::fuzz
