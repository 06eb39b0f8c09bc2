#!/usr/bin/env bash
# esbuild, a large real-world Go program (esbuild-wasm 0.25.0 from npm, built
# with a modern Go: it imports module "gojs"), bundles and minifies a small
# multi-file project under gowasm-run and under Node.js; the two bundles must
# be byte-identical.
#   run_esbuild_test.sh GOWASM_RUN OUT_DIR [NODE_REF_RUN_JS]
# OUT_DIR keeps the npm tarball (fetched once with `npm pack`, never
# committed), the extracted package and the project. NODE_REF_RUN_JS defaults
# to shared/tools/node-ref-run.js beside the repository; the Node run uses the
# package's own wasm_exec.js, which matches the Go that built esbuild.wasm.
# ESBUILD_TIMEOUT (default 600s) caps each gowasm-run run.
set -uo pipefail
version=0.25.0
tarball_sha1=56bbcc29d9eb5052ff1598248dc37dd958876e82  # npm's shasum for esbuild-wasm-0.25.0.tgz
here=$(cd "$(dirname "$0")" && pwd)
if [ $# -lt 2 ]; then echo "usage: run_esbuild_test.sh GOWASM_RUN OUT_DIR [NODE_REF_RUN_JS]" >&2; exit 2; fi
run=$1 out=$2 node_ref=${3:-$here/../../../shared/tools/node-ref-run.js}
timeout=${ESBUILD_TIMEOUT:-600s}
die() { echo "esbuild: $*" >&2; exit 1; }
for tool in node npm tar cmp sha1sum; do
  command -v "$tool" >/dev/null || die "$tool is missing (apt-get install nodejs npm)"
done
[ -x "$run" ] || die "gowasm-run is missing or not executable: $run"
[ -f "$node_ref" ] || die "node-ref-run.js not found: $node_ref"
mkdir -p "$out" || exit 1
run=$(cd "$(dirname "$run")" && pwd)/$(basename "$run")
out=$(cd "$out" && pwd)
node_ref=$(cd "$(dirname "$node_ref")" && pwd)/$(basename "$node_ref")

# (a) The package, cached in OUT_DIR.
tgz=$out/esbuild-wasm-$version.tgz
if [ ! -f "$tgz" ]; then
  tmp=$(mktemp -d "$out/npm-pack.XXXXXX") || exit 1
  (cd "$tmp" && npm pack --silent "esbuild-wasm@$version" >/dev/null) \
    || { rm -rf "$tmp"; die "npm pack esbuild-wasm@$version failed (is the npm registry reachable?)"; }
  mv "$tmp/esbuild-wasm-$version.tgz" "$tgz" && rm -rf "$tmp"
fi
got=$(sha1sum "$tgz" | cut -d' ' -f1)
[ "$got" = "$tarball_sha1" ] || { rm -f "$tgz"; die "$tgz has sha1 $got, want $tarball_sha1 (removed; run again)"; }
pkg=$out/esbuild-wasm-$version
if [ ! -f "$pkg/esbuild.wasm" ] || [ "$tgz" -nt "$pkg/esbuild.wasm" ]; then
  rm -rf "$pkg" && mkdir -p "$pkg" || exit 1
  tar xzf "$tgz" -C "$pkg" --strip-components=1 package/esbuild.wasm package/wasm_exec.js \
    || die "cannot extract esbuild.wasm and wasm_exec.js from $tgz"
  touch "$pkg/esbuild.wasm"
fi
wasm=$pkg/esbuild.wasm glue=$pkg/wasm_exec.js

# (c) The project: a fresh copy of tests/esbuild/project. esbuild also looks
# for package.json and tsconfig.json in the directories above it: under Node
# it sees OUT_DIR's parents, under gowasm-run only PROJECT, so none of those
# parents may hold such a file.
project=$out/project
rm -rf "$project" && cp -R "$here/project" "$project" || exit 1
for d in "$out" "$(dirname "$out")" "$(dirname "$(dirname "$out")")"; do
  for f in package.json tsconfig.json jsconfig.json; do
    [ -f "$d/$f" ] && echo "esbuild: warning: $d/$f is visible to esbuild under Node only" >&2
  done
done

# Runs "$@" in PROJECT; sets status, output (stdout), errors (stderr), secs.
timed() {
  local start=$EPOCHREALTIME
  output=$(cd "$project" && "$@" 2>"$out/stderr.txt"); status=$?
  errors=$(cat "$out/stderr.txt")
  secs=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
}
bundle_args=(app.js --bundle --minify)
# The Node reference: a near-empty environment (Go's wasm_exec.js limits the
# size of argv plus environment), the package's own glue.
# shellcheck disable=SC2317  # called through timed
node_esbuild() { env -i PATH="$PATH" HOME="${HOME:-/}" WASM_EXEC="$glue" node "$node_ref" "$wasm" "$@"; }
# shellcheck disable=SC2317  # called through timed
gowasm_esbuild() { "$run" --timeout "$timeout" --dir "$project" "$wasm" "$@"; }

fail=0
# (b) Node.js: the reference must work, or the comparison means nothing.
timed node_esbuild --version
if [ $status != 0 ] || [ "$output" != "$version" ]; then
  die "Node.js: esbuild --version: status $status, output '$output' (want $version): $errors"
fi
echo "ok   node esbuild --version: $output (${secs}s)"
timed node_esbuild "${bundle_args[@]}" --outfile=out.node.js
if [ $status != 0 ] || [ ! -s "$project/out.node.js" ]; then
  die "Node.js: esbuild bundle failed, status $status: $errors"
fi
node_secs=$secs
echo "ok   node esbuild bundle: $(wc -c <"$project/out.node.js") bytes (${node_secs}s)"
# The reference bundle is minified, tree-shaken and runs.
grep -q UNUSED_REPORT_MARKER "$project/out.node.js" && die "Node.js: the unused export was not tree-shaken"
grep -q "describeItem\|padRight" "$project/out.node.js" && die "Node.js: the bundle is not minified"
want="Corner Hardware: 5 items, 3 at or above €10.00"
ran=$(node "$project/out.node.js") || die "Node.js: the bundle does not run"
[ "$(head -1 <<<"$ran")" = "$want" ] || die "Node.js: the bundle prints '$(head -1 <<<"$ran")', want '$want'"
echo "ok   node runs the bundle: $want"

# (d) gowasm-run, with only PROJECT mapped into the guest and cwd = PROJECT.
timed gowasm_esbuild --version
if [ $status = 0 ] && [ "$output" = "$version" ]; then
  echo "ok   gowasm-run esbuild --version: $output (${secs}s)"
else
  echo "FAIL gowasm-run --dir $project esbuild.wasm --version: status $status, output '$output' (want $version)"
  [ -n "$errors" ] && head -20 <<<"$errors" | sed 's/^/    /'
  fail=1
fi
timed gowasm_esbuild "${bundle_args[@]}" --outfile=out.gowasm.js
gowasm_secs=$secs
if [ $status != 0 ] || [ ! -f "$project/out.gowasm.js" ]; then
  echo "FAIL gowasm-run --dir $project esbuild.wasm ${bundle_args[*]} --outfile=out.gowasm.js: status $status (${gowasm_secs}s)"
  [ -n "$errors" ] && head -20 <<<"$errors" | sed 's/^/    /'
  fail=1
elif ! cmp "$project/out.node.js" "$project/out.gowasm.js"; then
  printf '%s\n' "FAIL the bundles differ: diff <(tr ';' '\\n' <$project/out.node.js) <(tr ';' '\\n' <$project/out.gowasm.js)"
  fail=1
else
  echo "ok   gowasm-run esbuild bundle: byte-identical to Node's"
fi
echo "wall time of the bundle: gowasm-run ${gowasm_secs}s, node ${node_secs}s"
if [ $fail = 0 ]; then echo "1 passed, 0 failed"; else echo "0 passed, 1 failed"; fi
exit $fail
