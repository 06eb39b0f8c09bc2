#!/usr/bin/env bash
# `GOOS=js GOARCH=wasm go test os path/filepath io/fs` with gowasm-run
# installed as go_js_wasm_exec and no node anywhere on PATH.
#   go_test_exec_test.sh BUILD_DIR SCRATCH_DIR
set -euo pipefail
build=$1 scratch=$2
rm -rf "$scratch"
cmake --install "$build" --prefix "$scratch/prefix" >/dev/null
test -L "$scratch/prefix/bin/go_js_wasm_exec"
goroot=$(go env GOROOT)
if PATH="$goroot/bin:$scratch/prefix/bin" command -v node >/dev/null; then
  echo "go_test_exec_test: node is reachable through $goroot/bin" >&2; exit 1
fi
cd "$scratch"
env -i HOME="$HOME" PATH="$goroot/bin:$scratch/prefix/bin" GOCACHE="$(go env GOCACHE)" \
    GOOS=js GOARCH=wasm go test -count=1 os path/filepath io/fs
