#!/usr/bin/env bash
# A module produced by Go decodes and validates, and gowasm-dump shows the
# four exports wasm_exec.js relies on and the go.* imports.
#   go_module_test.sh GOWASM_DUMP TESTDATA_GO_DIR OUT_DIR
set -euo pipefail
dump=$1 src=$2 out=$3
if ! command -v go >/dev/null; then
  echo "go_module_test: the Go toolchain is missing (apt-get install golang-go)" >&2
  exit 1
fi
mkdir -p "$out"
(cd "$src" && GOOS=js GOARCH=wasm go build -o "$out/hello.wasm" ./hello)
summary=$("$dump" "$out/hello.wasm")
echo "$summary"
fail=0
for want in "func   run = " "func   resume = " "func   getsp = " "memory mem = " \
            "func   go.runtime.wasmExit " "func   go.runtime.wasmWrite " "func   go.syscall/js.valueGet "; do
  if ! grep -qF -- "$want" <<<"$summary"; then
    echo "go_module_test: missing from the summary: '$want'" >&2
    fail=1
  fi
done
exports=$(grep -c '^  \(func\|memory\) .* = ' <<<"$summary" || true)
if [ "$exports" != 4 ]; then echo "go_module_test: expected 4 exports, saw $exports" >&2; fail=1; fi
if grep -q '^  func   [^g]' <<<"$(sed -n '/^imports:/,/^functions:/p' <<<"$summary")"; then
  echo "go_module_test: an import outside module go" >&2; fail=1
fi
exit $fail
