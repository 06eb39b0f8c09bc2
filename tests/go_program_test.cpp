// The embedding API for Go plugins (gowasm/go.h, gowasm/js.h), on
// testdata/go/plugin: host globals read by main, calls into js.FuncOf
// functions with every kind of value, host functions the guest calls back
// (throwing included), timers driven by the host, work posted from other
// threads, //go:wasmexport, and each way a call can fail.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>

#include "go_test_modules.h"
#include "gowasm/go.h"

namespace gowasm {
namespace {

std::shared_ptr<const Module> plugin_module() {
  return test::go_test_module("plugin");
}

// A started plugin whose output is kept.
struct Plugin {
  std::string out, err;
  GoProgram program{plugin_module(), options()};

  GoOptions options() {
    GoOptions o;
    o.args = {"plugin"};
    o.write = [this](int fd, std::span<const uint8_t> bytes) {
      (fd == 1 ? out : err).append(bytes.begin(), bytes.end());
    };
    return o;
  }
  Plugin() {
    JsValue config = program.make_object();
    config.set("user", "ada");
    program.global().set("pluginConfig", config);
    EXPECT_EQ(program.start(), GoState::Blocked);
  }
  JsValue value_of(std::string_view function, std::vector<JsValue> args) {
    GoCallResult r = program.call(function, std::move(args));
    EXPECT_TRUE(r.ok()) << r.error->message;
    return r.value.value_or(JsValue());
  }
};

TEST(GoProgram, MainReadsAHostGlobalAndBlocksForTheHost) {
  Plugin plugin;
  EXPECT_EQ(plugin.out, "plugin ready for ada\n");
  EXPECT_EQ(plugin.program.state(), GoState::Blocked);
  EXPECT_TRUE(plugin.program.global().get("describe").is_function());
}

TEST(GoProgram, CallsPassEveryKindOfValue) {
  Plugin plugin;
  GoProgram& p = plugin.program;
  const uint8_t three[] = {1, 2, 3};
  const JsValue described = plugin.value_of(
      "describe", {"text", 1.5, true, JsValue::null(), JsValue(),
                   p.make_array({1, "two", p.make_array({false})}), p.make_bytes(three)});
  EXPECT_EQ(described.as_string(),
            "string:text number:1.5 boolean:true null undefined "
            "[number:1 string:two [boolean:false]] bytes:3");
  EXPECT_EQ(plugin.value_of("add", {40, 2}).as_number(), 42);

  const JsValue record = plugin.value_of("makeRecord", {"rec"});
  EXPECT_EQ(record.get("name").as_string(), "rec");
  ASSERT_TRUE(record.get("tags").is_array());
  EXPECT_EQ(record.get("tags").length(), 3u);
  EXPECT_EQ(record.get("tags").at(1).as_number(), 2);
  EXPECT_TRUE(record.get("tags").at(2).as_bool());
}

TEST(GoProgram, BytesGoBothWays) {
  Plugin plugin;
  const uint8_t bytes[] = {1, 2, 3, 4, 250};
  const JsValue reversed = plugin.value_of("reverseBytes", {plugin.program.make_bytes(bytes)});
  ASSERT_TRUE(reversed.is_bytes());
  const std::span<uint8_t> out = *reversed.bytes();
  EXPECT_EQ(std::vector<uint8_t>(out.begin(), out.end()), (std::vector<uint8_t>{250, 4, 3, 2, 1}));
}

TEST(GoProgram, TheGuestCallsHostFunctionsReentrantlyAndRecoversTheirErrors) {
  Plugin plugin;
  GoProgram& p = plugin.program;
  p.global().set("greet", p.make_function("greet", [](GoProgram&, const JsValue&,
                                                      std::span<const JsValue> args) {
    return JsValue("hello, " + args[0].as_string());
  }));
  // The host function calls back into the guest while the guest is calling it.
  p.global().set("sumViaGuest",
                 p.make_function("sumViaGuest", [](GoProgram& program, const JsValue&,
                                                   std::span<const JsValue> args) {
                   GoCallResult r = program.call("add", {args[0], args[1]});
                   return r.ok() ? *r.value : JsValue("failed");
                 }));
  p.global().set("refuse",
                 p.make_function(
                     "refuse", [](GoProgram&, const JsValue&, std::span<const JsValue>) -> JsValue {
                       throw JsError("no, thank you");
                     }));
  EXPECT_EQ(plugin.value_of("callHost", {"greet", "go"}).as_string(), "hello, go");
  EXPECT_EQ(plugin.value_of("callHost", {"sumViaGuest", 20, 22}).as_number(), 42);
  EXPECT_EQ(plugin.value_of("callHost", {"refuse"}).as_string(), "caught: no, thank you");
  EXPECT_EQ(p.state(), GoState::Blocked);
}

TEST(GoProgram, DriveFiresTheGuestsTimersAndHonoursItsDeadline) {
  Plugin plugin;
  GoProgram& p = plugin.program;
  std::vector<std::string> done;
  p.global().set("done", p.make_function("done", [&](GoProgram&, const JsValue&,
                                                     std::span<const JsValue> args) {
    done.push_back(args[0].as_string());
    return JsValue();
  }));
  plugin.value_of("later", {30});
  EXPECT_EQ(p.drive(std::chrono::steady_clock::now() + std::chrono::milliseconds(1)),
            GoState::Blocked);
  EXPECT_TRUE(done.empty());
  EXPECT_EQ(p.drive(), GoState::Blocked);  // until nothing is left
  EXPECT_EQ(done, std::vector<std::string>{"slept 30ms"});
}

TEST(GoProgram, AVirtualClockJumpsOverTheGuestsWaits) {
  GoOptions options;
  options.virtual_clock_start = std::chrono::system_clock::time_point(std::chrono::hours(24));
  options.random_seed = 7;
  options.write = [](int, std::span<const uint8_t>) {};
  GoProgram p(plugin_module(), options);
  JsValue config = p.make_object();
  config.set("user", "clock");
  p.global().set("pluginConfig", config);
  ASSERT_EQ(p.start(), GoState::Blocked);
  std::string done;
  p.global().set("done", p.make_function("done", [&](GoProgram&, const JsValue&,
                                                     std::span<const JsValue> args) {
    done = args[0].as_string();
    return JsValue();
  }));
  const double before = p.call_function(p.global().get("Date").get("now"), {}).value->as_number();
  EXPECT_EQ(before, 24.0 * 3600 * 1000);
  ASSERT_TRUE(p.call("later", {3600 * 1000}).ok());  // an hour
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(p.drive(start + std::chrono::seconds(30)), GoState::Blocked);
  EXPECT_EQ(done, "slept 3600000ms");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
  const double after = p.call_function(p.global().get("Date").get("now"), {}).value->as_number();
  EXPECT_GE(after - before, 3600.0 * 1000);
}

TEST(GoProgram, WorkPostedFromAnotherThreadRunsOnTheDrivingThread) {
  Plugin plugin;
  GoProgram& p = plugin.program;
  const std::thread::id driver = std::this_thread::get_id();
  bool on_driver = false;
  double sum = 0;
  GoProgram::Hold hold = p.hold();
  std::thread worker([&, hold = std::move(hold)]() mutable {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    p.post([&](GoProgram& program) {
      on_driver = std::this_thread::get_id() == driver;
      GoCallResult r = program.call("add", {1.5, 2});
      sum = r.ok() ? r.value->as_number() : -1;
    });
    GoProgram::Hold released = std::move(hold);  // dropped here, after the post
  });
  EXPECT_EQ(p.drive(std::chrono::steady_clock::now() + std::chrono::seconds(10)), GoState::Blocked);
  worker.join();
  EXPECT_TRUE(on_driver);
  EXPECT_EQ(sum, 3.5);
}

// Stdin from a callback, in pieces; and a read error reaching the guest.
TEST(GoProgram, StdinComesFromTheHostsReadCallback) {
  const auto run_with = [](std::function<size_t(std::span<uint8_t>)> read) {
    std::string out;
    GoOptions options;
    options.write = [&out](int fd, std::span<const uint8_t> bytes) {
      if (fd == 1) out.append(bytes.begin(), bytes.end());
    };
    options.read = std::move(read);
    run_go_program(test::go_test_module("fs_stdin"), options);
    return out.substr(0, out.find("stdin is"));  // whether fd 0 is a file is the process's
  };
  const std::string input = "eleven byte";
  size_t at = 0;
  EXPECT_EQ(run_with([&](std::span<uint8_t> buffer) {
              const size_t n = std::min({buffer.size(), input.size() - at, size_t(3)});
              std::copy_n(input.begin() + at, n, buffer.begin());
              at += n;
              return n;
            }),
            "read 11 bytes, err=<nil>\n"
            // printf 'eleven byte' | sha256sum
            "sha256 f716c745490b62d9ed293afd644f67d273a602579e2b06103acf68f152455f5d\n"
            "read after EOF: 0 EOF\n");
  EXPECT_EQ(run_with([](std::span<uint8_t>) -> size_t {
              throw std::system_error(EIO, std::generic_category());
            }).substr(0, 45),
            "read 0 bytes, err=read /dev/stdin: I/O error\n");
}

TEST(GoProgram, AReleasedFunctionAnswersUndefinedAndTheProgramGoesOn) {
  Plugin plugin;
  const JsValue once = plugin.program.global().get("once");
  EXPECT_EQ(plugin.value_of("once", {}).as_string(), "first and last call");
  const GoCallResult again = plugin.program.call_function(once, {});
  ASSERT_TRUE(again.ok()) << again.error->message;
  EXPECT_EQ(again.value->type(), JsValue::Type::Undefined);
  EXPECT_EQ(plugin.err, "call to released function\n");
  EXPECT_EQ(plugin.value_of("add", {1, 2}).as_number(), 3);
}

TEST(GoProgram, WasmExportsAreCallableOnceMainBlocks) {
  Plugin plugin;
  const Value args[] = {Value::i32(6), Value::i32(7)};
  const CallResult r = plugin.program.call_export("multiply", args);
  ASSERT_TRUE(r.ok()) << r.trap->to_string();
  EXPECT_EQ(r.results.at(0).as_i32(), 42);
  EXPECT_FALSE(plugin.program.call_export("absent", {}).ok());
  EXPECT_EQ(plugin.program.state(), GoState::Blocked);
}

TEST(GoProgram, AWasmExportThatEndsTheProgramSaysHow) {
  GoOptions options;
  options.write = [](int, std::span<const uint8_t>) {};
  options.instance.max_memory_pages = 1024;
  GoProgram program(plugin_module(), options);
  program.global().set("pluginConfig", program.make_object());
  ASSERT_EQ(program.start(), GoState::Blocked);
  const Value size[] = {Value::i32(256 << 20)};
  const CallResult r = program.call_export("allocate", size);
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(r.trap->kind, TrapKind::Exit);
  EXPECT_EQ(r.trap->message, "fatal error: out of memory");
  EXPECT_EQ(program.state(), GoState::Exited);
  EXPECT_EQ(program.result().exit_code, 2);
}

TEST(GoProgram, FuelStopsAnEndlessLoopAndTheProcessRunsANewProgramAfterwards) {
  GoOptions options;
  options.write = [](int, std::span<const uint8_t>) {};
  options.instance.fuel = 20'000'000;
  GoProgram p(plugin_module(), options);
  JsValue config = p.make_object();
  config.set("user", "fuel");
  p.global().set("pluginConfig", config);
  ASSERT_EQ(p.start(), GoState::Blocked);
  const GoCallResult r = p.call("spin", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error->kind, GoCallError::Kind::Trap);
  ASSERT_TRUE(r.error->trap);
  EXPECT_EQ(r.error->trap->kind, TrapKind::OutOfFuel);
  EXPECT_EQ(p.state(), GoState::Trapped);
  EXPECT_EQ(p.call("add", {1, 1}).error->kind, GoCallError::Kind::Trap);  // stays stopped
  Plugin fresh;
  EXPECT_EQ(fresh.value_of("add", {1, 1}).as_number(), 2);
}

TEST(GoProgram, AnInterruptFromAnotherThreadStopsAnEndlessLoopAtOnce) {
  GoOptions options;
  options.write = [](int, std::span<const uint8_t>) {};
  options.instance.interrupt = std::make_shared<InterruptHandle>();
  GoProgram p(plugin_module(), options);
  JsValue config = p.make_object();
  config.set("user", "interrupt");
  p.global().set("pluginConfig", config);
  ASSERT_EQ(p.start(), GoState::Blocked);
  std::chrono::steady_clock::time_point interrupted_at;
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    interrupted_at = std::chrono::steady_clock::now();
    options.instance.interrupt->interrupt();
  });
  const GoCallResult r = p.call("spin", {});
  const auto stopped_at = std::chrono::steady_clock::now();
  stopper.join();
  ASSERT_FALSE(r.ok());
  ASSERT_TRUE(r.error->trap);
  EXPECT_EQ(r.error->trap->kind, TrapKind::Interrupted);
  const auto reaction =
      std::chrono::duration_cast<std::chrono::microseconds>(stopped_at - interrupted_at);
  std::printf("stopped %lld us after the interrupt\n", static_cast<long long>(reaction.count()));
  EXPECT_LT(reaction, std::chrono::milliseconds(100));
  Plugin fresh;
  EXPECT_EQ(fresh.value_of("add", {2, 2}).as_number(), 4);
}

TEST(GoProgram, EachWayACallFailsIsItsOwnError) {
  {
    Plugin plugin;  // a JavaScript exception: the program goes on
    GoCallResult r = plugin.program.call("absentFunction", {});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->kind, GoCallError::Kind::Exception);
    EXPECT_EQ(plugin.program.state(), GoState::Blocked);
    EXPECT_EQ(plugin.value_of("add", {1, 1}).as_number(), 2);
  }
  {
    Plugin plugin;
    GoCallResult r = plugin.program.call("exitWith", {3});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->kind, GoCallError::Kind::Exit);
    EXPECT_EQ(r.error->exit_code, 3);
    EXPECT_EQ(plugin.program.state(), GoState::Exited);
    EXPECT_EQ(plugin.program.call("add", {1, 1}).error->kind, GoCallError::Kind::Exit);
  }
  {
    Plugin plugin;
    GoCallResult r = plugin.program.call("panicWith", {"it broke"});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error->kind, GoCallError::Kind::Panic);
    EXPECT_EQ(r.error->message, "panic: it broke");
    EXPECT_EQ(r.error->exit_code, 2);
  }
  {
    GoProgram unstarted(plugin_module(), GoOptions{});
    EXPECT_EQ(unstarted.call("add", {1, 1}).error->kind, GoCallError::Kind::NotRunning);
  }
}

}  // namespace
}  // namespace gowasm

namespace gowasm {
namespace {

// What the process holds: open descriptors, memory mappings, resident KiB.
struct ProcessResources {
  size_t descriptors = 0, mappings = 0, resident_kib = 0;
  static ProcessResources now() {
    ProcessResources r;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd"))
      ++r.descriptors;
    std::ifstream maps("/proc/self/maps");
    for (std::string line; std::getline(maps, line);) ++r.mappings;
    std::ifstream statm("/proc/self/statm");
    size_t pages = 0, resident = 0;
    statm >> pages >> resident;
    r.resident_kib = resident * size_t(sysconf(_SC_PAGESIZE)) / 1024;
    return r;
  }
};

// An embedder runs Go programs one after another for as long as it lives:
// each run's descriptors (mounts, the value stack), mappings (the linear
// memory) and memory must go with it.
TEST(GoProgram, AThousandRunsInOneProcessLeaveNoDescriptorMappingOrMemoryBehind) {
#if defined(GOWASM_SANITIZED)
  constexpr int kRuns = 100;  // ASan's runs are slow, and it keeps freed memory
#else
  constexpr int kRuns = 1000;
#endif
  const auto module = test::go_test_module("hello");
  const auto run_once = [&] {
    std::string out;
    GoOptions options;
    options.mounts = {GoMount{"/tmp", "/tmp", true}};
    options.write = [&out](int, std::span<const uint8_t> bytes) {
      out.append(bytes.begin(), bytes.end());
    };
    const GoResult result = run_go_program(module, options);
    ASSERT_EQ(result.exit_code, 0);
    ASSERT_EQ(out, "hello from Go on gowasm\n");
  };
  for (int i = 0; i < 20; ++i) run_once();  // the allocator's caches fill
  const ProcessResources before = ProcessResources::now();
  for (int i = 0; i < kRuns; ++i) run_once();
  const ProcessResources after = ProcessResources::now();
  std::printf("%d runs: descriptors %zu -> %zu, mappings %zu -> %zu, resident %zu -> %zu KiB\n",
              kRuns, before.descriptors, after.descriptors, before.mappings, after.mappings,
              before.resident_kib, after.resident_kib);
  EXPECT_EQ(after.descriptors, before.descriptors);
  EXPECT_LE(after.mappings, before.mappings + 8);  // malloc may map an arena or two
#if !defined(GOWASM_SANITIZED)
  EXPECT_LE(after.resident_kib, before.resident_kib + 16 * 1024);  // not 16 KiB per run
#endif
}

}  // namespace
}  // namespace gowasm
