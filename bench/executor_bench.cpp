// The executor's speed: the plain-wasm kernels of ../shared/bench/kernels,
// and one micro-benchmark per instruction family, each a counted loop of
// 1,000,000 iterations (items/s = loop iterations per second).
//
//   executor_bench [--kernels=PATH] [benchmark flags]
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstring>
#include <system_error>

#include "../tests/wasm_builder.h"
#include "gowasm/file.h"
#include "gowasm/instance.h"

namespace {

using namespace gowasm;
using namespace gowasm::test;

constexpr int32_t kIterations = 1000000;

std::string& kernels_path() {
  static std::string path = GOWASM_DEFAULT_KERNELS;
  return path;
}

void run_kernel(benchmark::State& state, const char* name, Value arg) {
  std::shared_ptr<Instance> instance;
  try {
    instance = Instance::instantiate(Module::compile(read_binary_file(kernels_path())), Imports{});
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  const Value args[] = {arg};
  for (auto _ : state) {
    CallResult r = instance->call(name, args);
    if (r.trap) state.SkipWithError(r.trap->message.c_str());
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK_CAPTURE(run_kernel, fib_25, "fib", Value::i32(25))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_kernel, nbody_20000, "nbody", Value::i32(20000))->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(run_kernel, pollard_1, "pollard", Value::i32(1))->Unit(benchmark::kMillisecond);

// A module whose export "run" (param i32 n) (result T) loops n times over
// `body` with local 0 = n (counting down) and locals 1.. declared by `locals`;
// the result is local 1. `extra` sections (memory, table, more functions)
// come from the caller through `functions` (bodies of functions 1..).
Bytes loop_module(uint8_t result_type, std::initializer_list<Bytes> locals, const Bytes& body,
                  std::initializer_list<Bytes> other_bodies = {}, std::vector<Bytes> other_types = {},
                  bool with_memory = false, bool with_table = false) {
  // loop: body; n = n - 1; br_if n != 0
  const Bytes code = cat({Bytes{0x03, 0x40}, body,
                          Bytes{0x20, 0x00, 0x41, 0x01, 0x6B, 0x22, 0x00, 0x0D, 0x00, 0x0B},
                          Bytes{0x20, 0x01, 0x0B}});
  Bytes types = cat({leb_u(1 + other_types.size()), func_type({I32}, {result_type})});
  for (const Bytes& t : other_types) types = cat({types, t});
  Bytes functions = leb_u(1 + other_bodies.size());
  functions.push_back(0x00);
  for (size_t i = 0; i < other_bodies.size(); ++i) functions = cat({functions, leb_u(1 + i)});
  Bytes codes = leb_u(1 + other_bodies.size());
  codes = cat({codes, code_entry(locals, code)});
  for (const Bytes& b : other_bodies) codes = cat({codes, code_entry({}, b)});
  std::vector<Bytes> sections = {section(1, types), section(3, functions)};
  if (with_table) sections.push_back(section(4, vec({Bytes{FUNCREF, 0x00, 0x01}})));
  if (with_memory) sections.push_back(section(5, vec({Bytes{0x00, 0x01}})));
  sections.push_back(section(7, vec({cat({name("run"), Bytes{0x00, 0x00}})})));
  if (with_table) {
    sections.push_back(section(9, vec({cat({leb_u(0), Bytes{0x41, 0x00, 0x0B}, vec({leb_u(1)})})})));
  }
  sections.push_back(section(10, codes));
  Bytes out{0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00};
  for (const Bytes& s : sections) out = cat({out, s});
  return out;
}

void run_loop(benchmark::State& state, const Bytes& bytes) {
  auto instance = Instance::instantiate(Module::compile(bytes), Imports{});
  const Value args[] = {Value::i32(kIterations)};
  for (auto _ : state) {
    CallResult r = instance->call("run", args);
    if (r.trap) state.SkipWithError(r.trap->message.c_str());
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(state.iterations() * kIterations);
}

void BM_I32Arithmetic(benchmark::State& state) {
  // acc = (acc + n) * 3 ^ (n >> 2)
  run_loop(state, loop_module(I32, {cat({leb_u(1), Bytes{I32}})},
                              {0x20, 0x01, 0x20, 0x00, 0x6A, 0x41, 0x03, 0x6C, 0x20, 0x00, 0x41, 0x02,
                               0x76, 0x73, 0x21, 0x01}));
}
BENCHMARK(BM_I32Arithmetic);

void BM_I64Arithmetic(benchmark::State& state) {
  // acc = acc * 6364136223846793005 + extend(n)
  run_loop(state, loop_module(I64, {cat({leb_u(1), Bytes{I64}})},
                              cat({Bytes{0x20, 0x01, 0x42}, leb_s(6364136223846793005LL),
                                   Bytes{0x7E, 0x20, 0x00, 0xAD, 0x7C, 0x21, 0x01}})));
}
BENCHMARK(BM_I64Arithmetic);

void BM_F64Arithmetic(benchmark::State& state) {
  // acc = acc * 0.5 + convert(n)
  Bytes half{0x44};
  const double h = 0.5;
  uint8_t raw[8];
  std::memcpy(raw, &h, 8);
  half.insert(half.end(), raw, raw + 8);
  run_loop(state, loop_module(F64, {cat({leb_u(1), Bytes{F64}})},
                              cat({Bytes{0x20, 0x01}, half, Bytes{0xA2, 0x20, 0x00, 0xB7, 0xA0, 0x21, 0x01}})));
}
BENCHMARK(BM_F64Arithmetic);

void BM_MemoryLoadStore(benchmark::State& state) {
  // mem[n & 0xfff8] = mem[(n * 8) & 0xfff8] + n (i64)
  run_loop(state, loop_module(I32, {cat({leb_u(1), Bytes{I32}})},
                              cat({Bytes{0x20, 0x00, 0x41}, leb_s(0xfff8), Bytes{0x71},
                                   Bytes{0x20, 0x00, 0x41, 0x08, 0x6C, 0x41}, leb_s(0xfff8),
                                   Bytes{0x71, 0x29, 0x03, 0x00, 0x20, 0x00, 0xAD, 0x7C, 0x37, 0x03, 0x00}}),
                              {}, {}, /*with_memory=*/true));
}
BENCHMARK(BM_MemoryLoadStore);

void BM_Call(benchmark::State& state) {
  // acc = add1(acc), with add1 a function of its own
  run_loop(state, loop_module(I32, {cat({leb_u(1), Bytes{I32}})}, {0x20, 0x01, 0x10, 0x01, 0x21, 0x01},
                              {Bytes{0x20, 0x00, 0x41, 0x01, 0x6A, 0x0B}}, {func_type({I32}, {I32})}));
}
BENCHMARK(BM_Call);

void BM_CallIndirect(benchmark::State& state) {
  // acc = table[0](acc)
  run_loop(state, loop_module(I32, {cat({leb_u(1), Bytes{I32}})},
                              {0x20, 0x01, 0x41, 0x00, 0x11, 0x01, 0x00, 0x21, 0x01},
                              {Bytes{0x20, 0x00, 0x41, 0x01, 0x6A, 0x0B}}, {func_type({I32}, {I32})},
                              false, /*with_table=*/true));
}
BENCHMARK(BM_CallIndirect);

void BM_BrTable(benchmark::State& state) {
  // block block block (br_table 0 1 2 (n & 3)) end acc++ end acc++ end
  run_loop(state, loop_module(I32, {cat({leb_u(1), Bytes{I32}})},
                              {0x02, 0x40, 0x02, 0x40, 0x02, 0x40, 0x20, 0x00, 0x41, 0x03, 0x71, 0x0E,
                               0x02, 0x00, 0x01, 0x02, 0x0B, 0x20, 0x01, 0x41, 0x01, 0x6A, 0x21, 0x01,
                               0x0B, 0x20, 0x01, 0x41, 0x01, 0x6A, 0x21, 0x01, 0x0B}));
}
BENCHMARK(BM_BrTable);

void BM_Select(benchmark::State& state) {
  // acc = select(acc + 1, acc - 1, n & 1)
  run_loop(state, loop_module(I32, {cat({leb_u(1), Bytes{I32}})},
                              {0x20, 0x01, 0x41, 0x01, 0x6A, 0x20, 0x01, 0x41, 0x01, 0x6B, 0x20, 0x00,
                               0x41, 0x01, 0x71, 0x1B, 0x21, 0x01}));
}
BENCHMARK(BM_Select);

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  for (int i = 1; i < argc; ++i) {
    if (std::strncmp(argv[i], "--kernels=", 10) == 0) kernels_path() = argv[i] + 10;
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
