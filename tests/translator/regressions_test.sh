#!/usr/bin/env bash
# The translator's past bugs as a spec script: every command must pass.
#   regressions_test.sh GOWASM_SPEC OUT_DIR
set -euo pipefail
gowasm_spec=$1 out=$2
command -v wast2json >/dev/null || { echo "regressions_test: wast2json is missing (apt-get install wabt)" >&2; exit 1; }
mkdir -p "$out"
wast2json "$(dirname "$0")/regressions.wast" -o "$out/regressions.json"
"$gowasm_spec" --verbose "$out/regressions.json"
