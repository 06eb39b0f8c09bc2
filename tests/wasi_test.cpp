// WASI preview 1 (wasi/): each function of wasi_snapshot_preview1 called
// from a tiny module, its errno, what it writes where, and EFAULT for every
// pointer out of memory; and run_wasi_program on tiny commands.
#include "gowasm/wasi.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "wasi_host.h"
#include "wasm_builder.h"

namespace gowasm {
namespace {

using namespace test;
using wasi::WasiHost;

constexpr int kSuccess = 0, kBadf = 8, kFault = 21, kInval = 28, kNosys = 52, kSpipe = 70;
constexpr uint32_t kPageEnd = 65536;
// 2000-01-01T00:00:00Z, as gowasm-run --deterministic starts.
const auto kStart = std::chrono::system_clock::time_point(std::chrono::seconds(946684800));
constexpr uint64_t kStartNs = 946684800ull * 1000000000ull;

Bytes value_types(std::string_view params) {
  Bytes out;
  for (const char p : params) out.push_back(p == 'I' ? I64 : I32);
  return out;
}

// A module that imports wasi_snapshot_preview1.`name` (parameters: i = i32,
// I = i64; result: an errno unless `returns` is false) and exports "f",
// which passes its arguments on, and a 1-page "memory".
std::shared_ptr<const Module> forwarder(std::string_view name, std::string_view params,
                                        bool returns = true) {
  Bytes body;
  for (size_t i = 0; i < params.size(); ++i) body = cat({body, Bytes{0x20}, leb_u(i)});
  body = cat({body, Bytes{0x10, 0x00, 0x0B}});
  const Bytes results = returns ? Bytes{I32} : Bytes{};
  return Module::compile(module({
      section(1, vec({func_type(value_types(params), results)})),
      section(2, vec({import("wasi_snapshot_preview1", name, Bytes{0x00, 0x00})})),
      section(3, vec({leb_u(0)})),
      section(5, vec({Bytes{0x00, 0x01}})),
      section(7, vec({export_func("f", 1), export_entry("memory", 0x02, 0)})),
      section(10, vec({code_entry({}, body)})),
  }));
}

// One WASI function, called through forwarder() by a fresh host.
class Guest {
 public:
  Guest(std::string_view name, std::string_view params, ProgramOptions options = {},
        bool returns = true)
      : params_(params), host_(std::make_shared<WasiHost>(options)) {
    Imports imports;
    host_->add_imports(imports);
    instance_ = Instance::instantiate(forwarder(name, params, returns), imports, options.instance);
  }
  // Calls the function with these arguments (as i64 where it takes i64).
  CallResult call(std::initializer_list<uint64_t> args) {
    std::vector<Value> values;
    size_t i = 0;
    for (const uint64_t a : args) {
      values.push_back(params_[i++] == 'I' ? Value::i64(int64_t(a)) : Value::i32(int32_t(a)));
    }
    return instance_->call("f", values);
  }
  CallResult call_values(std::span<const Value> args) { return instance_->call("f", args); }
  // The errno it returns.
  int operator()(std::initializer_list<uint64_t> args) {
    const CallResult r = call(args);
    EXPECT_TRUE(r.ok()) << (r.trap ? r.trap->to_string() : "");
    return r.ok() ? r.results[0].as_i32() : -1;
  }
  uint8_t* memory() { return reinterpret_cast<uint8_t*>(instance_->memory().data()); }
  uint64_t u64(uint32_t at) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = v << 8 | memory()[at + i];
    return v;
  }
  uint32_t u32(uint32_t at) {
    return uint32_t(memory()[at] | memory()[at + 1] << 8 | memory()[at + 2] << 16 |
                    uint32_t(memory()[at + 3]) << 24);
  }
  uint16_t u16(uint32_t at) { return uint16_t(memory()[at] | memory()[at + 1] << 8); }
  void put32(uint32_t at, uint32_t v) {
    for (int i = 0; i < 4; ++i) memory()[at + i] = uint8_t(v >> (8 * i));
  }
  void put64(uint32_t at, uint64_t v) {
    for (int i = 0; i < 8; ++i) memory()[at + i] = uint8_t(v >> (8 * i));
  }
  void put_text(uint32_t at, std::string_view text) {
    std::memcpy(memory() + at, text.data(), text.size());
  }
  std::string text(uint32_t at, size_t size) {
    return std::string(reinterpret_cast<const char*>(memory() + at), size);
  }
  const WasiHost& host() const { return *host_; }

 private:
  std::string params_;
  std::shared_ptr<WasiHost> host_;
  std::shared_ptr<Instance> instance_;
};

ProgramOptions virtual_clock() {
  ProgramOptions options;
  options.virtual_clock_start = kStart;
  return options;
}

TEST(Wasi, ArgsSizesAndLayout) {
  ProgramOptions options;
  options.args = {"prog", "a b", ""};
  Guest sizes("args_sizes_get", "ii", options);
  EXPECT_EQ(sizes({0, 4}), kSuccess);
  EXPECT_EQ(sizes.u32(0), 3u);
  EXPECT_EQ(sizes.u32(4), 10u);  // "prog\0" "a b\0" "\0"
  Guest get("args_get", "ii", options);
  EXPECT_EQ(get({100, 200}), kSuccess);
  EXPECT_EQ(get.u32(100), 200u);
  EXPECT_EQ(get.u32(104), 205u);
  EXPECT_EQ(get.u32(108), 209u);
  EXPECT_EQ(get.text(200, 10), std::string("prog\0a b\0\0", 10));
}

TEST(Wasi, EnvironLayoutInTheOrderGiven) {
  ProgramOptions options;
  options.env = {{"B", "x=y"}, {"A", ""}};
  Guest sizes("environ_sizes_get", "ii", options);
  EXPECT_EQ(sizes({0, 4}), kSuccess);
  EXPECT_EQ(sizes.u32(0), 2u);
  EXPECT_EQ(sizes.u32(4), 9u);
  Guest get("environ_get", "ii", options);
  EXPECT_EQ(get({16, 64}), kSuccess);
  EXPECT_EQ(get.u32(16), 64u);
  EXPECT_EQ(get.u32(20), 70u);
  EXPECT_EQ(get.text(64, 9), std::string("B=x=y\0A=\0", 9));
}

TEST(Wasi, EveryPointerOutOfMemoryIsEfault) {
  ProgramOptions options = virtual_clock();
  options.args = {"prog", "arg"};
  EXPECT_EQ(Guest("args_sizes_get", "ii", options)({kPageEnd - 2, 0}), kFault);
  EXPECT_EQ(Guest("args_sizes_get", "ii", options)({0, 0xFFFFFFFF}), kFault);
  {
    // Neither the pointers nor the strings are written when the strings do not fit.
    Guest get("args_get", "ii", options);
    EXPECT_EQ(get({0, kPageEnd - 5}), kFault);
    EXPECT_EQ(get.u32(0), 0u);
  }
  EXPECT_EQ(Guest("environ_sizes_get", "ii", options)({kPageEnd, 0}), kFault);
  EXPECT_EQ(Guest("clock_time_get", "iIi", options)({0, 0, kPageEnd - 7}), kFault);
  EXPECT_EQ(Guest("clock_res_get", "ii", options)({1, 0xFFFFFFF8}), kFault);
  EXPECT_EQ(Guest("random_get", "ii", options)({kPageEnd - 10, 11}), kFault);
  EXPECT_EQ(Guest("random_get", "ii", options)({0xFFFFFFFF, 2}), kFault);
  EXPECT_EQ(Guest("fd_fdstat_get", "ii", options)({1, kPageEnd - 23}), kFault);
  EXPECT_EQ(Guest("fd_prestat_get", "ii", options)({3, kPageEnd - 4}), kFault);
  EXPECT_EQ(Guest("fd_seek", "iIii", options)({1, 0, 0, kPageEnd}), kFault);
  {
    // An iovec whose buffer runs off the end: nothing is written.
    int writes = 0;
    ProgramOptions o = options;
    o.write = [&](int, std::span<const uint8_t>) { ++writes; };
    Guest write("fd_write", "iiii", o);
    write.put32(0, kPageEnd - 3);
    write.put32(4, 4);
    EXPECT_EQ(write({1, 0, 1, 8}), kFault);
    EXPECT_EQ(write({1, kPageEnd - 4, 1, 8}), kFault);  // the iovec array itself
    EXPECT_EQ(write({1, 0, 0x20000000, 8}), kFault);    // 2^29 iovecs: 4 GiB of them
    EXPECT_EQ(writes, 0);
  }
  {
    Guest poll("poll_oneoff", "iiii", options);
    EXPECT_EQ(poll({0, kPageEnd - 31, 1, 100}), kFault);  // the events
    EXPECT_EQ(poll({kPageEnd - 47, 0, 1, 100}), kFault);  // the subscriptions
    EXPECT_EQ(poll({0, 100, 1, kPageEnd - 3}), kFault);   // nevents
  }
}

TEST(Wasi, Clocks) {
  Guest time("clock_time_get", "iIi", virtual_clock());
  EXPECT_EQ(time({0, 0, 8}), kSuccess);  // realtime
  EXPECT_EQ(time.u64(8), kStartNs);
  EXPECT_EQ(time({1, 1000, 16}), kSuccess);  // monotonic: wall time at the start + elapsed
  EXPECT_EQ(time.u64(16), kStartNs);
  EXPECT_EQ(time({2, 0, 24}), kSuccess);  // process CPU time: virtual, 0 so far
  EXPECT_EQ(time.u64(24), 0u);
  EXPECT_EQ(time({3, 0, 24}), kSuccess);  // thread CPU time
  EXPECT_EQ(time({4, 0, 32}), kInval);
  Guest res("clock_res_get", "ii");
  for (uint64_t id = 0; id < 4; ++id) {
    EXPECT_EQ(res({id, 8}), kSuccess);
    EXPECT_EQ(res.u64(8), 1u);
  }
  EXPECT_EQ(res({4, 8}), kInval);
  // The host's clocks: realtime near the host's now, CPU time moving.
  Guest real("clock_time_get", "iIi");
  EXPECT_EQ(real({0, 0, 8}), kSuccess);
  const uint64_t host_now = uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                         std::chrono::system_clock::now().time_since_epoch())
                                         .count());
  EXPECT_LT(host_now - real.u64(8), uint64_t(5e9));
  EXPECT_EQ(real({2, 0, 16}), kSuccess);
  EXPECT_GT(real.u64(16), 0u);
}

TEST(Wasi, RandomGetSeededRepeats) {
  ProgramOptions options;
  options.random_seed = 7;
  Guest a("random_get", "ii", options), b("random_get", "ii", options);
  EXPECT_EQ(a({100, 64}), kSuccess);
  EXPECT_EQ(b({100, 64}), kSuccess);
  EXPECT_EQ(a.text(100, 64), b.text(100, 64));
  EXPECT_NE(a.text(100, 64), std::string(64, '\0'));
  EXPECT_EQ(a.text(164, 8), std::string(8, '\0'));  // nothing past the buffer
}

TEST(Wasi, FdWriteGathersIntoOneWrite) {
  std::vector<std::pair<int, std::string>> writes;
  ProgramOptions options;
  options.write = [&](int fd, std::span<const uint8_t> bytes) {
    writes.emplace_back(fd, std::string(bytes.begin(), bytes.end()));
  };
  Guest write("fd_write", "iiii", options);
  write.put_text(100, "hel");
  write.put_text(200, "lo\n");
  write.put32(0, 100);
  write.put32(4, 3);
  write.put32(8, 200);
  write.put32(12, 3);
  EXPECT_EQ(write({1, 0, 2, 32}), kSuccess);
  EXPECT_EQ(write.u32(32), 6u);
  EXPECT_EQ(write({2, 0, 1, 32}), kSuccess);
  EXPECT_EQ(write.u32(32), 3u);
  ASSERT_EQ(writes.size(), 2u);
  EXPECT_EQ(writes[0], std::make_pair(1, std::string("hello\n")));
  EXPECT_EQ(writes[1], std::make_pair(2, std::string("hel")));
  EXPECT_EQ(write({0, 0, 1, 32}), kBadf);  // stdin is not for writing
  EXPECT_EQ(write({3, 0, 1, 32}), kBadf);
  EXPECT_EQ(write({0xFFFFFFFF, 0, 1, 32}), kBadf);
  // The host's write fails: the guest sees its errno.
  ProgramOptions failing;
  failing.write = [](int, std::span<const uint8_t>) {
    throw std::system_error(EPIPE, std::generic_category());
  };
  Guest broken("fd_write", "iiii", failing);
  broken.put32(0, 100);
  broken.put32(4, 3);
  EXPECT_EQ(broken({1, 0, 1, 32}), 64);  // EPIPE
}

TEST(Wasi, HostErrnosByName) {
  EXPECT_EQ(wasi::from_host_errno(E2BIG), 1);
  EXPECT_EQ(wasi::from_host_errno(ENOENT), 44);
  EXPECT_EQ(wasi::from_host_errno(ENOSPC), 51);
  EXPECT_EQ(wasi::from_host_errno(EPIPE), 64);
  EXPECT_EQ(wasi::from_host_errno(EXDEV), 75);
  EXPECT_EQ(wasi::from_host_errno(EWOULDBLOCK), 6);
  EXPECT_EQ(wasi::from_host_errno(ENOTBLK), 29);  // no WASI name: EIO
}

TEST(Wasi, AHostCallbackThatThrowsStopsTheProgram) {
  ProgramOptions options;
  options.write = [](int, std::span<const uint8_t>) -> void {
    throw std::runtime_error("the host's own failure");
  };
  Guest write("fd_write", "iiii", options);
  write.put32(0, 100);
  write.put32(4, 3);
  const CallResult r = write.call({1, 0, 1, 32});
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(r.trap->kind, TrapKind::Host);
  EXPECT_EQ(r.trap->message, "wasi_snapshot_preview1.fd_write: the host's own failure");
}

TEST(Wasi, FdReadFromStdin) {
  ProgramOptions options;
  std::string input = "abc";
  options.read = [&](std::span<uint8_t> buffer) {
    const size_t n = std::min(buffer.size(), input.size());
    std::memcpy(buffer.data(), input.data(), n);
    input.erase(0, n);
    return n;
  };
  Guest read("fd_read", "iiii", options);
  read.put32(0, 100);
  read.put32(4, 0);  // an empty buffer first: skipped
  read.put32(8, 200);
  read.put32(12, 16);
  EXPECT_EQ(read({0, 0, 2, 32}), kSuccess);
  EXPECT_EQ(read.u32(32), 3u);
  EXPECT_EQ(read.text(200, 3), "abc");
  EXPECT_EQ(read({0, 0, 2, 32}), kSuccess);  // the end
  EXPECT_EQ(read.u32(32), 0u);
  EXPECT_EQ(read({1, 0, 2, 32}), kBadf);
  read.put32(12, kPageEnd);
  EXPECT_EQ(read({0, 0, 2, 32}), kFault);
}

TEST(Wasi, FdstatOfTheStandardDescriptors) {
  Guest stat("fd_fdstat_get", "ii");
  EXPECT_EQ(stat({0, 8}), kSuccess);
  EXPECT_EQ(stat.memory()[8], 2);  // character device
  EXPECT_EQ(stat.u16(10), 0);
  EXPECT_EQ(stat.u64(16) & (1u << 1), 1u << 1);  // fd_read
  EXPECT_EQ(stat.u64(16) & (1u << 6), 0u);       // not fd_write
  EXPECT_EQ(stat.u64(24), 0u);
  EXPECT_EQ(stat({1, 8}), kSuccess);
  EXPECT_EQ(stat.u64(16) & (1u << 6), 1u << 6);  // fd_write
  EXPECT_EQ(stat({3, 8}), kBadf);
}

TEST(Wasi, FdstatSetFlagsIsRecorded) {
  // Two functions of one host: one module importing both.
  Imports imports;
  std::make_shared<WasiHost>(ProgramOptions{})->add_imports(imports);
  const Bytes body_get = {0x20, 0x00, 0x20, 0x01, 0x10, 0x00, 0x0B};
  const Bytes body_set = {0x20, 0x00, 0x20, 0x01, 0x10, 0x01, 0x0B};
  const auto m = Module::compile(module({
      section(1, vec({func_type({I32, I32}, {I32})})),
      section(2, vec({import("wasi_snapshot_preview1", "fd_fdstat_get", Bytes{0x00, 0x00}),
                      import("wasi_snapshot_preview1", "fd_fdstat_set_flags", Bytes{0x00, 0x00})})),
      section(3, vec({leb_u(0), leb_u(0)})),
      section(5, vec({Bytes{0x00, 0x01}})),
      section(7, vec({export_func("get", 2), export_func("set", 3)})),
      section(10, vec({code_entry({}, body_get), code_entry({}, body_set)})),
  }));
  const auto instance = Instance::instantiate(m, imports);
  const auto call = [&](const char* f, int32_t a, int32_t b) {
    const Value args[] = {Value::i32(a), Value::i32(b)};
    return instance->call(f, args).results.at(0).as_i32();
  };
  EXPECT_EQ(call("set", 1, 4), kSuccess);  // nonblock
  EXPECT_EQ(call("get", 1, 0), kSuccess);
  EXPECT_EQ(instance->memory()[2], std::byte{4});
  EXPECT_EQ(call("set", 1, 0x20), kInval);  // not an fdflag
  EXPECT_EQ(call("set", 5, 0), kBadf);
}

TEST(Wasi, NoPreopensAndNoSeeking) {
  Guest prestat("fd_prestat_get", "ii");
  EXPECT_EQ(prestat({3, 8}), kBadf);
  EXPECT_EQ(prestat({0, 8}), kBadf);
  EXPECT_EQ(Guest("fd_prestat_dir_name", "iii")({3, 8, 16}), kBadf);
  Guest seek("fd_seek", "iIii");
  EXPECT_EQ(seek({1, 0, 0, 8}), kSpipe);
  EXPECT_EQ(seek({0, 5, 1, 8}), kSpipe);
  EXPECT_EQ(seek({1, 0, 3, 8}), kInval);  // no such whence
  EXPECT_EQ(seek({9, 0, 0, 8}), kBadf);
}

TEST(Wasi, FdCloseClosesForTheGuestOnly) {
  Guest close("fd_close", "i");
  EXPECT_EQ(close({2}), kSuccess);
  EXPECT_EQ(close({2}), kBadf);
  EXPECT_EQ(close({3}), kBadf);
}

// poll_oneoff's subscription at `at`: a clock, relative or absolute.
void clock_subscription(Guest& g, uint32_t at, uint64_t userdata, uint32_t id, uint64_t timeout,
                        bool absolute) {
  std::memset(g.memory() + at, 0, 48);
  g.put64(at, userdata);
  g.memory()[at + 8] = 0;  // eventtype clock
  g.put32(at + 16, id);
  g.put64(at + 24, timeout);
  g.put64(at + 32, 1000);
  g.memory()[at + 40] = absolute ? 1 : 0;
}

TEST(Wasi, PollOneoffSleepsOnTheVirtualClock) {
  Guest poll("poll_oneoff", "iiii", virtual_clock());
  constexpr uint64_t hour = 3600ull * 1000000000ull;
  clock_subscription(poll, 0, 0xABCDEF0123456789ull, 1, hour, false);
  clock_subscription(poll, 48, 42, 0, kStartNs + 3 * hour, true);
  EXPECT_EQ(poll({0, 1000, 2, 2000}), kSuccess);
  // The first timeout only: an hour later, not three.
  EXPECT_EQ(poll.u32(2000), 1u);
  EXPECT_EQ(poll.u64(1000), 0xABCDEF0123456789ull);
  EXPECT_EQ(poll.u16(1008), kSuccess);
  EXPECT_EQ(poll.memory()[1010], 0);  // eventtype clock
  EXPECT_EQ(poll.host().clock().wall(), kStart + std::chrono::hours(1));
  // Again: now the absolute one, two hours on.
  EXPECT_EQ(poll({48, 1000, 1, 2000}), kSuccess);
  EXPECT_EQ(poll.u32(2000), 1u);
  EXPECT_EQ(poll.u64(1000), 42u);
  EXPECT_EQ(poll.host().clock().wall(), kStart + std::chrono::hours(3));
  // A deadline already past is due at once.
  clock_subscription(poll, 0, 1, 0, kStartNs, true);
  EXPECT_EQ(poll({0, 1000, 1, 2000}), kSuccess);
  EXPECT_EQ(poll.u32(2000), 1u);
  EXPECT_EQ(poll.host().clock().wall(), kStart + std::chrono::hours(3));
}

TEST(Wasi, PollOneoffStandardDescriptorsAreReady) {
  Guest poll("poll_oneoff", "iiii", virtual_clock());
  clock_subscription(poll, 0, 1, 1, 3600ull * 1000000000ull, false);
  std::memset(poll.memory() + 48, 0, 96);
  poll.put64(48, 2);
  poll.memory()[56] = 2;  // fd_write
  poll.put32(64, 1);
  poll.put64(96, 3);
  poll.memory()[104] = 1;  // fd_read
  poll.put32(112, 7);      // not open
  EXPECT_EQ(poll({0, 1000, 3, 2000}), kSuccess);
  ASSERT_EQ(poll.u32(2000), 2u);  // no wait, so the clock is not due
  EXPECT_EQ(poll.u64(1000), 2u);
  EXPECT_EQ(poll.memory()[1010], 2);
  EXPECT_EQ(poll.u16(1008), kSuccess);
  EXPECT_EQ(poll.u64(1032), 3u);
  EXPECT_EQ(poll.u16(1040), kBadf);
  EXPECT_EQ(poll.host().clock().wall(), kStart);
  EXPECT_EQ(poll({0, 1000, 0, 2000}), kInval);  // no subscriptions
  poll.memory()[8] = 9;                         // no such eventtype
  EXPECT_EQ(poll({0, 1000, 1, 2000}), kInval);
  clock_subscription(poll, 0, 1, 9, 0, false);  // no such clock: an event with EINVAL
  EXPECT_EQ(poll({0, 1000, 1, 2000}), kSuccess);
  EXPECT_EQ(poll.u16(1008), kInval);
}

TEST(Wasi, PollOneoffSleepStopsOnInterrupt) {
  ProgramOptions options;
  options.instance.interrupt = std::make_shared<InterruptHandle>();
  Guest poll("poll_oneoff", "iiii", options);
  clock_subscription(poll, 0, 1, 1, 60ull * 1000000000ull, false);  // a minute
  const auto started = std::chrono::steady_clock::now();
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    options.instance.interrupt->interrupt();
  });
  const CallResult r = poll.call({0, 1000, 1, 2000});
  stopper.join();
  ASSERT_TRUE(r.trap);
  EXPECT_EQ(r.trap->kind, TrapKind::Interrupted);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
}

TEST(Wasi, PollOneoffSleepsOnTheRealClock) {
  Guest poll("poll_oneoff", "iiii");
  clock_subscription(poll, 0, 1, 1, 30ull * 1000000, false);  // 30 ms
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(poll({0, 1000, 1, 2000}), kSuccess);
  EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(30));
}

TEST(Wasi, UnimplementedFunctionsAreEnosys) {
  EXPECT_EQ(Guest("path_open", "iiiiiIIii")({3, 0, 0, 1, 0, 0, 0, 0, 8}), kNosys);
  EXPECT_EQ(Guest("fd_filestat_get", "ii")({1, 8}), kNosys);
  EXPECT_EQ(Guest("sock_recv", "iiiiii")({3, 0, 0, 0, 0, 0}), kNosys);
  EXPECT_EQ(Guest("proc_raise", "i")({9}), kNosys);
  EXPECT_EQ(Guest("sched_yield", "")({}), kSuccess);
  const auto names = wasi::unimplemented_functions();
  EXPECT_NE(std::find(names.begin(), names.end(), "path_open"), names.end());
  EXPECT_EQ(std::find(names.begin(), names.end(), "fd_write"), names.end());
  // With the implemented ones: all 46 functions of preview 1.
  EXPECT_EQ(names.size() + 19, 46u);
}

// Wild arguments, as a hostile module passes them: every implemented
// function returns an errno (or, for proc_exit, exits), never crashes.
TEST(Wasi, WildArgumentsAreErrnosNeverCrashes) {
  ProgramOptions options = virtual_clock();
  options.args = {"prog", "arg"};
  options.env = {{"K", "V"}};
  options.write = [](int, std::span<const uint8_t>) {};
  options.read = [](std::span<uint8_t> buffer) { return buffer.size() / 2; };
  const std::pair<const char*, const char*> functions[] = {
      {"args_get", "ii"},       {"args_sizes_get", "ii"},
      {"environ_get", "ii"},    {"environ_sizes_get", "ii"},
      {"clock_res_get", "ii"},  {"clock_time_get", "iIi"},
      {"random_get", "ii"},     {"fd_write", "iiii"},
      {"fd_read", "iiii"},      {"fd_close", "i"},
      {"fd_fdstat_get", "ii"},  {"fd_fdstat_set_flags", "ii"},
      {"fd_prestat_get", "ii"}, {"fd_prestat_dir_name", "iii"},
      {"fd_seek", "iIii"},      {"poll_oneoff", "iiii"},
      {"sched_yield", ""},      {"proc_raise", "i"},
  };
  std::mt19937_64 random(13);
  const uint64_t edges[] = {0,     1,          2,          3,          7,
                            8,     48,         4096,       65535,      65536,
                            65528, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0xFFFFFFF8};
  const auto wild = [&]() -> uint64_t {
    switch (random() % 3) {
      case 0: return edges[random() % std::size(edges)];
      case 1: return random() % 70000;
      default: return random();
    }
  };
  for (const auto& [name, params] : functions) {
    Guest g(name, params, options);
    for (int round = 0; round < 2000; ++round) {
      // Memory full of wild words too: iovecs, subscriptions.
      if (round % 100 == 0) {
        for (uint32_t at = 0; at < kPageEnd; at += 8)
          g.put64(at, random() % 4 ? random() % 70000 : random());
      }
      std::vector<Value> args;
      for (const char p : std::string_view(params)) {
        args.push_back(p == 'I' ? Value::i64(int64_t(wild())) : Value::i32(int32_t(wild())));
      }
      const CallResult r = g.call_values(args);
      ASSERT_TRUE(r.ok()) << name << ": " << r.trap->to_string();
      const int32_t e = r.results[0].as_i32();
      ASSERT_TRUE(e >= 0 && e <= 76) << name << " returned " << e;
    }
  }
}

// A command: `_start` writes "hi\n" to stdout through fd_write, then ends
// with `ending` (proc_exit(7), unreachable, or returning).
std::shared_ptr<const Module> command(const Bytes& ending) {
  const Bytes body = cat({
      // iovec at 16: {32, 3}; fd_write(1, 16, 1, 24)
      Bytes{0x41, 0x01, 0x41, 0x10, 0x41, 0x01, 0x41, 0x18, 0x10, 0x00, 0x1A},
      ending,
      Bytes{0x0B},
  });
  const Bytes data = cat({Bytes{0x00, 0x41, 0x10, 0x0B}, leb_u(19),
                          Bytes{32, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 'h', 'i', '\n'}});
  return Module::compile(module({
      section(1, vec({func_type({I32, I32, I32, I32}, {I32}), func_type({I32}, {}),
                      func_type({}, {})})),
      section(2, vec({import("wasi_snapshot_preview1", "fd_write", Bytes{0x00, 0x00}),
                      import("wasi_snapshot_preview1", "proc_exit", Bytes{0x00, 0x01})})),
      section(3, vec({leb_u(2)})),
      section(5, vec({Bytes{0x00, 0x01}})),
      section(7, vec({export_func("_start", 2), export_entry("memory", 0x02, 0)})),
      section(10, vec({code_entry({}, body)})),
      section(11, vec({data})),
  }));
}

TEST(Wasi, RunWasiProgram) {
  std::string out;
  ProgramOptions options;
  options.write = [&](int fd, std::span<const uint8_t> bytes) {
    if (fd == 1) out.append(bytes.begin(), bytes.end());
  };
  const ProgramResult exited =
      run_wasi_program(command({0x41, 0x07, 0x10, 0x01}), options);  // proc_exit(7)
  EXPECT_EQ(exited.outcome, ProgramResult::Outcome::Exited);
  EXPECT_EQ(exited.exit_code, 7);
  EXPECT_EQ(out, "hi\n");
  const ProgramResult returned = run_wasi_program(command({}), options);
  EXPECT_EQ(returned.outcome, ProgramResult::Outcome::Exited);
  EXPECT_EQ(returned.exit_code, 0);
  const ProgramResult trapped = run_wasi_program(command({0x00}), options);  // unreachable
  EXPECT_EQ(trapped.outcome, ProgramResult::Outcome::Trapped);
  ASSERT_TRUE(trapped.trap);
  EXPECT_EQ(trapped.trap->kind, TrapKind::Unreachable);
  EXPECT_EQ(out, "hi\nhi\nhi\n");
}

TEST(Wasi, WhatIsACommand) {
  EXPECT_TRUE(is_wasi_command(*command({})));
  EXPECT_TRUE(imports_wasi(*forwarder("fd_write", "iiii")));
  EXPECT_FALSE(is_wasi_command(*forwarder("fd_write", "iiii")));  // no _start
  const auto plain = Module::compile(module({
      section(1, vec({func_type({}, {})})),
      section(3, vec({leb_u(0)})),
      section(7, vec({export_func("_start", 0)})),
      section(10, vec({code_entry({}, Bytes{0x0B})})),
  }));
  EXPECT_FALSE(imports_wasi(*plain));
  EXPECT_FALSE(is_wasi_command(*plain));
  EXPECT_THROW(run_wasi_program(plain, {}), LinkError);
  ProgramOptions with_mounts;
  with_mounts.mounts = {ProgramMount{"/tmp", "/tmp", true}};
  EXPECT_THROW(run_wasi_program(command({}), with_mounts), std::invalid_argument);
  // A WASI function imported with another type does not link.
  const auto wrong_type = Module::compile(module({
      section(1, vec({func_type({I32}, {I32}), func_type({}, {})})),
      section(2, vec({import("wasi_snapshot_preview1", "fd_write", Bytes{0x00, 0x00})})),
      section(3, vec({leb_u(1)})),
      section(7, vec({export_func("_start", 1)})),
      section(10, vec({code_entry({}, Bytes{0x0B})})),
  }));
  EXPECT_THROW(run_wasi_program(wrong_type, {}), LinkError);
}

}  // namespace
}  // namespace gowasm
