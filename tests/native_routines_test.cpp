// Each native routine (interp/native) against the wasm body it stands for,
// on the modules each Go release of tests/go_toolchains.txt builds from
// testdata/go/bignum ($GOWASM_NATIVE_MODULES/TOOLCHAIN/bignum.wasm).
//
// The module is instantiated twice, with native routines on and off (its
// imports are stubs: nothing here runs Go's runtime). Every trial puts the
// same random state into both (a goroutine stack, a g with its stack guard,
// slices or byte ranges, some overlapping, some running off the end of
// memory) and calls the function in both. Memory, globals, results and
// traps must agree, except in the room below SP where the wasm leaves dead
// frames of the calls a routine stands for: Go never reads below SP, and no
// range here lies there (a program that read there could tell the
// difference: that is the one way a native routine is not its wasm).
// The routine is also called directly on a copy of the state: in plain
// cases it must take the call, and its effect must be the wasm's; where its
// rules say decline (a resume, a stack near its guard, lengths that panic)
// it must decline and change nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "gowasm/file.h"
#include "gowasm/instance.h"
#include "gowasm/module.h"
#include "module_code.h"
#include "native/go_frame.h"
#include "native/routines.h"
#include "runtime.h"

namespace gowasm {
namespace {

using interp::native::GoFrame;
using interp::native::NativeCall;
using interp::native::NativeRoutine;

// Which routines each release's bignum module must have, by function name.
const std::map<std::string, std::multiset<std::string>> kExpected = {
    {"go1.19",
     {"runtime.memmove", "runtime.memclrNoHeapPointers", "runtime.wasmMove", "runtime.wasmZero",
      "math_bits.Mul64", "runtime_internal_math.Mul64", "math_big.mulAddWWW_g", "math_big.addVV_g",
      "math_big.subVV_g", "math_big.mulAddVWW_g", "math_big.addMulVVW_g",
      "crypto_sha256.blockGeneric"}},
    {"go1.26.8",
     {"math_big.addVV_g", "math_big.subVV_g", "math_big.mulAddVWW_g", "math_big.addMulVVWW_g",
      "crypto_internal_fips140_sha256.blockGeneric"}},
    {"go1.27.3",
     {"math_big.addVV_g", "math_big.subVV_g", "math_big.mulAddVWW_g", "math_big.addMulVVWW_g",
      "crypto_internal_fips140_sha256.blockGeneric"}},
};

// The arguments of each routine's Go function, a letter per argument:
// S a []Word, W a word, P a pointer and N a byte count (a byte range), D a
// pointer to a 32-byte digest, B a []byte, R a result. wasmMove and wasmZero take wasm parameters
// instead: p a pointer, c a count of words.
const std::map<std::string_view, std::string_view> kArguments = {
    {"runtime.memmove", "PPN"},
    {"runtime.memclrNoHeapPointers", "PN"},
    {"runtime.wasmMove", "ppc"},
    {"runtime.wasmZero", "pc"},
    {"math_bits.Mul64", "WWRR"},
    {"math_big.mulAddWWW_g", "WWWRR"},
    {"math_big.addVV_g", "SSSR"},
    {"math_big.subVV_g", "SSSR"},
    {"math_big.mulAddVWW_g", "SSWWR"},
    {"math_big.addMulVVW_g", "SSWR"},
    {"math_big.addMulVVWW_g", "SSSWWR"},
    {"crypto_sha256.blockGeneric", "DB"},
    {"crypto_internal_fips140_sha256.blockGeneric", "DB"},
};

// What a trial is meant to exercise.
enum class Case {
  Plain,        // in bounds, stack far from its guard: the routine takes the call
  OutOfBounds,  // a range runs off the end of memory: the wasm traps
  Resume,       // the Go function resumed after an unwind: declines
  NearGuard,    // the stack within GoFrame::kStackRoom of its guard: declines
  Panics,       // slices of different lengths, a nil digest: Go panics (or, for
                // Go 1.19's vector arithmetic, loops over the shorter slice)
  OverStack,    // a range over the arguments on the Go stack, which the wasm may reload
};

Imports stub_imports(const Module& module) {
  Imports imports;
  for (const Import& import : module.imports) {
    if (import.kind != ExternKind::Function) continue;
    imports.add_function(import.module, import.name, module.types[import.function_type],
                         [](HostCall&) { return Trap::host("stub import called"); });
  }
  return imports;
}

class Machine {
 public:
  Machine(std::shared_ptr<const Module> module, bool native) {
    InstanceOptions options;
    options.native_routines = native;
    instance_ = Instance::instantiate(module, stub_imports(*module), options);
  }
  std::span<std::byte> memory() { return instance_->memory(); }
  std::vector<std::shared_ptr<Global>>& globals() { return Internals::state(*instance_).globals; }
  CallResult call(uint32_t function_index, std::span<const Value> args) {
    return instance_->call(*Internals::state(*instance_).functions[function_index], args);
  }

 private:
  std::shared_ptr<Instance> instance_;
};

class Trial {
 public:
  Trial(std::mt19937_64& random, std::string_view arguments, uint64_t memory_size, Case what)
      : random_(random), memory_size_(memory_size), what_(what) {
    arena_ = memory_size - kArenaSize;
    sp_ = arena_ + 96 * 1024;
    g_ = arena_ + 64 * 1024;
    state_.resize(kArenaSize);
    for (auto& byte : state_) byte = uint8_t(random_());
    guard_ = uint32_t(sp_ - (what == Case::NearGuard ? 512 : 8192));
    put(g_ + 16, guard_, 4);
    uint32_t word = 0;
    const uint64_t shared_length = pick(65);
    for (char kind : arguments) {
      switch (kind) {
        case 'S': {
          uint64_t length = what == Case::Panics ? pick(65) : shared_length;
          const uint64_t address = data_address(8 * length, true);
          for (uint64_t v : {address, length, length}) put(sp_ + 8 + 8 * word++, v, 8);
          break;
        }
        case 'W': put(sp_ + 8 + 8 * word++, interesting_word(), 8); break;
        case 'P': put(sp_ + 8 + 8 * word++, data_address(4096, false), 8); break;
        case 'N': put(sp_ + 8 + 8 * word++, pick(4097), 8); break;
        case 'D':
          put(sp_ + 8 + 8 * word++, what == Case::Panics ? 0 : data_address(32, false), 8);
          break;
        case 'B': {
          const uint64_t length = pick(300);
          const uint64_t address = data_address(length, false);
          for (uint64_t v : {address, length, length}) put(sp_ + 8 + 8 * word++, v, 8);
          break;
        }
        case 'R': ++word; break;
        case 'p': params_.push_back(Value::i32(int32_t(data_address(8 * 65, false)))); break;
        case 'c': params_.push_back(Value::i32(int32_t(pick(64) + 1))); break;
      }
    }
    if (arguments[0] < 'a') {  // Go's one parameter: nonzero resumes
      params_.push_back(Value::i32(what == Case::Resume ? int32_t(pick(20) + 1) : 0));
    }
  }

  // The state into `memory` and the globals (SP is global 0, g global 2).
  void install(std::span<std::byte> memory, std::vector<std::shared_ptr<Global>>& globals) const {
    std::memcpy(memory.data() + arena_, state_.data(), state_.size());
    globals[0]->raw() = uint32_t(sp_);
    globals[2]->raw() = g_;
  }
  std::span<const Value> params() const { return params_; }
  uint64_t sp() const { return sp_; }

 private:
  static constexpr uint64_t kArenaSize = 256 * 1024;

  uint64_t pick(uint64_t bound) { return random_() % bound; }
  void put(uint64_t address, uint64_t value, size_t size) {
    std::memcpy(state_.data() + (address - arena_), &value, size);
  }
  uint64_t interesting_word() {
    switch (pick(4)) {
      case 0: return 0;
      case 1: return ~uint64_t(0);
      case 2: return uint64_t(1) << pick(64);
      default: return random_();
    }
  }
  // Where a range of up to `reach` bytes starts: in the data part of the
  // arena, often overlapping the previous range, off the end of memory in
  // OutOfBounds trials.
  uint64_t data_address(uint64_t reach, bool words) {
    uint64_t address;
    if (what_ == Case::OutOfBounds && pick(2) == 0) {
      address = memory_size_ - pick(reach + 1);
    } else if (what_ == Case::OverStack && pick(2) == 0) {
      address = sp_ + pick(64);  // not below SP: no Go pointer points there
    } else if (last_ && pick(3) == 0) {
      address = last_ + (pick(5) - 2) * (words ? 8 : pick(16) + 1);
    } else {
      address = arena_ + 128 * 1024 + pick(120 * 1024);
    }
    if (words && pick(8) != 0) address &= ~uint64_t(7);
    last_ = address;
    return address;
  }

  std::mt19937_64& random_;
  uint64_t memory_size_, arena_, sp_, g_;
  uint32_t guard_;
  Case what_;
  uint64_t last_ = 0;
  std::vector<uint8_t> state_;
  std::vector<Value> params_;
};

// Where two memories differ, outside [skip_begin, skip_end): "" if nowhere.
std::string memory_difference(std::span<const std::byte> a, std::span<const std::byte> b,
                              uint64_t skip_begin, uint64_t skip_end) {
  if (a.size() != b.size()) return "sizes differ";
  for (auto [begin, end] : {std::pair<uint64_t, uint64_t>{0, skip_begin}, {skip_end, a.size()}}) {
    if (begin >= end || std::memcmp(a.data() + begin, b.data() + begin, end - begin) == 0) continue;
    const auto at = std::mismatch(a.begin() + begin, a.begin() + end, b.begin() + begin);
    return "byte " + std::to_string(at.first - a.begin()) + " differs";
  }
  return "";
}

std::string describe(const CallResult& r) {
  if (r.trap) return "trap: " + r.trap->message;
  std::string text = "ok";
  for (const Value& v : r.results) text += " " + std::to_string(v.bits());
  return text;
}

// The routine called directly on a copy of a machine's memory and globals.
struct DirectCall {
  std::vector<std::byte> memory;
  std::vector<uint64_t> globals;
  std::vector<interp::Slot> params;
  bool taken = false;

  DirectCall(Machine& machine, const NativeRoutine& routine, std::span<const uint64_t> data,
             std::span<const Value> args)
      : memory(machine.memory().begin(), machine.memory().end()) {
    for (auto& global : machine.globals()) globals.push_back(global->raw());
    std::vector<uint64_t*> cells;
    for (uint64_t& value : globals) cells.push_back(&value);
    for (const Value& v : args) params.push_back(v.bits());
    const NativeCall call{params.data(), reinterpret_cast<uint8_t*>(memory.data()), memory.size(),
                          cells.data(), data};
    taken = routine.run(call);
  }
};

struct Counts {
  int taken = 0, trials = 0;
};

// Under AddressSanitizer (the sanitized lane of tests/run_all.sh) each
// trial costs about ten times as much; two rounds of every case still show
// any access outside what the routine may touch.
#if defined(GOWASM_SANITIZED)
constexpr int kTrialsPerRoutine = 14;
#else
constexpr int kTrialsPerRoutine = 70;
#endif

// Runs `trials` trials, cycling through the cases, on function `index`,
// which is `entry`'s routine. (Returns through `counts`: gtest's ASSERTs
// return void.)
void check_routine(const std::shared_ptr<const Module>& module, uint32_t index,
                   const interp::NativeEntry& entry, int trials, Counts& counts) {
  const NativeRoutine& routine = *entry.routine;
  const std::vector<uint64_t>& data = entry.data_addresses;
  const std::string name(module->function_name(index));
  const std::string_view arguments = kArguments.at(routine.name);
  const bool go_abi = arguments[0] < 'a';
  std::vector<Case> cases = {Case::Plain, Case::Plain, Case::Plain, Case::OutOfBounds};
  if (go_abi) cases.insert(cases.end(), {Case::Resume, Case::NearGuard, Case::OverStack});
  if (arguments.find_first_of("SD") != std::string_view::npos) cases.push_back(Case::Panics);
  // Go never reads the dead frames below SP.
  const uint64_t dead = go_abi ? GoFrame::kStackRoom : 0;

  Machine native(module, true), wasm(module, false);
  std::mt19937_64 random(index);
  for (int t = 0; t < trials; ++t) {
    const Case what = cases[t % cases.size()];
    const std::string where = name + " trial " + std::to_string(t);
    const Trial trial(random, arguments, native.memory().size(), what);
    trial.install(native.memory(), native.globals());
    trial.install(wasm.memory(), wasm.globals());
    const DirectCall direct(wasm, routine, data, trial.params());
    ++counts.trials;
    counts.taken += direct.taken;
    if (what == Case::Plain) {
      EXPECT_TRUE(direct.taken) << where << ": declined a plain call";
    }
    if (what == Case::Resume || what == Case::NearGuard) {
      // The wasm would unwind or grow the stack, which needs the Go runtime
      // this test does not run: the routine must decline, changing nothing.
      EXPECT_FALSE(direct.taken) << where << ": took a call it must decline";
      EXPECT_EQ(memory_difference(direct.memory, wasm.memory(), 0, 0), "") << where;
      continue;
    }

    const CallResult with_native = native.call(index, trial.params());
    const CallResult without = wasm.call(index, trial.params());
    ASSERT_EQ(describe(with_native), describe(without)) << where;
    ASSERT_EQ(memory_difference(native.memory(), wasm.memory(), trial.sp() - dead, trial.sp()), "")
        << where;
    for (size_t g = 0; g < wasm.globals().size(); ++g) {
      ASSERT_EQ(native.globals()[g]->raw(), wasm.globals()[g]->raw()) << where << " global " << g;
    }
    if (direct.taken) {
      ASSERT_FALSE(without.trap) << where << ": the routine took a call that traps";
      ASSERT_EQ(memory_difference(direct.memory, wasm.memory(), trial.sp() - dead, trial.sp()), "")
          << where;
      ASSERT_EQ(direct.globals.size(), wasm.globals().size());
      for (size_t g = 0; g < direct.globals.size(); ++g) {
        ASSERT_EQ(direct.globals[g], wasm.globals()[g]->raw()) << where << " global " << g;
      }
      for (size_t r = 0; r < without.results.size(); ++r) {
        ASSERT_EQ(direct.params[r], without.results[r].bits()) << where << " result " << r;
      }
    }
    if (with_native.trap) {  // a trapped instance may be left mid-way: start afresh
      native = Machine(module, true);
      wasm = Machine(module, false);
    }
  }
}

TEST(NativeRoutines, AgreeWithTheirWasmOnEveryGoRelease) {
  const char* dir = std::getenv("GOWASM_NATIVE_MODULES");
  ASSERT_NE(dir, nullptr) << "GOWASM_NATIVE_MODULES is not set";
  int releases = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string release = entry.path().filename();
    SCOPED_TRACE(release);
    ASSERT_TRUE(kExpected.count(release)) << "no expectations for " << release;
    ++releases;
    const auto module = Module::compile(read_binary_file(entry.path() / "bignum.wasm"));
    const auto& code = static_cast<interp::ModuleCode&>(Internals::code(*module));
    std::multiset<std::string> found;
    for (uint32_t i = module->imported_function_count(); i < module->function_count(); ++i) {
      const interp::NativeEntry native =
          interp::native::find_native_routine(code.fingerprints(), i);
      if (!native.routine) continue;
      const std::string name(module->function_name(i));
      found.insert(name);
      Counts counts;
      check_routine(module, i, native, kTrialsPerRoutine, counts);
      // Half the trials are plain: a routine that declined them all would
      // test nothing.
      EXPECT_GE(counts.taken, counts.trials / 3) << name;
      std::printf("%s %-32s as %-28s %d trials, %d taken natively\n", release.c_str(), name.c_str(),
                  std::string(native.routine->name).c_str(), counts.trials, counts.taken);
    }
    EXPECT_EQ(found, kExpected.at(release));
  }
  EXPECT_EQ(releases, int(kExpected.size()));
}

}  // namespace
}  // namespace gowasm
