// A sampling profiler of guest code: where the guest spends its CPU time,
// by WebAssembly function (named from the module's name section, which Go
// always emits), written in pprof's format for `go tool pprof`.
//
//   auto profiler = std::make_shared<gowasm::GuestProfiler>();
//   options.profiler = profiler;                // InstanceOptions
//   ... run the guest ...
//   std::ofstream out("cpu.pprof", std::ios::binary);
//   profiler->write_pprof(out);                 // go tool pprof -top cpu.pprof
//
// Every `period` of CPU time this process spends, the profiler asks the
// running guest code for a sample; the code takes it at its next loop
// back-edge, recording the functions on its stack. Instances without a
// profiler pay nothing; while one exists, every instance's taken branches
// check for requests (a few instructions, as with fuel).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <ostream>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace gowasm {

class Module;

class GuestProfiler {
 public:
  explicit GuestProfiler(std::chrono::microseconds period = std::chrono::milliseconds(10));
  ~GuestProfiler();
  GuestProfiler(const GuestProfiler&) = delete;
  GuestProfiler& operator=(const GuestProfiler&) = delete;

  // The samples so far as a pprof profile (protocol buffers, uncompressed,
  // which pprof reads as it reads gzipped ones): sample counts and CPU
  // time, one location per function.
  void write_pprof(std::ostream& out) const;
  size_t sample_count() const;
  // Samples per function name (self time: the function on top), for tests
  // and quick reports.
  std::map<std::string, int64_t> self_samples() const;

  // --- for engines ---
  // Whether a sample is due: how many periods it stands for (0: none).
  // Clears the request. Call at poll points.
  uint32_t take_request() {
    if (!requested_.load(std::memory_order_relaxed)) return 0;
    return withdraw_request();
  }
  // Records a sample of `periods` periods: `functions` (indices in
  // `module`) innermost first.
  void record(const Module& module, std::span<const uint32_t> functions, uint32_t periods);

 private:
  uint32_t withdraw_request();
  void sample_loop();

  std::chrono::microseconds period_;
  // Periods of CPU time not yet sampled; while non-zero, a request stands.
  std::atomic<uint32_t> requested_{0};
  mutable std::mutex mutex_;
  // Stacks as indices into names_, innermost first, and how often each was seen.
  std::map<std::vector<uint32_t>, int64_t> stacks_;
  std::vector<std::string> names_;
  std::map<std::pair<const Module*, uint32_t>, uint32_t> name_ids_;
  std::chrono::system_clock::time_point started_;
  bool stopping_ = false;
  std::condition_variable stop_changed_;
  std::thread sampler_;  // last: it starts once the members above exist
};

}  // namespace gowasm
