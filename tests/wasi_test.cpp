// WASI preview 1 (wasi/): each function of wasi_snapshot_preview1 called
// from a tiny module, its errno, what it writes where, and EFAULT for every
// pointer out of memory; and run_wasi_program on tiny commands.
#include "gowasm/wasi.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <tuple>
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

// Little-endian reads and writes of a test instance's memory, and the
// arguments of a call typed by its parameter letters ('I' i64, else i32).
class MemoryView {
 public:
  uint8_t* memory() { return reinterpret_cast<uint8_t*>(instance_->memory().data()); }
  uint64_t u64(uint32_t at) { return read(at, 8); }
  uint32_t u32(uint32_t at) { return uint32_t(read(at, 4)); }
  uint16_t u16(uint32_t at) { return uint16_t(read(at, 2)); }
  void put32(uint32_t at, uint32_t v) { write(at, v, 4); }
  void put64(uint32_t at, uint64_t v) { write(at, v, 8); }
  std::string text(uint32_t at, size_t size) {
    return std::string(reinterpret_cast<const char*>(memory() + at), size);
  }
  static std::vector<Value> arguments(std::string_view params,
                                      std::initializer_list<uint64_t> args) {
    std::vector<Value> values;
    size_t i = 0;
    for (const uint64_t a : args) {
      values.push_back(params[i++] == 'I' ? Value::i64(int64_t(a)) : Value::i32(int32_t(a)));
    }
    return values;
  }

 protected:
  std::shared_ptr<Instance> instance_;

 private:
  uint64_t read(uint32_t at, int bytes) {
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = v << 8 | memory()[at + i];
    return v;
  }
  void write(uint32_t at, uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i) memory()[at + i] = uint8_t(v >> (8 * i));
  }
};

// One WASI function, called through forwarder() by a fresh host.
class Guest : public MemoryView {
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
    return instance_->call("f", arguments(params_, args));
  }
  CallResult call_values(std::span<const Value> args) { return instance_->call("f", args); }
  // The errno it returns.
  int operator()(std::initializer_list<uint64_t> args) {
    const CallResult r = call(args);
    EXPECT_TRUE(r.ok()) << (r.trap ? r.trap->to_string() : "");
    return r.ok() ? r.results[0].as_i32() : -1;
  }
  void put_text(uint32_t at, std::string_view text) {
    std::memcpy(memory() + at, text.data(), text.size());
  }
  const WasiHost& host() const { return *host_; }

 private:
  std::string params_;
  std::shared_ptr<WasiHost> host_;
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

// This process's own stdin (no ProgramOptions::read): poll_oneoff waits
// until it has something to read, or until the timeout, as for a pipe.
TEST(Wasi, PollOneoffWaitsForThisProcesssStdin) {
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  const int saved_stdin = ::dup(0);
  ASSERT_EQ(::dup2(pipe_fds[0], 0), 0);
  {
    Guest poll("poll_oneoff", "iiii");
    clock_subscription(poll, 0, 1, 1, 100ull * 1000000, false);  // 100 ms
    std::memset(poll.memory() + 48, 0, 48);
    poll.put64(48, 2);
    poll.memory()[56] = 1;  // fd_read
    poll.put32(64, 0);      // stdin
    const auto started = std::chrono::steady_clock::now();
    EXPECT_EQ(poll({0, 1000, 2, 2000}), kSuccess);
    EXPECT_GE(std::chrono::steady_clock::now() - started, std::chrono::milliseconds(100));
    ASSERT_EQ(poll.u32(2000), 1u);  // nothing to read: only the timeout
    EXPECT_EQ(poll.u64(1000), 1u);
    ASSERT_EQ(::write(pipe_fds[1], "abc", 3), 3);
    EXPECT_EQ(poll({0, 1000, 2, 2000}), kSuccess);
    ASSERT_EQ(poll.u32(2000), 1u);
    EXPECT_EQ(poll.u64(1000), 2u);  // stdin
    EXPECT_EQ(poll.u64(1016), 3u);  // nbytes
    ::close(pipe_fds[1]);
  }
  ::dup2(saved_stdin, 0);
  ::close(saved_stdin);
  ::close(pipe_fds[0]);
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

TEST(Wasi, WithoutMountsOrSocketsNothingIsThere) {
  // No directory descriptor to open a path from, no socket.
  EXPECT_EQ(Guest("path_open", "iiiiiIIii")({3, 0, 0, 1, 0, 0, 0, 0, 8}), kBadf);
  EXPECT_EQ(Guest("path_open", "iiiiiIIii")({1, 0, 0, 1, 0, 0, 0, 0, 8}), 54);  // ENOTDIR
  EXPECT_EQ(Guest("sock_recv", "iiiiii")({3, 0, 0, 0, 0, 0}), kBadf);
  EXPECT_EQ(Guest("sock_shutdown", "ii")({1, 3}), 57);  // ENOTSOCK
  // Signals are not supported (nor in other runtimes, and later WASI has none).
  EXPECT_EQ(Guest("proc_raise", "i")({9}), kNosys);
  EXPECT_EQ(Guest("sched_yield", "")({}), kSuccess);
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
  // The file functions, on a mount of a fresh directory (fd 3) that holds
  // a file, a directory and a link; they may create, rename and remove
  // whatever they name there.
  char pattern[] = "/tmp/gowasm-wasi-wild-XXXXXX";
  ASSERT_TRUE(mkdtemp(pattern));
  const std::string dir = pattern;
  ASSERT_EQ(::mkdir((dir + "/d").c_str(), 0755), 0);
  ASSERT_EQ(::symlink("d", (dir + "/l").c_str()), 0);
  std::fclose(std::fopen((dir + "/f").c_str(), "w"));
  // And a socket (fd 4) whose peer is gone, so that no call waits.
  int pair[2];
  ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair), 0);
  ::close(pair[1]);
  ProgramOptions with_files = options;
  with_files.mounts = {{dir, "/m", false}};
  with_files.sockets = {pair[0]};
  const std::pair<const char*, const char*> file_functions[] = {
      {"path_open", "iiiiiIIii"},
      {"path_create_directory", "iii"},
      {"path_remove_directory", "iii"},
      {"path_unlink_file", "iii"},
      {"path_rename", "iiiiii"},
      {"path_symlink", "iiiii"},
      {"path_readlink", "iiiiii"},
      {"path_link", "iiiiiii"},
      {"path_filestat_get", "iiiii"},
      {"path_filestat_set_times", "iiiiIIi"},
      {"fd_readdir", "iiiIi"},
      {"fd_filestat_get", "ii"},
      {"fd_filestat_set_times", "iIIi"},
      {"fd_fdstat_set_rights", "iII"},
      {"fd_tell", "ii"},
      {"fd_renumber", "ii"},
      {"fd_advise", "iIIi"},
      {"fd_sync", "i"},
      {"fd_datasync", "i"},
      {"fd_pread", "iiiIi"},
      {"sock_accept", "iii"},
      {"sock_recv", "iiiiii"},
      {"sock_send", "iiiii"},
      {"sock_shutdown", "ii"},
      {"poll_oneoff", "iiii"},
  };
  std::vector<std::tuple<const char*, const char*, const ProgramOptions*>> all;
  for (const auto& [name, params] : functions) all.emplace_back(name, params, &options);
  for (const auto& [name, params] : file_functions) all.emplace_back(name, params, &with_files);
  for (const auto& [name, params, given] : all) {
    Guest g(name, params, *given);
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
  std::system(("rm -rf '" + dir + "'").c_str());
  ::close(pair[0]);
}

// --- files: preopens over host::GuestFileSystem ---

// A module that imports every function of `functions` (name, params; each
// returns an errno) and exports each as itself, with a 1-page "memory".
std::shared_ptr<const Module> forwarders(
    const std::vector<std::pair<std::string, std::string>>& functions) {
  const auto list = [](const std::vector<Bytes>& items) {
    Bytes out = leb_u(items.size());
    for (const Bytes& item : items) out.insert(out.end(), item.begin(), item.end());
    return out;
  };
  std::vector<Bytes> types, imports, funcs, exports, codes;
  const uint32_t n = uint32_t(functions.size());
  for (uint32_t i = 0; i < n; ++i) {
    const auto& [name, params] = functions[i];
    types.push_back(func_type(value_types(params), {I32}));
    imports.push_back(import("wasi_snapshot_preview1", name, cat({Bytes{0x00}, leb_u(i)})));
    funcs.push_back(leb_u(i));
    exports.push_back(export_func(name, n + i));
    Bytes body;
    for (size_t p = 0; p < params.size(); ++p) body = cat({body, Bytes{0x20}, leb_u(p)});
    codes.push_back(code_entry({}, cat({body, Bytes{0x10}, leb_u(i), Bytes{0x0B}})));
  }
  exports.push_back(export_entry("memory", 0x02, 0));
  return Module::compile(module({
      section(1, list(types)),
      section(2, list(imports)),
      section(3, list(funcs)),
      section(5, vec({Bytes{0x00, 0x01}})),
      section(7, list(exports)),
      section(10, list(codes)),
  }));
}

constexpr int kExist = 20, kIsdir = 31, kLoop = 32, kNametoolong = 37, kNoent = 44, kNotdir = 54,
              kNotempty = 55, kRofs = 69, kNotcapable = 76;
// witx rights, oflags, lookupflags, fdflags, fstflags. kOtherRights: every
// right of preview 1 but fd_read and fd_write, which the tests choose.
constexpr uint64_t kRead = 1 << 1, kWrite = 1 << 6;
constexpr uint64_t kOtherRights = ((1ull << 30) - 1) & ~(kRead | kWrite);
constexpr uint32_t kCreat = 1, kDirectory = 2, kExcl = 4, kTrunc = 8, kFollow = 1, kAppend = 1;

// A fresh host directory (removed at the end) and a WASI host with every
// file function, given mounts of it.
class Files : public MemoryView {
 public:
  Files() {
    std::string pattern = "/tmp/gowasm-wasi-test-XXXXXX";
    if (!mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp");
    dir_ = pattern;
  }
  ~Files() { std::system(("rm -rf '" + dir_ + "'").c_str()); }
  const std::string& dir() const { return dir_; }
  void write_host(const std::string& name, const std::string& text) {
    FILE* f = std::fopen((dir_ + "/" + name).c_str(), "wb");
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
  }
  std::string read_host(const std::string& name) {
    std::string text;
    if (FILE* f = std::fopen((dir_ + "/" + name).c_str(), "rb")) {
      char buffer[4096];
      size_t n;
      while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) text.append(buffer, n);
      std::fclose(f);
    }
    return text;
  }
  void start(std::vector<ProgramMount> mounts, std::vector<int> sockets = {}) {
    ProgramOptions options;
    options.mounts = std::move(mounts);
    options.sockets = std::move(sockets);
    options.write = [](int, std::span<const uint8_t>) {};
    host_ = std::make_shared<WasiHost>(options);
    Imports imports;
    host_->add_imports(imports);
    std::vector<std::pair<std::string, std::string>> functions;
    for (const auto& [name, params] : kFunctions) functions.emplace_back(name, params);
    instance_ = Instance::instantiate(forwarders(functions), imports, {});
  }
  int call(const std::string& name, std::initializer_list<uint64_t> args) {
    std::string_view params;
    for (const auto& [n, p] : kFunctions) {
      if (n == name) params = p;
    }
    const CallResult r = instance_->call(name, arguments(params, args));
    EXPECT_TRUE(r.ok()) << name << ": " << (r.trap ? r.trap->to_string() : "");
    return r.ok() ? r.results[0].as_i32() : -1;
  }
  // `text` at `at`, and its (address, length) for a call.
  std::pair<uint32_t, uint32_t> text_at(uint32_t at, std::string_view text) {
    std::memcpy(memory() + at, text.data(), text.size());
    return {at, uint32_t(text.size())};
  }

  // path_open(dir, path) with these flags, for `access` (kRead, kWrite,
  // both or neither) and every other right, as guests ask (Go's wasip1 port
  // does): the errno; the fd at 60000.
  int open(uint32_t dir, std::string_view path, uint32_t oflags, uint64_t access,
           uint32_t fdflags = 0, uint32_t lookup = kFollow) {
    const auto [at, size] = text_at(50000, path);
    return call("path_open", {dir, lookup, at, size, oflags, access | kOtherRights,
                              kRead | kWrite | kOtherRights, fdflags, 60000});
  }
  uint32_t opened() { return u32(60000); }
  // One iovec at 40000 over `text` at 41000; fd_write's errno, count at 40100.
  int write(uint32_t fd, std::string_view text) {
    const auto [at, size] = text_at(41000, text);
    put32(40000, at);
    put32(40004, size);
    return call("fd_write", {fd, 40000, 1, 40100});
  }
  // Reads up to `size` bytes; "" and the errno in `error` on failure.
  std::string read(uint32_t fd, uint32_t size, int* error = nullptr) {
    put32(40000, 42000);
    put32(40004, size);
    const int e = call("fd_read", {fd, 40000, 1, 40100});
    if (error) *error = e;
    return e == kSuccess ? text(42000, u32(40100)) : "";
  }
  int path(const std::string& name, uint32_t fd, std::string_view path) {
    const auto [at, size] = text_at(50000, path);
    return call(name, {fd, at, size});
  }

 private:
  static constexpr std::pair<const char*, const char*> kFunctions[] = {
      {"path_open", "iiiiiIIii"},
      {"fd_read", "iiii"},
      {"fd_write", "iiii"},
      {"fd_close", "i"},
      {"fd_seek", "iIii"},
      {"fd_tell", "ii"},
      {"fd_pread", "iiiIi"},
      {"fd_pwrite", "iiiIi"},
      {"fd_filestat_get", "ii"},
      {"fd_filestat_set_size", "iI"},
      {"fd_filestat_set_times", "iIIi"},
      {"path_filestat_get", "iiiii"},
      {"path_filestat_set_times", "iiiiIIi"},
      {"fd_fdstat_get", "ii"},
      {"fd_fdstat_set_flags", "ii"},
      {"fd_prestat_get", "ii"},
      {"fd_prestat_dir_name", "iii"},
      {"fd_readdir", "iiiIi"},
      {"path_create_directory", "iii"},
      {"path_remove_directory", "iii"},
      {"path_unlink_file", "iii"},
      {"path_rename", "iiiiii"},
      {"path_symlink", "iiiii"},
      {"path_readlink", "iiiiii"},
      {"path_link", "iiiiiii"},
      {"fd_renumber", "ii"},
      {"fd_sync", "i"},
      {"fd_datasync", "i"},
      {"fd_advise", "iIIi"},
      {"fd_allocate", "iII"},
      {"fd_fdstat_set_rights", "iII"},
      {"sock_accept", "iii"},
      {"sock_recv", "iiiiii"},
      {"sock_send", "iiiii"},
      {"sock_shutdown", "ii"},
      {"poll_oneoff", "iiii"},
  };
  std::string dir_;
  std::shared_ptr<WasiHost> host_;
};

TEST(WasiFiles, PreopensInMountOrder) {
  Files a, b;
  a.start({{a.dir(), "/data/", false}, {b.dir(), "/ro", true}});
  EXPECT_EQ(a.call("fd_prestat_get", {3, 8}), kSuccess);
  EXPECT_EQ(a.memory()[8], 0);  // tag: a directory
  EXPECT_EQ(a.u32(12), 5u);     // "/data", normalised
  EXPECT_EQ(a.call("fd_prestat_dir_name", {3, 100, 5}), kSuccess);
  EXPECT_EQ(a.text(100, 5), "/data");
  EXPECT_EQ(a.call("fd_prestat_dir_name", {3, 100, 4}), kNametoolong);
  EXPECT_EQ(a.call("fd_prestat_get", {4, 8}), kSuccess);
  EXPECT_EQ(a.u32(12), 3u);
  EXPECT_EQ(a.call("fd_prestat_dir_name", {4, 100, 3}), kSuccess);
  EXPECT_EQ(a.text(100, 3), "/ro");
  EXPECT_EQ(a.call("fd_prestat_get", {5, 8}), kBadf);
  EXPECT_EQ(a.call("fd_prestat_get", {1, 8}), kBadf);
  EXPECT_EQ(a.call("fd_prestat_get", {3, kPageEnd - 4}), kFault);
  // A preopen is a directory: fdstat and filestat say so.
  EXPECT_EQ(a.call("fd_fdstat_get", {3, 16}), kSuccess);
  EXPECT_EQ(a.memory()[16], 3);
  EXPECT_EQ(a.call("fd_filestat_get", {3, 64}), kSuccess);
  EXPECT_EQ(a.memory()[64 + 16], 3);
  struct stat st;
  ASSERT_EQ(::stat(a.dir().c_str(), &st), 0);
  EXPECT_EQ(a.u64(64 + 8), uint64_t(st.st_ino));
}

TEST(WasiFiles, OpenReadWriteSeekAndFilestatLayout) {
  Files f;
  f.start({{f.dir(), "/w", false}});
  ASSERT_EQ(f.open(3, "a.txt", kCreat, kRead | kWrite), kSuccess);
  const uint32_t fd = f.opened();
  EXPECT_EQ(fd, 4u);  // the lowest free number
  EXPECT_EQ(f.write(fd, "hello"), kSuccess);
  EXPECT_EQ(f.u32(40100), 5u);
  EXPECT_EQ(f.call("fd_tell", {fd, 100}), kSuccess);
  EXPECT_EQ(f.u64(100), 5u);
  EXPECT_EQ(f.call("fd_seek", {fd, uint64_t(-2), 1, 100}), kSuccess);  // cur - 2
  EXPECT_EQ(f.u64(100), 3u);
  EXPECT_EQ(f.read(fd, 10), "lo");
  EXPECT_EQ(f.call("fd_seek", {fd, 0, 0, 100}), kSuccess);
  EXPECT_EQ(f.read(fd, 10), "hello");
  EXPECT_EQ(f.call("fd_seek", {fd, 0, 3, 100}), kInval);
  // Positioned: the position stays.
  f.text_at(41000, "J");
  f.put32(40000, 41000);
  f.put32(40004, 1);
  EXPECT_EQ(f.call("fd_pwrite", {fd, 40000, 1, 0, 40100}), kSuccess);
  f.put32(40000, 42000);
  f.put32(40004, 3);
  EXPECT_EQ(f.call("fd_pread", {fd, 40000, 1, 1, 40100}), kSuccess);
  EXPECT_EQ(f.text(42000, f.u32(40100)), "ell");
  EXPECT_EQ(f.read_host("a.txt"), "Jello");
  EXPECT_EQ(f.call("fd_tell", {fd, 100}), kSuccess);
  EXPECT_EQ(f.u64(100), 5u);
  // filestat: dev @0, ino @8, filetype @16, nlink @24, size @32, times @40..
  struct stat st;
  ASSERT_EQ(::stat((f.dir() + "/a.txt").c_str(), &st), 0);
  EXPECT_EQ(f.call("fd_filestat_get", {fd, 200}), kSuccess);
  EXPECT_EQ(f.u64(200), uint64_t(st.st_dev));
  EXPECT_EQ(f.u64(208), uint64_t(st.st_ino));
  EXPECT_EQ(f.memory()[216], 4);  // regular_file
  EXPECT_EQ(f.u64(224), 1u);
  EXPECT_EQ(f.u64(232), 5u);
  EXPECT_EQ(f.u64(248), uint64_t(st.st_mtim.tv_sec) * 1000000000u + uint64_t(st.st_mtim.tv_nsec));
  const auto [at, size] = f.text_at(50000, "a.txt");
  EXPECT_EQ(f.call("path_filestat_get", {3, 0, at, size, 300}), kSuccess);
  EXPECT_EQ(f.u64(308), uint64_t(st.st_ino));
  EXPECT_EQ(f.call("fd_fdstat_get", {fd, 100}), kSuccess);
  EXPECT_EQ(f.memory()[100], 4);
  EXPECT_EQ(f.u16(102), 0u);
  // The rights asked for that a file can have: no path_open (bit 13).
  EXPECT_EQ(f.u64(108) & (kRead | kWrite | 1 << 13), kRead | kWrite);
  EXPECT_EQ(f.call("fd_filestat_set_size", {fd, 2}), kSuccess);
  EXPECT_EQ(f.read_host("a.txt"), "Je");
  EXPECT_EQ(
      f.call("fd_filestat_set_times", {fd, 1000000000ull * 86400, 1500000000ull * 86400, 1 | 4}),
      kSuccess);
  ASSERT_EQ(::stat((f.dir() + "/a.txt").c_str(), &st), 0);
  EXPECT_EQ(st.st_atim.tv_sec, 86400);
  EXPECT_EQ(st.st_mtim.tv_sec, 86400 + 43200);
  EXPECT_EQ(st.st_mtim.tv_nsec, 0);
  EXPECT_EQ(f.call("fd_filestat_set_times", {fd, 0, 0, 1 | 2}), kInval);  // atim and atim_now
  EXPECT_EQ(f.call("fd_sync", {fd}), kSuccess);
  EXPECT_EQ(f.call("fd_datasync", {fd}), kSuccess);
  EXPECT_EQ(f.call("fd_advise", {fd, 0, 0, 1}), kSuccess);
  EXPECT_EQ(f.call("fd_advise", {fd, 0, 0, 6}), kInval);
  EXPECT_EQ(f.call("fd_allocate", {fd, 0, 100}), kSuccess);
  EXPECT_EQ(f.read_host("a.txt").size(), 100u);
  EXPECT_EQ(f.call("fd_close", {fd}), kSuccess);
  EXPECT_EQ(f.call("fd_close", {fd}), kBadf);
  EXPECT_EQ(f.call("fd_tell", {fd, 100}), kBadf);
  // The standard descriptors: a character device; no position, no sync.
  EXPECT_EQ(f.call("fd_filestat_get", {1, 200}), kSuccess);
  EXPECT_EQ(f.memory()[216], 2);
  EXPECT_EQ(f.call("fd_sync", {1}), kInval);
  EXPECT_EQ(f.call("fd_tell", {1, 100}), kSpipe);
  EXPECT_EQ(f.call("fd_pread", {0, 40000, 1, 0, 40100}), kSpipe);
}

TEST(WasiFiles, OflagsFdflagsAndErrnos) {
  Files f;
  f.write_host("x", "12345");
  f.start({{f.dir(), "/w", false}});
  EXPECT_EQ(f.open(3, "x", kCreat | kExcl, kWrite), kExist);
  EXPECT_EQ(f.open(3, "x", kDirectory, kRead), kNotdir);
  EXPECT_EQ(f.open(3, "missing", 0, kRead), kNoent);
  EXPECT_EQ(f.open(3, "x/", 0, kRead), kNotdir);
  EXPECT_EQ(f.open(3, "", 0, kRead), kNoent);
  EXPECT_EQ(f.open(3, "x", 16, kRead), kInval);     // no such oflag
  EXPECT_EQ(f.open(3, "x", 0, kRead, 32), kInval);  // no such fdflag
  EXPECT_EQ(f.open(1, "x", 0, kRead), kNotdir);     // not a directory descriptor
  EXPECT_EQ(f.open(9, "x", 0, kRead), kBadf);
  EXPECT_EQ(f.open(3, ".", 0, kWrite), kIsdir);
  // Read-only and write-only descriptors.
  ASSERT_EQ(f.open(3, "x", 0, kRead), kSuccess);
  const uint32_t ro = f.opened();
  EXPECT_EQ(f.write(ro, "no"), kBadf);
  ASSERT_EQ(f.open(3, "x", 0, kWrite, kAppend), kSuccess);
  const uint32_t appending = f.opened();
  int error = 0;
  f.read(appending, 4, &error);
  EXPECT_EQ(error, kBadf);
  EXPECT_EQ(f.write(appending, "6"), kSuccess);
  EXPECT_EQ(f.read_host("x"), "123456");
  EXPECT_EQ(f.call("fd_fdstat_get", {appending, 100}), kSuccess);
  EXPECT_EQ(f.u16(102), kAppend);
  EXPECT_EQ(f.call("fd_fdstat_set_flags", {appending, 0}), kSuccess);
  EXPECT_EQ(f.call("fd_fdstat_get", {appending, 100}), kSuccess);
  EXPECT_EQ(f.u16(102), 0u);
  EXPECT_EQ(f.call("fd_seek", {appending, 0, 0, 100}), kSuccess);
  EXPECT_EQ(f.write(appending, "A"), kSuccess);
  EXPECT_EQ(f.read_host("x"), "A23456");
  ASSERT_EQ(f.open(3, "x", kTrunc, kWrite), kSuccess);
  EXPECT_EQ(f.read_host("x"), "");
  // A directory: read it with fd_readdir, not fd_read.
  ASSERT_EQ(f.open(3, ".", kDirectory, 0), kSuccess);
  f.read(f.opened(), 4, &error);
  EXPECT_EQ(error, kIsdir);
  // Without symlink_follow, a final symbolic link is not opened.
  ASSERT_EQ(::symlink("x", (f.dir() + "/link").c_str()), 0);
  EXPECT_EQ(f.open(3, "link", 0, kRead, 0, 0), kLoop);
  EXPECT_EQ(f.open(3, "link", 0, kRead), kSuccess);
}

// Parses fd_readdir's output at `at`, `used` bytes: name, d_next, type.
struct Dirent {
  std::string name;
  uint64_t next;
  uint8_t type;
  uint64_t ino;
};
std::vector<Dirent> dirents(Files& f, uint32_t at, uint32_t used) {
  std::vector<Dirent> out;
  for (uint32_t p = at; p + 24 <= at + used;) {
    const uint32_t length = f.u32(p + 16);
    out.push_back({f.text(p + 24, std::min(length, at + used - p - 24)), f.u64(p),
                   f.memory()[p + 20], f.u64(p + 8)});
    p += 24 + length;
  }
  return out;
}

TEST(WasiFiles, ReaddirCookiesAndLayout) {
  Files f;
  f.start({{f.dir(), "/w", false}});
  EXPECT_EQ(f.path("path_create_directory", 3, "d"), kSuccess);
  EXPECT_EQ(f.path("path_create_directory", 3, "d"), kExist);
  EXPECT_EQ(f.path("path_create_directory", 3, "d/sub"), kSuccess);
  f.write_host("d/b", "b");
  f.write_host("d/a", "a");
  ASSERT_EQ(f.open(3, "d", kDirectory, 0), kSuccess);
  const uint32_t dir = f.opened();
  EXPECT_EQ(f.call("fd_readdir", {dir, 1000, 4096, 0, 100}), kSuccess);
  std::vector<Dirent> all = dirents(f, 1000, f.u32(100));
  ASSERT_EQ(all.size(), 5u);
  const char* names[] = {".", "..", "a", "b", "sub"};
  const uint8_t types[] = {3, 3, 4, 4, 3};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(all[i].name, names[i]);
    EXPECT_EQ(all[i].next, i + 1);  // d_next: the cookie of the next entry
    EXPECT_EQ(all[i].type, types[i]);
  }
  struct stat st;
  ASSERT_EQ(::stat((f.dir() + "/d/a").c_str(), &st), 0);
  EXPECT_EQ(all[2].ino, uint64_t(st.st_ino));
  EXPECT_EQ(f.u32(100), 5 * 24 + 1 + 2 + 1 + 1 + 3u);
  // From a cookie: the entries after it.
  EXPECT_EQ(f.call("fd_readdir", {dir, 1000, 4096, 3, 100}), kSuccess);
  std::vector<Dirent> rest = dirents(f, 1000, f.u32(100));
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[0].name, "b");
  EXPECT_EQ(rest[1].name, "sub");
  EXPECT_EQ(f.call("fd_readdir", {dir, 1000, 4096, 5, 100}), kSuccess);
  EXPECT_EQ(f.u32(100), 0u);  // the end
  // A small buffer is filled to the last byte (the guest reads on).
  EXPECT_EQ(f.call("fd_readdir", {dir, 1000, 30, 0, 100}), kSuccess);
  EXPECT_EQ(f.u32(100), 30u);
  // Cookie 0 lists afresh.
  f.write_host("d/c", "c");
  EXPECT_EQ(f.call("fd_readdir", {dir, 1000, 4096, 0, 100}), kSuccess);
  EXPECT_EQ(dirents(f, 1000, f.u32(100)).size(), 6u);
  ASSERT_EQ(f.open(3, "d/a", 0, kRead), kSuccess);
  EXPECT_EQ(f.call("fd_readdir", {f.opened(), 1000, 4096, 0, 100}), kNotdir);
  // A directory removed while open lists nothing (Linux's getdents: ENOENT).
  ASSERT_EQ(f.path("path_create_directory", 3, "gone"), kSuccess);
  ASSERT_EQ(f.open(3, "gone", kDirectory, 0), kSuccess);
  const uint32_t gone = f.opened();
  ASSERT_EQ(f.path("path_remove_directory", 3, "gone"), kSuccess);
  EXPECT_EQ(f.call("fd_readdir", {gone, 1000, 4096, 0, 100}), kSuccess);
  EXPECT_EQ(f.u32(100), 0u);
  EXPECT_EQ(f.call("fd_readdir", {dir, kPageEnd - 10, 4096, 0, 100}), kFault);
  // Paths relative to an opened directory.
  ASSERT_EQ(f.open(dir, "sub", kDirectory, 0), kSuccess);
  const uint32_t sub = f.opened();
  // Every directory descriptor bounds its paths, as in other runtimes:
  // not above `sub`, even within the mount.
  EXPECT_EQ(f.open(sub, "../a", 0, kRead), kNotcapable);
  ASSERT_EQ(f.open(dir, "sub/../a", 0, kRead), kSuccess);
  EXPECT_EQ(f.read(f.opened(), 10), "a");
}

TEST(WasiFiles, NamesLinksAndRemoval) {
  Files f;
  f.write_host("a", "text");
  ASSERT_EQ(::mkdir((f.dir() + "/full").c_str(), 0755), 0);
  f.write_host("full/x", "");
  f.start({{f.dir(), "/w", false}});
  const auto two = [&](const std::string& name, std::string_view from, std::string_view to) {
    const auto [a, as] = f.text_at(50000, from);
    const auto [b, bs] = f.text_at(51000, to);
    return name == "path_rename" ? f.call(name, {3, a, as, 3, b, bs})
                                 : f.call(name, {3, 0, a, as, 3, b, bs});  // path_link
  };
  EXPECT_EQ(two("path_rename", "a", "b"), kSuccess);
  EXPECT_EQ(f.read_host("b"), "text");
  EXPECT_EQ(two("path_rename", "a", "c"), kNoent);
  EXPECT_EQ(two("path_link", "b", "c"), kSuccess);
  auto [c, cs] = f.text_at(50000, "c");
  EXPECT_EQ(f.call("path_filestat_get", {3, 0, c, cs, 300}), kSuccess);
  EXPECT_EQ(f.u64(324), 2u);  // nlink
  const auto [t, ts] = f.text_at(52000, "b");
  const auto [s, ss] = f.text_at(53000, "s");
  EXPECT_EQ(f.call("path_symlink", {t, ts, 3, s, ss}), kSuccess);
  EXPECT_EQ(f.call("path_readlink", {3, s, ss, 1000, 100, 100}), kSuccess);
  EXPECT_EQ(f.text(1000, f.u32(100)), "b");
  EXPECT_EQ(f.call("path_filestat_get", {3, 0, s, ss, 300}), kSuccess);
  EXPECT_EQ(f.memory()[316], 7);  // symbolic_link
  EXPECT_EQ(f.call("path_filestat_get", {3, kFollow, s, ss, 300}), kSuccess);
  EXPECT_EQ(f.memory()[316], 4);
  // A link's target cut to the buffer.
  const auto [l, ls] = f.text_at(54000, "long");
  const auto [lt, lts] = f.text_at(55000, "0123456789");
  EXPECT_EQ(f.call("path_symlink", {lt, lts, 3, l, ls}), kSuccess);
  EXPECT_EQ(f.call("path_readlink", {3, l, ls, 1000, 4, 100}), kSuccess);
  EXPECT_EQ(f.u32(100), 4u);
  EXPECT_EQ(f.text(1000, 4), "0123");
  EXPECT_EQ(f.call("path_readlink", {3, c, cs, 1000, 100, 100}), kInval);  // not a link
  // No absolute target: the link would lead host programs out of the mount.
  const auto [abs, abss] = f.text_at(55000, "/etc/passwd");
  const auto [al, als] = f.text_at(56000, "abs");
  EXPECT_EQ(f.call("path_symlink", {abs, abss, 3, al, als}), 63);  // EPERM
  // path_link with symlink_follow links the target, not the link.
  const auto [s2, s2s] = f.text_at(50000, "s");
  const auto [h, hs] = f.text_at(51000, "hard");
  EXPECT_EQ(f.call("path_link", {3, kFollow, s2, s2s, 3, h, hs}), kSuccess);
  EXPECT_EQ(f.call("path_filestat_get", {3, 0, h, hs, 300}), kSuccess);
  EXPECT_EQ(f.memory()[316], 4);
  EXPECT_EQ(f.u64(324), 3u);
  EXPECT_EQ(f.path("path_unlink_file", 3, "s"), kSuccess);
  EXPECT_EQ(f.path("path_unlink_file", 3, "s"), kNoent);
  EXPECT_EQ(f.path("path_remove_directory", 3, "c"), kNotdir);
  EXPECT_EQ(f.path("path_remove_directory", 3, "full"), kNotempty);
  EXPECT_EQ(f.path("path_unlink_file", 3, "full/x"), kSuccess);
  EXPECT_EQ(f.path("path_remove_directory", 3, "full"), kSuccess);
  // path_filestat_set_times, following the link or not.
  std::tie(c, cs) = f.text_at(56000, "c");
  EXPECT_EQ(
      f.call("path_filestat_set_times", {3, kFollow, c, cs, 5000000000ull, 7000000000ull, 1 | 4}),
      kSuccess);
  struct stat st;
  ASSERT_EQ(::stat((f.dir() + "/c").c_str(), &st), 0);
  EXPECT_EQ(st.st_atim.tv_sec, 5);
  EXPECT_EQ(st.st_mtim.tv_sec, 7);
  EXPECT_EQ(f.call("path_filestat_set_times", {3, 0, l, ls, 0, 9000000000ull, 4}), kSuccess);
  ASSERT_EQ(::lstat((f.dir() + "/long").c_str(), &st), 0);
  EXPECT_EQ(st.st_mtim.tv_sec, 9);
}

TEST(WasiFiles, Renumber) {
  Files f;
  f.write_host("one", "1");
  f.write_host("two", "2");
  f.start({{f.dir(), "/w", false}});
  ASSERT_EQ(f.open(3, "one", 0, kRead), kSuccess);
  const uint32_t one = f.opened();
  EXPECT_EQ(f.call("fd_renumber", {one, 9}), kBadf);  // 9 is not open
  ASSERT_EQ(f.open(3, "two", 0, kRead), kSuccess);
  const uint32_t two = f.opened();
  EXPECT_EQ(f.call("fd_renumber", {one, two}), kSuccess);
  EXPECT_EQ(f.read(two, 10), "1");
  EXPECT_EQ(f.call("fd_tell", {one, 100}), kBadf);
  EXPECT_EQ(f.call("fd_renumber", {two, two}), kSuccess);
  // The freed number is the next one given.
  ASSERT_EQ(f.open(3, "two", 0, kRead), kSuccess);
  EXPECT_EQ(f.opened(), one);
}

TEST(WasiFiles, RightsAreCheckedAndCanOnlyBeDropped) {
  constexpr uint64_t kSeek = 1 << 2, kCreateFile = 1 << 10, kPathOpen = 1 << 13,
                     kPathSetSize = 1 << 19, kFdSetSize = 1 << 22;
  Files f;
  f.write_host("x", "12345");
  f.start({{f.dir(), "/w", false}});
  // A preopen: a directory's rights, and every right for what it opens.
  ASSERT_EQ(f.call("fd_fdstat_get", {3, 100}), kSuccess);
  const uint64_t dir_base = f.u64(108), dir_inheriting = f.u64(116);
  EXPECT_EQ(dir_base & (kPathOpen | kCreateFile), kPathOpen | kCreateFile);
  EXPECT_EQ(dir_base & (kRead | kWrite | kSeek | kFdSetSize | kPathSetSize), 0u);
  EXPECT_EQ(dir_inheriting & (kRead | kWrite | kSeek | kFdSetSize),
            kRead | kWrite | kSeek | kFdSetSize);
  // What a directory never does: EISDIR; a path below a file: ENOTDIR.
  int error = 0;
  f.read(3, 4, &error);
  EXPECT_EQ(error, kIsdir);
  EXPECT_EQ(f.call("fd_seek", {3, 0, 1, 100}), kIsdir);
  EXPECT_EQ(f.write(3, "x"), kBadf);  // as write(2) of a directory says
  ASSERT_EQ(f.open(3, "x", 0, kRead | kWrite), kSuccess);
  const uint32_t fd = f.opened();
  EXPECT_EQ(f.open(fd, "y", 0, kRead), kNotdir);
  // Rights dropped are gone: fd_read and fd_write as POSIX says (EBADF),
  // the others ENOTCAPABLE; and they cannot be had back.
  ASSERT_EQ(f.call("fd_fdstat_get", {fd, 100}), kSuccess);
  const uint64_t base = f.u64(108), inheriting = f.u64(116);
  EXPECT_EQ(f.call("fd_fdstat_set_rights", {fd, base & ~(kRead | kWrite | kSeek), inheriting}),
            kSuccess);
  f.read(fd, 4, &error);
  EXPECT_EQ(error, kBadf);
  EXPECT_EQ(f.write(fd, "no"), kBadf);
  EXPECT_EQ(f.call("fd_seek", {fd, 0, 0, 100}), kNotcapable);
  EXPECT_EQ(f.call("fd_fdstat_set_rights", {fd, base, inheriting}), kNotcapable);
  EXPECT_EQ(f.read_host("x"), "12345");
  // Truncating needs no right of the directory: Go's wasip1 port opens
  // directories without path_filestat_set_size, then creates files in
  // them with O_TRUNC.
  ASSERT_EQ(f.open(3, ".", kDirectory, 0), kSuccess);
  const uint32_t dir = f.opened();
  ASSERT_EQ(f.call("fd_fdstat_set_rights", {dir, dir_base & ~kPathSetSize, dir_inheriting}),
            kSuccess);
  ASSERT_EQ(f.open(dir, "y", kCreat | kTrunc, kWrite), kSuccess);
  // A directory without path_create_file creates nothing; one whose
  // inheriting rights lack fd_write gives no descriptor for writing.
  ASSERT_EQ(
      f.call("fd_fdstat_set_rights", {dir, dir_base & ~kCreateFile, dir_inheriting & ~kWrite}),
      kSuccess);
  EXPECT_EQ(f.open(dir, "new", kCreat, kWrite), kNotcapable);
  ASSERT_EQ(f.open(dir, "x", 0, kRead | kWrite), kSuccess);
  EXPECT_EQ(f.write(f.opened(), "no"), kBadf);
  EXPECT_EQ(f.read(f.opened(), 10), "12345");
}

TEST(WasiFiles, DirectoryDescriptorsFollowTheirDirectory) {
  Files f, elsewhere;
  ASSERT_EQ(::mkdir((f.dir() + "/a").c_str(), 0755), 0);
  f.start({{f.dir(), "/w", false}});
  ASSERT_EQ(f.open(3, "a", kDirectory, 0), kSuccess);
  const uint32_t a = f.opened();
  // Renamed by the host after it was opened: paths below it are below it
  // (as openat(2) has them; Go's os.Root relies on it).
  ASSERT_EQ(::rename((f.dir() + "/a").c_str(), (f.dir() + "/b").c_str()), 0);
  f.write_host("b/f", "hello");
  ASSERT_EQ(f.open(a, "f", 0, kRead), kSuccess);
  EXPECT_EQ(f.read(f.opened(), 10), "hello");
  ASSERT_EQ(f.open(a, "g", kCreat, kWrite), kSuccess);
  EXPECT_EQ(f.write(f.opened(), "made"), kSuccess);
  EXPECT_EQ(f.read_host("b/g"), "made");
  // Moved out of every mount, or deleted: gone for the guest.
  ASSERT_EQ(::rename((f.dir() + "/b").c_str(), (elsewhere.dir() + "/b").c_str()), 0);
  EXPECT_EQ(f.open(a, "f", 0, kRead), kNoent);
  ASSERT_EQ(::rename((elsewhere.dir() + "/b").c_str(), (f.dir() + "/c").c_str()), 0);
  EXPECT_EQ(f.open(a, "f", 0, kRead), kSuccess);
  std::system(("rm -r '" + f.dir() + "/c'").c_str());
  EXPECT_EQ(f.open(a, "f", 0, kRead), kNoent);
}

// A listening TCP socket on 127.0.0.1 and its port.
std::pair<int, uint16_t> tcp_listener() {
  const int s = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof address;
  if (s < 0 || ::bind(s, reinterpret_cast<sockaddr*>(&address), size) != 0 || ::listen(s, 4) != 0 ||
      ::getsockname(s, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
    throw std::system_error(errno, std::generic_category(), "listener");
  }
  return {s, ntohs(address.sin_port)};
}

TEST(WasiSockets, AcceptRecvSendShutdownAndPoll) {
  constexpr int kAgain = 6, kNotsock = 57;
  constexpr uint32_t kNonblock = 4, kWaitall = 2, kShutWr = 2;
  const auto [listener, port] = tcp_listener();
  Files f;
  f.start({{f.dir(), "/w", false}}, {listener});
  const uint32_t socket = 4;  // after the mount's directory
  ASSERT_EQ(f.call("fd_fdstat_get", {socket, 100}), kSuccess);
  EXPECT_EQ(f.memory()[100], 6);  // socket_stream
  // Non-blocking, nobody connecting: EAGAIN at once.
  ASSERT_EQ(f.call("fd_fdstat_set_flags", {socket, kNonblock}), kSuccess);
  EXPECT_EQ(f.call("sock_accept", {socket, 0, 100}), kAgain);
  // A client that sends "ping", then reads until the end.
  std::string received;
  std::thread client([port = port, &received] {
    const int c = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    to.sin_port = htons(port);
    if (::connect(c, reinterpret_cast<sockaddr*>(&to), sizeof to) == 0 &&
        ::send(c, "ping", 4, 0) == 4) {
      char buffer[16];
      ssize_t n;
      while ((n = ::recv(c, buffer, sizeof buffer, 0)) > 0) received.append(buffer, size_t(n));
    }
    ::close(c);
  });
  // Blocking: waits for the client.
  ASSERT_EQ(f.call("fd_fdstat_set_flags", {socket, 0}), kSuccess);
  ASSERT_EQ(f.call("sock_accept", {socket, 0, 100}), kSuccess);
  const uint32_t connection = f.u32(100);
  ASSERT_EQ(f.call("fd_fdstat_get", {connection, 100}), kSuccess);
  EXPECT_EQ(f.memory()[100], 6);
  // poll_oneoff: readable, with the bytes waiting, before a 10 s timeout.
  f.put64(1000, 7);      // userdata
  f.memory()[1008] = 1;  // fd_read
  f.put32(1016, connection);
  f.put64(1048, 8);
  f.memory()[1056] = 0;  // clock
  f.put32(1064, 1);      // monotonic
  f.put64(1072, 10000000000ull);
  f.put64(1080, 0);
  f.put32(1088, 0);
  ASSERT_EQ(f.call("poll_oneoff", {1000, 2000, 2, 2100}), kSuccess);
  ASSERT_EQ(f.u32(2100), 1u);
  EXPECT_EQ(f.u64(2000), 7u);
  EXPECT_EQ(f.u16(2008), kSuccess);
  EXPECT_EQ(f.u64(2016), 4u);  // nbytes
  // sock_recv with waitall fills the buffer.
  f.put32(3000, 3100);
  f.put32(3004, 4);
  ASSERT_EQ(f.call("sock_recv", {connection, 3000, 1, kWaitall, 3200, 3204}), kSuccess);
  EXPECT_EQ(f.u32(3200), 4u);
  EXPECT_EQ(f.text(3100, 4), "ping");
  EXPECT_EQ(f.u16(3204), 0u);
  const auto [pong, size] = f.text_at(3300, "pong");
  f.put32(3000, pong);
  f.put32(3004, size);
  ASSERT_EQ(f.call("sock_send", {connection, 3000, 1, 0, 3200}), kSuccess);
  EXPECT_EQ(f.u32(3200), 4u);
  EXPECT_EQ(f.write(connection, "!"), kSuccess);                           // fd_write works too
  EXPECT_EQ(f.call("sock_send", {connection, 3000, 1, 1, 3200}), kInval);  // no siflags
  ASSERT_EQ(f.call("sock_shutdown", {connection, kShutWr}), kSuccess);
  client.join();
  EXPECT_EQ(received, "pong!");
  // The peer is gone: a read is the end.
  int error = 0;
  EXPECT_EQ(f.read(connection, 10, &error), "");
  EXPECT_EQ(error, kSuccess);
  EXPECT_EQ(f.call("sock_shutdown", {connection, 4}), kInval);
  EXPECT_EQ(f.call("fd_close", {connection}), kSuccess);
  // Not a socket: ENOTSOCK; no descriptor: EBADF.
  EXPECT_EQ(f.call("sock_shutdown", {3, 3}), kNotsock);
  EXPECT_EQ(f.call("sock_accept", {3, 0, 100}), kNotsock);
  EXPECT_EQ(f.call("sock_recv", {1, 3000, 1, 0, 3200, 3204}), kBadf);  // stdout: no fd_read
  EXPECT_EQ(f.call("sock_shutdown", {9, 3}), kBadf);
  ::close(listener);
}

TEST(WasiFiles, ReadOnlyMountRefusesWrites) {
  Files rw, ro;
  ro.write_host("hello.txt", "hi");
  ASSERT_EQ(::mkdir((ro.dir() + "/sub").c_str(), 0755), 0);
  rw.start({{rw.dir(), "/rw", false}, {ro.dir(), "/ro", true}});
  EXPECT_EQ(rw.open(4, "new", kCreat, kWrite), kRofs);
  EXPECT_EQ(rw.open(4, "hello.txt", 0, kWrite), kRofs);
  EXPECT_EQ(rw.open(4, "hello.txt", kTrunc, kRead), kRofs);
  EXPECT_EQ(rw.open(4, "hello.txt", 0, kRead, kAppend), kRofs);
  EXPECT_EQ(rw.path("path_create_directory", 4, "d"), kRofs);
  EXPECT_EQ(rw.path("path_unlink_file", 4, "hello.txt"), kRofs);
  EXPECT_EQ(rw.path("path_remove_directory", 4, "sub"), kRofs);
  const auto [a, as] = rw.text_at(50000, "hello.txt");
  const auto [b, bs] = rw.text_at(51000, "moved");
  EXPECT_EQ(rw.call("path_rename", {4, a, as, 4, b, bs}), kRofs);
  EXPECT_EQ(rw.call("path_rename", {4, a, as, 3, b, bs}), kRofs);  // out of it
  EXPECT_EQ(rw.call("path_symlink", {a, as, 4, b, bs}), kRofs);
  EXPECT_EQ(rw.call("path_link", {4, 0, a, as, 4, b, bs}), kRofs);
  EXPECT_EQ(rw.call("path_filestat_set_times", {4, kFollow, a, as, 0, 0, 2 | 8}), kRofs);
  ASSERT_EQ(rw.open(4, "hello.txt", 0, kRead), kSuccess);
  const uint32_t fd = rw.opened();
  EXPECT_EQ(rw.read(fd, 10), "hi");
  EXPECT_EQ(rw.write(fd, "x"), kBadf);
  EXPECT_EQ(rw.call("fd_filestat_set_times", {fd, 0, 0, 2 | 8}), kRofs);
  EXPECT_EQ(rw.call("fd_filestat_set_times", {4, 0, 0, 2 | 8}), kRofs);  // the preopen itself
  EXPECT_EQ(rw.call("fd_filestat_set_size", {fd, 0}), kInval);           // not open for writing
  EXPECT_EQ(rw.call("fd_allocate", {fd, 0, 10}), kBadf);
  EXPECT_EQ(ro.read_host("hello.txt"), "hi");
  // The read-write mount beside it writes.
  EXPECT_EQ(rw.open(3, "new", kCreat, kWrite), kSuccess);
}

TEST(WasiFiles, NothingLeadsOutOfTheMount) {
  Files outer;
  outer.write_host("secret", "SECRET");
  const std::string inner = outer.dir() + "/inner";
  ASSERT_EQ(::mkdir(inner.c_str(), 0755), 0);
  outer.write_host("inner/inside", "inside");
  ASSERT_EQ(::symlink("/", (inner + "/abs-root").c_str()), 0);
  ASSERT_EQ(::symlink((outer.dir() + "/secret").c_str(), (inner + "/abs-secret").c_str()), 0);
  ASSERT_EQ(::symlink("../secret", (inner + "/up-secret").c_str()), 0);
  ASSERT_EQ(::symlink("../../../../..", (inner + "/up-far").c_str()), 0);
  Files f;  // the host state is `outer`'s: `f` only runs the host
  f.start({{inner, "/m", false}});
  // '..' above the directory and absolute paths: ENOTCAPABLE.
  EXPECT_EQ(f.open(3, "../secret", 0, kRead), kNotcapable);
  EXPECT_EQ(f.open(3, "a/../../secret", 0, kRead), kNotcapable);
  EXPECT_EQ(f.open(3, outer.dir() + "/secret", 0, kRead), kNotcapable);
  EXPECT_EQ(f.path("path_create_directory", 3, "../made"), kNotcapable);
  const auto [p, ps] = f.text_at(50000, "/etc/passwd");
  EXPECT_EQ(f.call("path_filestat_get", {3, kFollow, p, ps, 300}), kNotcapable);
  // Symbolic links resolve inside the mount: an absolute one from its root,
  // a climbing one stops there.
  EXPECT_EQ(f.open(3, "abs-secret", 0, kRead), kNoent);
  EXPECT_EQ(f.open(3, "up-secret", 0, kRead), kNoent);
  ASSERT_EQ(f.open(3, "abs-root/inside", 0, kRead), kSuccess);
  EXPECT_EQ(f.read(f.opened(), 100), "inside");
  ASSERT_EQ(f.open(3, "up-far/inside", 0, kRead), kSuccess);
  EXPECT_EQ(f.read(f.opened(), 100), "inside");
  ASSERT_EQ(f.open(3, "abs-root/..", kDirectory, 0), kSuccess);  // '..' of the root: the root
  const uint32_t root = f.opened();
  EXPECT_EQ(f.call("fd_readdir", {root, 1000, 4096, 0, 100}), kSuccess);
  bool inside = false, secret = false;
  for (const Dirent& e : dirents(f, 1000, f.u32(100))) {
    inside |= e.name == "inside";
    secret |= e.name == "secret";
  }
  EXPECT_TRUE(inside);
  EXPECT_FALSE(secret);
  // Writing through a link: inside too.
  ASSERT_EQ(f.open(3, "up-far/made", kCreat, kWrite), kSuccess);
  EXPECT_EQ(f.write(f.opened(), "x"), kSuccess);
  EXPECT_EQ(outer.read_host("inner/made"), "x");
  EXPECT_EQ(outer.read_host("secret"), "SECRET");
  // A new symbolic link has a relative target (an absolute one would lead
  // host programs out); one that climbs out is made, and following it
  // stays inside.
  const auto [a, as] = f.text_at(52000, outer.dir() + "/secret");
  const auto [l, ls] = f.text_at(53000, "new-link");
  EXPECT_EQ(f.call("path_symlink", {a, as, 3, l, ls}), 63);  // EPERM
  const auto [t, ts] = f.text_at(52000, "../secret");
  EXPECT_EQ(f.call("path_symlink", {t, ts, 3, l, ls}), kSuccess);
  EXPECT_EQ(f.open(3, "new-link", 0, kRead), kNoent);
  const auto [h, hs] = f.text_at(54000, "hard");
  EXPECT_EQ(f.call("path_link", {3, kFollow, l, ls, 3, h, hs}), kNoent);
}

std::shared_ptr<const Module> command(const Bytes& ending) {
  return Module::compile(wasi_command(ending));
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
  // A mount whose host directory cannot be opened.
  ProgramOptions with_mounts;
  with_mounts.mounts = {ProgramMount{"/nonexistent/gowasm", "/x", true}};
  EXPECT_THROW(run_wasi_program(command({}), with_mounts), std::system_error);
  with_mounts.mounts = {ProgramMount{"/tmp", "/tmp", true}};
  EXPECT_EQ(run_wasi_program(command({}), with_mounts).exit_code, 0);
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

TEST(Wasi, InstantiateWasiRunsAReactorsInitialize) {
  std::string out;
  ProgramOptions options;
  options.write = [&](int fd, std::span<const uint8_t> bytes) {
    if (fd == 1) out.append(bytes.begin(), bytes.end());
  };
  // A reactor: _initialize runs (it writes "hi") before the instance is
  // returned; a command's _start does not.
  const auto reactor = instantiate_wasi(Module::compile(wasi_command({}, "_initialize")), options);
  EXPECT_EQ(out, "hi\n");
  const auto command_instance = instantiate_wasi(command({}), options);
  EXPECT_EQ(out, "hi\n");
  // A call that exits is a Trap of kind Exit, with the status.
  const CallResult exit = command_instance->call("_start", {});
  EXPECT_TRUE(exit.ok());
  const CallResult exits =
      instantiate_wasi(command({0x41, 0x07, 0x10, 0x01}), options)->call("_start", {});
  ASSERT_TRUE(exits.trap);
  EXPECT_EQ(exits.trap->kind, TrapKind::Exit);
  EXPECT_EQ(exits.trap->exit_code, 7);
  // An _initialize that traps: the instantiation does.
  EXPECT_THROW(instantiate_wasi(Module::compile(wasi_command({0x00}, "_initialize")), options),
               InstantiationTrap);
}

}  // namespace
}  // namespace gowasm
