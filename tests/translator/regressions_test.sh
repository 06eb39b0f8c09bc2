#!/usr/bin/env bash
# The translator's folds (folds.wast) and past bugs (regressions.wast) as
# spec scripts: every command must pass.
#   regressions_test.sh GOWASM_SPEC OUT_DIR
set -euo pipefail
gowasm_spec=$1 out=$2
here=$(dirname "$0")
command -v wast2json >/dev/null || { echo "regressions_test: wast2json is missing (apt-get install wabt)" >&2; exit 1; }
mkdir -p "$out"
for script in folds regressions; do
  wast2json "$here/$script.wast" -o "$out/$script.json"
  "$gowasm_spec" --verbose "$out/$script.json"
done
