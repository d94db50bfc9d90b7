#!/usr/bin/env bash
# Prepares .sixteen-core/: everything scripts/sixteen-core-bench.sh needs on a machine that reaches
# no registry and may have no toolchain, no node and no taskset. It travels as one git-ignored path
# beside a copy of the working tree, so it must stay within the carry limit (64 MiB), checked here.
#
#   scripts/sixteen-core-bundle.sh                 build (or refresh) .sixteen-core/
#   scripts/sixteen-core-bundle.sh --check-size D  only check folder D against the limit
#
# Layout (docs/sixteen-core.md):
#   langbench/        cli.js and load-worker.js (esbuild; the worker stays a separate file because
#                     run-load.ts starts it by URL next to the bundle), package.json {"type":"module"}
#   targets/          contract.json and per target a manifest that runs the shipped files
#                     (scripts/sixteen-core/bundled-manifest.ts); LANGBENCH_TARGETS_DIR points here
#   launch-floor/     the launcher floor's binary, put back into scripts/launch-floor/ at run time
#   python/<t>.tar.xz pip --target of targets/<t>/requirements.txt, one folder per CPython minor
#                     version (wheels with C extensions are version specific); xz shares the rest
#   node/node.xz      this machine's node binary (portable: it links only glibc and libstdc++)
#   bin/taskset       this machine's taskset, used only when that machine lacks one
#   bundle.env        commit, node version, CPython tags: read by the bench script
#
# Environment: SIXTEEN_CORE_LIMIT_BYTES (default 64 MiB), SIXTEEN_CORE_PYTHON_VERSIONS (default
# "3.11 3.12 3.13": the pinned requirements need 3.11+; with the MCP SDK a fourth no longer fits). The node and python archives are
# reused from the previous bundle when their inputs did not change (xz -9 takes a minute each).
set -euo pipefail
cd "$(dirname "$0")/.."

BUNDLE=.sixteen-core
LIMIT_BYTES=${SIXTEEN_CORE_LIMIT_BYTES:-$((64 * 1024 * 1024))}
PYTHON_VERSIONS=${SIXTEEN_CORE_PYTHON_VERSIONS:-3.11 3.12 3.13}

die() { echo "sixteen-core-bundle: $*" >&2; exit 1; }
step() { echo "== $*"; }

# Apparent bytes of every file under $1 (what a copy carries), with a per-entry breakdown; $2, if
# given, is what travels beside it (the working tree), counted against the same limit.
check_size() {
  local dir=$1 beside=${2:-0} total
  [ -d "$dir" ] || die "$dir is not a folder"
  total=$(( $(du -sb --apparent-size "$dir" | cut -f1) + beside ))
  (cd "$dir" && du -sb --apparent-size -- * | sort -rn | awk '{ printf "  %8.2f MiB  %s\n", $1 / 1048576, $2 }')
  [ "$beside" -eq 0 ] || awk "BEGIN { printf \"  %8.2f MiB  (the working tree, which travels too)\\n\", $beside / 1048576 }"
  printf '  %8.2f MiB  total (limit %.2f MiB)\n' "$(awk "BEGIN { print $total / 1048576 }")" "$(awk "BEGIN { print $LIMIT_BYTES / 1048576 }")"
  if [ "$total" -gt "$LIMIT_BYTES" ]; then
    echo "sixteen-core-bundle: $dir$([ "$beside" -eq 0 ] || echo ' with the working tree') is $total bytes, over the carry limit of $LIMIT_BYTES bytes; drop a CPython version (SIXTEEN_CORE_PYTHON_VERSIONS) or shrink what it carries" >&2
    return 1
  fi
}

if [ "${1:-}" = --check-size ]; then
  check_size "${2:?usage: $0 --check-size FOLDER}"
  exit
fi
[ $# -eq 0 ] || die "unknown argument $1; usage: $0 [--check-size FOLDER]"

for tool in node npm cargo go python3 xz git du; do
  command -v "$tool" >/dev/null || die "$tool not found on PATH; the bundle is built where the toolchains are (langbench doctor says how to install them)"
done
python3 -m pip --version >/dev/null 2>&1 || die "python3 has no pip; install python3-pip"
[ -d node_modules/esbuild ] || die "esbuild is not installed; run npm ci"
NODE_BIN=$(readlink -f "$(command -v node)")
if ldd "$NODE_BIN" 2>/dev/null | grep -q 'libnode\|libuv\|libicu'; then
  die "$NODE_BIN links shared libnode/libuv/libicu (a distribution build) and would not run elsewhere; use an official Node 20+ build"
fi

WORK="$BUNDLE.tmp"
rm -rf "$WORK"
mkdir -p "$WORK"/{langbench,targets,python,node,bin}
trap 'rm -rf "$WORK"' EXIT

step "langbench: compile, build the native targets"
npm run -s build
node dist/harness/cli.js build --targets axum,go-nethttp

step "langbench: bundle cli.js and load-worker.js (esbuild)"
# ESM output, but autocannon and other CommonJS dependencies require() Node builtins: give the
# bundle a real require. The .node addons are ssh2's optional crypto (dockerode, unused with
# --runtime process) and are loaded inside try/catch. ESM entry points first: jsonc-parser's CommonJS
# (UMD) build require()s its own files at run time, which a bundle does not ship. CommonJS code
# that reads __dirname at load (ssh2, under dockerode) gets the bundle's folder.
npx esbuild harness/cli.ts harness/load/load-worker.ts --bundle --platform=node --format=esm --target=node20 \
  --main-fields=module,main --outdir="$WORK/langbench" --entry-names='[name]' --external:'*.node' --log-level=warning \
  --banner:js="import { createRequire as __langbenchCreateRequire } from 'node:module'; import { fileURLToPath as __langbenchPath } from 'node:url'; const require = __langbenchCreateRequire(import.meta.url); const __filename = __langbenchPath(import.meta.url); const __dirname = __langbenchPath(new URL('.', import.meta.url));"
echo '{ "type": "module" }' > "$WORK/langbench/package.json"

step "targets: shipped files and manifests, the launcher floor"
node dist/scripts/sixteen-core/write-bundle-targets.js "$WORK" axum go-nethttp fastapi
# the bundled cli loads and reads the bundled manifests (the rehearsal script runs a whole bench)
LANGBENCH_TARGETS_DIR="$WORK/targets" node "$WORK/langbench/cli.js" targets

# Reuses $BUNDLE/$1 when $BUNDLE/$1.key equals the key $2, else runs the rest of the arguments.
reuse_or_make() {
  local file=$1 key=$2
  shift 2
  if [ -f "$BUNDLE/$file" ] && [ "$(cat "$BUNDLE/$file.key" 2>/dev/null)" = "$key" ]; then
    echo "  $file unchanged, reused"
    cp "$BUNDLE/$file" "$WORK/$file"
  else
    "$@"
  fi
  echo "$key" > "$WORK/$file.key"
}

make_site_packages() {
  local target=$1 staging version
  staging=$(mktemp -d)
  for version in $PYTHON_VERSIONS; do
    echo "  $target: pip install --target for CPython $version"
    # --no-warn-conflicts: pip would compare the target folder with this python3's own packages
    PIP_ROOT_USER_ACTION=ignore python3 -m pip install --disable-pip-version-check --no-input --no-compile --quiet --no-warn-conflicts \
      --target "$staging/cp${version/./}" --python-version "$version" --implementation cp \
      --only-binary=:all: --platform manylinux2014_x86_64 -r "targets/$target/requirements.txt" \
      || { rm -rf "$staging"; die "$target: no wheels for CPython $version; drop it from SIXTEEN_CORE_PYTHON_VERSIONS"; }
  done
  echo "  $target: xz -9 (about a minute)"
  tar -C "$staging" -cf - . | xz -9 -T1 > "$WORK/python/$target.tar.xz"
  rm -rf "$staging"
}

step "python: site-packages per CPython version"
PYTHON_TAGS=""
for version in $PYTHON_VERSIONS; do PYTHON_TAGS="$PYTHON_TAGS cp${version/./}"; done
PYTHON_TAGS=${PYTHON_TAGS# }
while read -r target; do
  [ -n "$target" ] || continue
  key="$PYTHON_TAGS $(sha256sum "targets/$target/requirements.txt" | cut -d' ' -f1)"
  reuse_or_make "python/$target.tar.xz" "$key" make_site_packages "$target"
done < "$WORK/targets/python-targets.txt"

step "node: $(node --version) from $NODE_BIN"
make_node() { echo "  xz -9 (about a minute)"; xz -9 -T1 -c "$NODE_BIN" > "$WORK/node/node.xz"; }
reuse_or_make node/node.xz "$(node --version) $(sha256sum "$NODE_BIN" | cut -d' ' -f1)" make_node

if command -v taskset >/dev/null; then cp "$(command -v taskset)" "$WORK/bin/taskset"; fi

COMMIT=$(git rev-parse HEAD)
[ -z "$(git status --porcelain --untracked-files=no)" ] || COMMIT="$COMMIT-dirty"
cat > "$WORK/bundle.env" <<EOF
BUNDLE_COMMIT=$COMMIT
BUNDLE_CREATED=$(date -u +%Y-%m-%dT%H:%M:%SZ)
BUNDLE_NODE_VERSION=$(node --version)
BUNDLE_PYTHON_TAGS="$PYTHON_TAGS"
EOF

step "size"
# the limit covers everything that travels: the tracked and untracked, not ignored files too
TREE_BYTES=$(git ls-files -z --cached --others --exclude-standard | xargs -0 stat -c %s 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
check_size "$WORK" "$TREE_BYTES"
rm -rf "$BUNDLE"
mv "$WORK" "$BUNDLE"
trap - EXIT
echo "bundle ready: $BUNDLE (commit $COMMIT); on the 16-core machine run: bash scripts/sixteen-core-bench.sh"
