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
command -v go >/dev/null || missing+=(golang-go)
command -v wast2json >/dev/null || missing+=(wabt)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)          # the esbuild test fetches esbuild-wasm
command -v valgrind >/dev/null || missing+=(valgrind)
command -v python3 >/dev/null || missing+=(python3)  # the test harnesses
[ -f /usr/include/gtest/gtest.h ] || missing+=(libgtest-dev)
[ -f /usr/include/benchmark/benchmark.h ] || missing+=(libbenchmark-dev)
command -v make >/dev/null || missing+=(make)
if [ ${#missing[@]} -gt 0 ]; then
  echo "run_all: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
fi

suite=${GOWASM_SPEC_SUITE:-$(pwd)/../shared/wasm-testsuite}
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DGOWASM_SPEC_SUITE="$suite"
cmake --build build -j2
cd build
ctest --output-on-failure -j2
