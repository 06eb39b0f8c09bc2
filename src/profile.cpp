// GuestProfiler: the sampling thread, the samples, and the pprof encoding
// (github.com/google/pprof/proto/profile.proto, written by hand: a few
// varint and length-delimited fields).
#include "gowasm/profile.h"

#include <time.h>

#include "gowasm/interrupt.h"
#include "gowasm/module.h"

namespace gowasm {

namespace {

// Protocol-buffer encoding of the fields profile.proto uses.
class ProtoWriter {
 public:
  void varint(uint64_t value) {
    while (value >= 0x80) {
      bytes_.push_back(char(value | 0x80));
      value >>= 7;
    }
    bytes_.push_back(char(value));
  }
  void field(uint32_t number, uint64_t value) {  // wire type 0
    if (value == 0) return;                      // proto3: defaults are not written
    varint(uint64_t(number) << 3);
    varint(value);
  }
  void field(uint32_t number, const std::string& value) {  // wire type 2
    varint(uint64_t(number) << 3 | 2);
    varint(value.size());
    bytes_ += value;
  }
  void message(uint32_t number, const ProtoWriter& value) { field(number, value.bytes_); }
  void packed(uint32_t number, std::span<const uint64_t> values) {
    ProtoWriter inner;
    for (uint64_t v : values) inner.varint(v);
    field(number, inner.bytes_);
  }
  const std::string& bytes() const { return bytes_; }

 private:
  std::string bytes_;
};

std::chrono::nanoseconds process_cpu_time() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return std::chrono::seconds(t.tv_sec) + std::chrono::nanoseconds(t.tv_nsec);
}

}  // namespace

GuestProfiler::GuestProfiler(std::chrono::microseconds period)
    : period_(period),
      started_(std::chrono::system_clock::now()),
      sampler_([this] { sample_loop(); }) {}

GuestProfiler::~GuestProfiler() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_changed_.notify_all();
  sampler_.join();
  withdraw_request();
}

// Asks for a sample whenever the process has spent another period of CPU
// time: time the guest spends waiting (for a timer, for the host) is not
// sampled. Periods that pass before the guest takes the request add to it,
// so that the samples' total is the CPU time spent.
void GuestProfiler::sample_loop() {
  std::chrono::nanoseconds counted = process_cpu_time();
  std::unique_lock lock(mutex_);
  while (!stop_changed_.wait_for(lock, period_, [this] { return stopping_; })) {
    uint32_t periods = 0;
    for (const auto now = process_cpu_time(); now - counted >= period_; counted += period_)
      ++periods;
    if (periods && requested_.fetch_add(periods, std::memory_order_relaxed) == 0)
      detail::poll_requests.fetch_add(1, std::memory_order_relaxed);
  }
}

uint32_t GuestProfiler::withdraw_request() {
  const uint32_t periods = requested_.exchange(0, std::memory_order_relaxed);
  if (periods) detail::poll_requests.fetch_sub(1, std::memory_order_relaxed);
  return periods;
}

void GuestProfiler::record(const Module& module, std::span<const uint32_t> functions,
                           uint32_t periods) {
  std::lock_guard lock(mutex_);
  std::vector<uint32_t> stack;
  stack.reserve(functions.size());
  for (uint32_t f : functions) {
    // Keyed by the module's address: a profile covers modules that live
    // while it samples.
    auto [it, added] = name_ids_.try_emplace({&module, f}, uint32_t(names_.size()));
    if (added) {
      const std::string_view name = module.function_name(f);
      names_.push_back(name.empty() ? "func " + std::to_string(f) : std::string(name));
    }
    stack.push_back(it->second);
  }
  stacks_[stack] += periods;
}

size_t GuestProfiler::sample_count() const {
  std::lock_guard lock(mutex_);
  size_t total = 0;
  for (const auto& [stack, count] : stacks_) total += size_t(count);
  return total;
}

std::map<std::string, int64_t> GuestProfiler::self_samples() const {
  std::lock_guard lock(mutex_);
  std::map<std::string, int64_t> out;
  for (const auto& [stack, count] : stacks_) {
    if (!stack.empty()) out[names_[stack.front()]] += count;
  }
  return out;
}

// profile.proto field numbers: Profile.sample_type 1, sample 2, mapping 3,
// location 4, function 5, string_table 6, time_nanos 9, duration_nanos 10,
// period_type 11, period 12; Sample.location_id 1, value 2; Location.id 1,
// mapping_id 2, line 4; Line.function_id 1; Function.id 1, name 2,
// system_name 3; Mapping.id 1, filename 5, has_functions 7; ValueType.type
// 1, unit 2. Function i (a name in names_) is function and location i + 1.
void GuestProfiler::write_pprof(std::ostream& out) const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> strings{""};
  const auto string_id = [&strings](const std::string& s) {
    strings.push_back(s);
    return uint64_t(strings.size() - 1);
  };
  const auto value_type = [&](const char* type, const char* unit) {
    ProtoWriter v;
    v.field(1, string_id(type));
    v.field(2, string_id(unit));
    return v;
  };
  ProtoWriter profile;
  profile.message(1, value_type("samples", "count"));
  profile.message(1, value_type("cpu", "nanoseconds"));
  const uint64_t period_ns = uint64_t(std::chrono::nanoseconds(period_).count());
  for (const auto& [stack, count] : stacks_) {
    ProtoWriter sample;
    std::vector<uint64_t> locations;
    for (uint32_t name : stack) locations.push_back(name + 1);
    sample.packed(1, locations);
    const uint64_t values[] = {uint64_t(count), uint64_t(count) * period_ns};
    sample.packed(2, values);
    profile.message(2, sample);
  }
  ProtoWriter mapping;
  mapping.field(1, 1);
  mapping.field(5, string_id("wasm"));
  mapping.field(7, 1);  // functions are named: pprof need not look for symbols
  profile.message(3, mapping);
  for (size_t i = 0; i < names_.size(); ++i) {
    ProtoWriter line, location, function;
    line.field(1, i + 1);
    location.field(1, i + 1);
    location.field(2, 1);
    location.message(4, line);
    profile.message(4, location);
    function.field(1, i + 1);
    const uint64_t name = string_id(names_[i]);
    function.field(2, name);
    function.field(3, name);
    profile.message(5, function);
  }
  const auto since_epoch = started_.time_since_epoch();
  const auto elapsed = std::chrono::system_clock::now() - started_;
  ProtoWriter tail;
  tail.field(9,
             uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(since_epoch).count()));
  tail.field(10, uint64_t(std::chrono::duration_cast<std::chrono::nanoseconds>(elapsed).count()));
  tail.message(11, value_type("cpu", "nanoseconds"));
  tail.field(12, period_ns);
  for (const std::string& s : strings) profile.field(6, s);
  out << profile.bytes() << tail.bytes();
}

}  // namespace gowasm
