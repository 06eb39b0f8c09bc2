#!/usr/bin/env bash
# `GOOS=js GOARCH=wasm go test PKG...` with the Go toolchain NAME of
# tests/go_toolchains.txt, gowasm-run installed as go_js_wasm_exec first on
# PATH and no node anywhere on PATH.
#   go_test_exec_test.sh TOOLCHAIN BUILD_DIR SCRATCH_DIR PKG...
set -euo pipefail
toolchain=$1 build=$2 scratch=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
eval "$(python3 "$here/go_toolchains.py" env "$toolchain")"
rm -rf "$scratch"
cmake --install "$build" --prefix "$scratch/prefix" >/dev/null
test -L "$scratch/prefix/bin/go_js_wasm_exec"
# The toolchain's bin folder holds its real go command; from Go 1.24 the go
# command also appends GOROOT/lib/wasm (Go's own Node launcher) to PATH,
# which must then find no node.
path="$scratch/prefix/bin:$GOROOT_BIN"
if PATH="$path" command -v node >/dev/null; then
  echo "go_test_exec_test: node is reachable on $path" >&2; exit 1
fi
cd "$scratch"
env -i HOME="$HOME" PATH="$path" GOCACHE="$("$GO" env GOCACHE)" GOMODCACHE="$("$GO" env GOMODCACHE)" \
    GOTOOLCHAIN="${GOTOOLCHAIN:-local}" GOOS=js GOARCH=wasm go test -count=1 "$@"
