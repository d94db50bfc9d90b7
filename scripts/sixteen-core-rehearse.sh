#!/usr/bin/env bash
# Rehearses the 16-core run here: copies what that machine gets (the tracked and the untracked,
# not ignored files, plus .sixteen-core/) into a temporary folder, hides cargo, go and cc,
# runs scripts/sixteen-core-bench.sh there with short settings and checks that every target it
# ran reports status ok. Build the bundle first (scripts/sixteen-core-bundle.sh).
#
#   scripts/sixteen-core-rehearse.sh            --cpus 1, 3 trials of 2 s: about 1.5 minutes
#   REHEARSE_PYTHON3=/path/to/python3.12 ...    use that python3 (another CPython's site-packages)
#   SIXTEEN_CORE_* variables pass through (e.g. SIXTEEN_CORE_TARGETS=fastapi)
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "sixteen-core-rehearse: $*" >&2; exit 1; }
[ -f .sixteen-core/bundle.env ] || die "no bundle: run scripts/sixteen-core-bundle.sh first"

SIM=$(mktemp -d /tmp/sixteen-core-rehearse.XXXXXX)
mkdir -p "$SIM/repo" "$SIM/out" "$SIM/bin"
echo "rehearsal in $SIM"
git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' file; do [ -e "$file" ] && printf '%s\0' "$file"; done \
  | tar --null -T - -cf - | tar -C "$SIM/repo" -xf -
# the bundle as made, without what an earlier run here unpacked into it
tar --exclude=.sixteen-core/run --exclude='.sixteen-core/targets/*/site-packages' -cf - .sixteen-core | tar -C "$SIM/repo" -xf -

# The remote need not have the build toolchains: keep only the PATH folders without cargo or go.
SIM_PATH="$SIM/bin"
IFS=: read -r -a DIRS <<< "$PATH"
for dir in "${DIRS[@]}"; do
  [ -x "$dir/cargo" ] || [ -x "$dir/go" ] || [ -x "$dir/rustc" ] || SIM_PATH="$SIM_PATH:$dir"
done
# cc lives in /usr/bin with everything else: shadow it, so that the launcher floor must come from
# the bundle as it will there
for tool in cc gcc; do printf '#!/bin/sh\necho "%s: hidden by the rehearsal" >&2; exit 127\n' "$tool" > "$SIM/bin/$tool"; chmod +x "$SIM/bin/$tool"; done
if [ -n "${REHEARSE_PYTHON3:-}" ]; then ln -s "$REHEARSE_PYTHON3" "$SIM/bin/python3"; fi
for tool in cargo go; do ! PATH="$SIM_PATH" command -v "$tool" >/dev/null || die "$tool is still on the rehearsal PATH"; done

RC=0
env -u LANGBENCH_TARGETS_DIR -u LANGBENCH_GIT_COMMIT PATH="$SIM_PATH" OUT="$SIM/out" \
  SIXTEEN_CORE_CPUS="${SIXTEEN_CORE_CPUS:-1}" SIXTEEN_CORE_TRIALS="${SIXTEEN_CORE_TRIALS:-3}" \
  SIXTEEN_CORE_DURATION="${SIXTEEN_CORE_DURATION:-2}" SIXTEEN_CORE_WARMUP="${SIXTEEN_CORE_WARMUP:-1}" \
  SIXTEEN_CORE_COLD_STARTS="${SIXTEEN_CORE_COLD_STARTS:-3}" \
  bash "$SIM/repo/scripts/sixteen-core-bench.sh" || RC=$?

RESULT=$(ls "$SIM"/out/*.json 2>/dev/null | head -n1)
[ -n "$RESULT" ] || die "no result in $SIM/out (bench exit $RC)"
node --input-type=module - "$RESULT" <<'JS'
import { readFileSync } from 'node:fs';
const result = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const bad = result.targets.filter((t) => t.status !== 'ok');
console.log(`rehearsal: ${result.targets.map((t) => `${t.name} ${t.status}`).join(', ')}; commit ${result.langbench.gitCommit}`);
// a harness that measures the launcher floor must have found the bundled one (the copy has no cc build)
const floorMissing = 'launchFloor' in result && result.launchFloor?.median == null;
if (floorMissing) console.log(`rehearsal: the launcher floor was not measured: ${result.warnings.join('; ')}`);
else if (result.launchFloor) console.log(`rehearsal: launcher floor ${result.launchFloor.median.toFixed(1)} ms`);
if (bad.length > 0 || result.targets.length === 0 || floorMissing) process.exit(1);
JS
[ "$RC" -eq 0 ] || die "the bench exited $RC"
echo "rehearsal passed: $RESULT and its reports; rm -rf $SIM when done"
