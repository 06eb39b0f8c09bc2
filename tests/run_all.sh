#!/usr/bin/env bash
# The README's test command: installs what the tests need when it is
# missing (Debian packages; as root, or through sudo), builds everything and
# runs every test through CTest. The official spec suite is read from
# ../shared/wasm-testsuite (override with GOWASM_SPEC_SUITE).
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v cmake >/dev/null || missing+=(cmake)
command -v g++ >/dev/null || missing+=(g++)
command -v make >/dev/null || missing+=(make)
command -v pkg-config >/dev/null || missing+=(pkg-config)
command -v wast2json >/dev/null || missing+=(wabt)
command -v wasm-opt >/dev/null || missing+=(binaryen)  # the differential test's second interpreter
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)          # the esbuild test fetches esbuild-wasm
command -v valgrind >/dev/null || missing+=(valgrind)
command -v python3 >/dev/null || missing+=(python3)  # the test harnesses
command -v clang++ >/dev/null || missing+=(clang)    # the fuzz targets (README, Fuzzing)
[ -f /usr/include/gtest/gtest.h ] || missing+=(libgtest-dev)
[ -f /usr/include/benchmark/benchmark.h ] || missing+=(libbenchmark-dev)
[ -x /usr/lib/go-1.19/bin/go ] || missing+=(golang-1.19)  # tests/go_toolchains.txt
command -v go >/dev/null || [ -x /usr/local/go/bin/go ] || missing+=(golang-go)
if [ ${#missing[@]} -gt 0 ]; then
  echo "run_all: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi
# Every toolchain the tests use is there and is what it claims to be (Go
# 1.27.3 comes from the Go module proxy on first use).
echo "run_all: Go toolchains: $(python3 tests/go_toolchains.py names | tr "\n" " ")"
for toolchain in $(python3 tests/go_toolchains.py names); do
  python3 tests/go_toolchains.py env "$toolchain" >/dev/null
done

suite=${GOWASM_SPEC_SUITE:-$(pwd)/../shared/wasm-testsuite}
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DGOWASM_SPEC_SUITE="$suite"
cmake --build build -j2
(cd build && ctest --output-on-failure -j2)

# The sanitized lane: everything built again with AddressSanitizer and
# UBSan (GOWASM_SANITIZE; any report fails its test), running the unit
# tests, the spec suite, the fuzz findings and the generator test, and the
# Go programs of one toolchain. Left out for time: Go's own package tests,
# go test through go_js_wasm_exec, the real programs, esbuild, the examples,
# the WASI port's Go programs (its unit tests do run here) and the
# differential test (mostly binaryen's time), which the lane above runs; and what cannot run under ASan: valgrind's memcheck, the hostile
# modules' peak-memory bounds, the CLI's and output_end's timing bounds.
started=$(date +%s)
cmake -S . -B build-sanitized -DCMAKE_BUILD_TYPE=Release -DGOWASM_SANITIZE=ON -DGOWASM_BENCH=OFF \
  -DGOWASM_SPEC_SUITE="$suite"
cmake --build build-sanitized -j2
(cd build-sanitized && ctest --output-on-failure -j2 \
  -E '^(gostd-|go_test_exec_|realprogs_|esbuild|examples|install_and_embed|spec_memcheck|hostile_modules|gowasm_run_cli|output_end|wasi_both_ports|differential_binaryen|go_programs_go1\.(19|27))')
echo "run_all: the sanitized lane took $(( $(date +%s) - started )) s"
