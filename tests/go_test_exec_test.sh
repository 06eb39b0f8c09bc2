#!/usr/bin/env bash
# `GOOS=GOOS GOARCH=wasm go test PKG...` with the Go toolchain NAME of
# tests/go_toolchains.txt, gowasm-run installed as go_GOOS_wasm_exec (the
# runner the go command looks for: go_js_wasm_exec or go_wasip1_wasm_exec)
# first on PATH and no other WebAssembly runner anywhere on PATH.
#   go_test_exec_test.sh TOOLCHAIN GOOS BUILD_DIR SCRATCH_DIR PKG...
set -euo pipefail
toolchain=$1 goos=$2 build=$3 scratch=$4
shift 4
here=$(cd "$(dirname "$0")" && pwd)
eval "$(python3 "$here/go_toolchains.py" env "$toolchain")"
rm -rf "$scratch"
cmake --install "$build" --prefix "$scratch/prefix" >/dev/null
runner=go_${goos}_wasm_exec
test -L "$scratch/prefix/bin/$runner"
# The toolchain's bin folder holds its real go command; from Go 1.24 the go
# command also appends GOROOT/lib/wasm (Go's own launchers, which call node,
# or wasmtime, wazero, wasmedge, wasmer) to PATH, which must then find none
# of those: only gowasm-run can run the tests.
path="$scratch/prefix/bin:$GOROOT_BIN"
for other in node wasmtime wazero wasmedge wasmer; do
  if PATH="$path" command -v "$other" >/dev/null; then
    echo "go_test_exec_test: $other is reachable on $path" >&2; exit 1
  fi
done
# Nothing else in the environment: not even GOWASIRUNTIME, which tells Go's
# tests which WASI runtime's known gaps to skip (gostd-wasip1 sets it).
cd "$scratch"
env -i HOME="$HOME" PATH="$path" GOCACHE="$("$GO" env GOCACHE)" GOMODCACHE="$("$GO" env GOMODCACHE)" \
    GOTOOLCHAIN="${GOTOOLCHAIN:-local}" GOOS="$goos" GOARCH=wasm go test -count=1 "$@"
