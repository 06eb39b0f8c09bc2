#!/usr/bin/env bash
# A module produced by the Go toolchain NAME (tests/go_toolchains.txt)
# decodes and validates, and gowasm-dump shows the four exports wasm_exec.js
# relies on and the host imports of the ABI that Go release uses: module
# "go" before Go 1.21, "gojs" from Go 1.21 on.
#   go_module_test.sh TOOLCHAIN GOWASM_DUMP TESTDATA_GO_DIR OUT_DIR
set -euo pipefail
toolchain=$1 dump=$2 src=$3 out=$4
here=$(cd "$(dirname "$0")" && pwd)
eval "$(python3 "$here/go_toolchains.py" env "$toolchain")"
abi=gojs
case $toolchain in go1.1[0-9]|go1.1[0-9].*|go1.20|go1.20.*) abi=go ;; esac
mkdir -p "$out"
(cd "$src" && GOOS=js GOARCH=wasm "$GO" build -o "$out/hello.wasm" ./hello)
summary=$("$dump" "$out/hello.wasm")
echo "$summary"
fail=0
for want in "func   run = " "func   resume = " "func   getsp = " "memory mem = " \
            "func   $abi.runtime.wasmExit " "func   $abi.runtime.wasmWrite " "func   $abi.syscall/js.valueGet "; do
  if ! grep -qF -- "$want" <<<"$summary"; then
    echo "go_module_test: missing from the summary: '$want'" >&2
    fail=1
  fi
done
exports=$(grep -c '^  \(func\|memory\) .* = ' <<<"$summary" || true)
if [ "$exports" != 4 ]; then echo "go_module_test: expected 4 exports, saw $exports" >&2; fail=1; fi
if sed -n '/^imports:/,/^functions:/p' <<<"$summary" | grep '^  func ' | grep -vq "^  func   $abi\."; then
  echo "go_module_test: an import outside module $abi" >&2; fail=1
fi
exit $fail
