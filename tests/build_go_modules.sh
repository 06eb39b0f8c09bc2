#!/usr/bin/env bash
# Builds programs of testdata/go with one toolchain of go_toolchains.txt,
# for the C++ tests that load Go modules.
#   build_go_modules.sh TOOLCHAIN TESTDATA_GO_DIR OUT_DIR PROGRAM...
set -euo pipefail
toolchain=$1 src=$2 out=$3
shift 3
here=$(cd "$(dirname "$0")" && pwd)
eval "$(python3 "$here/go_toolchains.py" env "$toolchain")"
mkdir -p "$out"
for program in "$@"; do
  (cd "$src" && GOOS=js GOARCH=wasm "$GO" build -o "$out/$program.wasm" "./$program")
done
