#!/usr/bin/env bash
# The one command run on the 16-core machine, from the root of a copy of the working tree that
# carries .sixteen-core/ (made by scripts/sixteen-core-bundle.sh):
#
#   OUT=/some/empty/folder bash scripts/sixteen-core-bench.sh
#
# It probes what the machine offers (cores, SMT siblings, memory, node, python3, taskset, xz),
# unpacks the bundled node and the site-packages matching the machine's CPython, then runs
# `langbench bench --runtime process --cpus 4`: the server on the highest-numbered 4 cores, the
# load generator (one autocannon worker thread per core) on the other 12. Everything it prints
# also goes to $OUT/sixteen-core.log; the result file and its .md/.html reports go to $OUT.
#
# Chosen for a machine lent for about 15 minutes in all and 10 per command, so that a run takes
# about 4.5 minutes (under 6 if every allowed re-run happens) and leaves time to run it again; all
# of it is recorded in the result's options:
#   --trials 6        the fewest with a 95% interval for the median and a passable gate
#   --duration 5      seconds per trial (the default 10 would double the run)
#   --warmup 2        seconds before each scenario's first trial
#   --max-reruns 2    re-runs of disturbed trials per target and scenario (the default, half the
#                     trials, could add a third round more)
#   --cold-starts 5, --connections 64, --rewarm 1, interleaved schedule: the defaults
#   --wait 120        queue up to 2 minutes behind another bench on the machine (a rehearsal here
#                     meets the test suite's), rather than refusing at once
# Overrides, for a test on a smaller machine: SIXTEEN_CORE_CPUS, SIXTEEN_CORE_TRIALS,
# SIXTEEN_CORE_DURATION, SIXTEEN_CORE_WARMUP, SIXTEEN_CORE_MAX_RERUNS, SIXTEEN_CORE_COLD_STARTS,
# SIXTEEN_CORE_CONNECTIONS, SIXTEEN_CORE_TARGETS (comma-separated), SIXTEEN_CORE_TIME_LIMIT
# (seconds before the bench is stopped, default 480).
#
# Exit status: langbench's (0 ok, 3 a target failed; see README), 3 also when a target had to be
# left out (no usable python3), 1 when something the run needs is missing, 124 when stopped by
# the time limit.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
ROOT=$PWD
BUNDLE=$ROOT/.sixteen-core

CPUS=${SIXTEEN_CORE_CPUS:-4}
TRIALS=${SIXTEEN_CORE_TRIALS:-6}
DURATION=${SIXTEEN_CORE_DURATION:-5}
WARMUP=${SIXTEEN_CORE_WARMUP:-2}
MAX_RERUNS=${SIXTEEN_CORE_MAX_RERUNS:-2}
COLD_STARTS=${SIXTEEN_CORE_COLD_STARTS:-5}
CONNECTIONS=${SIXTEEN_CORE_CONNECTIONS:-64}
TIME_LIMIT=${SIXTEEN_CORE_TIME_LIMIT:-480}

die() { echo "sixteen-core-bench: FAILED: $*" >&2; exit 1; }
step() { echo; echo "== $* [$(date -u +%H:%M:%S)]"; }

[ -n "${OUT:-}" ] || die "OUT is not set; name the folder for the result: OUT=/tmp/out bash $0"
mkdir -p "$OUT" || die "cannot create OUT=$OUT"
OUT=$(cd "$OUT" && pwd)
# Everything printed also lands in $OUT, which is what comes back from the machine.
exec 3>&1 4>&2
exec > >(tee -a "$OUT/sixteen-core.log") 2>&1
TEE_PID=$!
trap 'exec 1>&3 2>&4; wait "$TEE_PID" 2>/dev/null' EXIT

[ -f "$BUNDLE/bundle.env" ] || die "$BUNDLE/bundle.env is missing: build the bundle with scripts/sixteen-core-bundle.sh and carry .sixteen-core"
# shellcheck source=/dev/null
. "$BUNDLE/bundle.env"
echo "sixteen-core-bench: bundle of commit $BUNDLE_COMMIT, made $BUNDLE_CREATED"

# "0-3,8,10-11" -> "0 1 2 3 8 10 11"
expand_cpus() {
  local part out=""
  for part in ${1//,/ }; do
    if [[ $part == *-* ]]; then out="$out $(seq -s ' ' "${part%-*}" "${part#*-}")"; else out="$out $part"; fi
  done
  echo "${out# }"
}
tool_version() {
  if command -v "$1" >/dev/null 2>&1; then echo "$("$@" 2>&1 | head -n1) ($(command -v "$1"))"; else echo missing; fi
}

step "probe"
ALLOWED=$(expand_cpus "$(awk '/^Cpus_allowed_list:/ { print $2 }' /proc/self/status)")
read -r -a CORES <<< "$ALLOWED"
{
  echo "cpu model:      $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
  echo "cores online:   $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?'); allowed to this process: ${#CORES[@]} ($(awk '/^Cpus_allowed_list:/ { print $2 }' /proc/self/status))"
  echo "smt siblings:   $(cat /sys/devices/system/cpu/cpu[0-9]*/topology/thread_siblings_list 2>/dev/null | sort -un | tr '\n' ' ')"
  echo "memory:         $(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
  echo "kernel:         $(uname -sr)"
  echo "os:             $(. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME" || echo unknown)"
  echo "glibc:          $(getconf GNU_LIBC_VERSION 2>/dev/null || echo unknown)"
  echo "cgroup cpu.max: $(cat /sys/fs/cgroup/cpu.max 2>/dev/null || echo none)"
  # gVisor (runsc) answers with its own kernel: it schedules on the Go runtime and carries loopback
  # TCP in its own network stack, so pinning and the network are not the host's
  echo "sandbox:        $(if dmesg 2>/dev/null | grep -qi gvisor; then echo 'gVisor (dmesg)'; else echo 'none seen (dmesg)'; fi)"
  echo "node:           $(tool_version node --version)"
  echo "python3:        $(tool_version python3 --version)"
  echo "taskset:        $(tool_version taskset --version)"
  echo "xz:             $(tool_version xz --version)"
  echo "timeout:        $(tool_version timeout --version)"
} | tee "$OUT/probe.txt"

step "node"
RUN=$BUNDLE/run
mkdir -p "$RUN/bin"
NODE=""
# The bundled node is the one the bundle was tested with, so the load generator matches the runs
# made elsewhere; xz, else python3's lzma, unpacks it.
if [ ! -x "$RUN/bin/node" ]; then
  if command -v xz >/dev/null; then
    xz -dc "$BUNDLE/node/node.xz" > "$RUN/bin/node.tmp"
  elif command -v python3 >/dev/null; then
    python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$BUNDLE/node/node.xz" "$RUN/bin/node.tmp"
  fi && chmod +x "$RUN/bin/node.tmp" && mv "$RUN/bin/node.tmp" "$RUN/bin/node"
fi
if [ -x "$RUN/bin/node" ] && "$RUN/bin/node" --version >/dev/null 2>&1; then
  NODE=$RUN/bin/node
  echo "using the bundled node $("$NODE" --version)"
else
  echo "WARNING: the bundled node $BUNDLE_NODE_VERSION could not be unpacked or run here (no xz nor python3, or glibc older than 2.28)"
  if command -v node >/dev/null && [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -ge 20 ]; then
    NODE=$(command -v node)
    echo "WARNING: using this machine's node $("$NODE" --version) instead: the load generator differs from the bundle's"
  fi
fi
[ -n "$NODE" ] || die "no usable Node 20+: the bundled one did not run and this machine has none"

step "taskset"
# The machine's own first; the bundled one (linked against glibc 2.34+) only when it has none.
PATH="$PATH:$BUNDLE/bin"
command -v taskset >/dev/null || die "taskset not found and none bundled; it comes with util-linux"
LAST_CORE=${CORES[${#CORES[@]}-1]}
taskset -c "$LAST_CORE" true || die "$(command -v taskset) cannot pin to core $LAST_CORE here"
echo "using $(command -v taskset)"
# Does the kernel hold the pin? Two 1-second busy loops pinned to one core get about 0.5 s of CPU
# each where it does, about 1 s each where the mask is only recorded (gVisor).
BUSY='const t = Date.now(); while (Date.now() - t < 1000); const u = process.cpuUsage(); console.log(((u.user + u.system) / 1e6).toFixed(2))'
taskset -c "$LAST_CORE" "$NODE" -e "$BUSY" > "$RUN/pin-a" 2>&1 &
PIN_A=$!
taskset -c "$LAST_CORE" "$NODE" -e "$BUSY" > "$RUN/pin-b" 2>&1 &
PIN_B=$!
wait "$PIN_A" "$PIN_B"
PIN_CPU="$(cat "$RUN/pin-a") + $(cat "$RUN/pin-b")"
if ! [[ $PIN_CPU =~ ^[0-9.]+\ \+\ [0-9.]+$ ]]; then
  PINNING="unknown (the check printed: $PIN_CPU)"
elif awk "BEGIN { exit !($PIN_CPU <= 1.3) }"; then
  PINNING="holds (two busy loops on core $LAST_CORE got $PIN_CPU s of CPU in 1 s)"
else
  PINNING="NOT ENFORCED (two busy loops pinned to core $LAST_CORE got $PIN_CPU s of CPU in 1 s): server and load generator are not isolated, so requests/s, CPU shares and the client-bound and disturbed flags do not mean what they mean on Linux"
fi
echo "pinning:        $PINNING" | tee -a "$OUT/probe.txt"
case $PINNING in NOT*) echo "WARNING: pinning $PINNING" ;; esac

step "targets"
if [ -n "${SIXTEEN_CORE_TARGETS:-}" ]; then
  IFS=, read -r -a REQUESTED <<< "$SIXTEEN_CORE_TARGETS"
else
  REQUESTED=()
  for manifest in "$BUNDLE"/targets/*/target.json; do REQUESTED+=("$(basename "$(dirname "$manifest")")"); done
fi
SKIPPED=()

# Unpacks the site-packages for this machine's CPython next to the target's sources (its manifest
# puts them on PYTHONPATH) and compiles them: a virtualenv install writes .pyc files, and without
# them every cold start would compile FastAPI and pydantic from source.
prepare_python() {
  local target=$1 tag site archive
  command -v python3 >/dev/null || { echo "python3 not found"; return 1; }
  tag=$(python3 -c 'import sys; print("cp%d%d" % sys.version_info[:2] if sys.implementation.name == "cpython" else sys.implementation.name)')
  case " $BUNDLE_PYTHON_TAGS " in
    *" $tag "*) ;;
    *) echo "python3 is $(python3 --version 2>&1) ($tag); the bundle has site-packages for $BUNDLE_PYTHON_TAGS"; return 1 ;;
  esac
  site=$BUNDLE/targets/$target/site-packages
  archive=$BUNDLE/python/$target.tar.xz
  if [ "$(cat "$site/.langbench-tag" 2>/dev/null)" != "$tag" ]; then
    rm -rf "$site" "$site.tmp"
    python3 - "$archive" "$site.tmp" "$tag" <<'PY' || { echo "cannot unpack $archive"; return 1; }
import sys, tarfile
archive, dest, tag = sys.argv[1:]
with tarfile.open(archive) as tar:
    members = [m for m in tar.getmembers() if m.name.startswith(f"./{tag}/")]
    if not members:
        sys.exit(f"{archive} has no {tag}/")
    extra = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
    tar.extractall(dest, members=members, **extra)
PY
    mv "$site.tmp/$tag" "$site" && rm -rf "$site.tmp"
    python3 -m compileall -q -j 0 "$site" >/dev/null || { echo "compileall failed in $site"; return 1; }
    echo "$tag" > "$site/.langbench-tag"
  fi
  # fails here, with Python's own message, when a wheel does not suit this machine (e.g. its glibc)
  (cd "$BUNDLE/targets/$target" && PYTHONPATH=site-packages python3 -c '
import importlib, pkgutil
for module in pkgutil.iter_modules(["site-packages"]):
    importlib.import_module(module.name)
') 2>&1 | tail -n 3
  [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "importing its site-packages failed (above)"; return 1; }
  echo "site-packages for $tag ready"
}

# Servers start python3 from PATH: point it at the interpreter itself, so that a wrapper (a pyenv
# shim costs about 300 ms) is not part of every cold start.
if command -v python3 >/dev/null && PY_REAL=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null) && [ -x "$PY_REAL" ]; then
  ln -sfn "$PY_REAL" "$RUN/bin/python3"
  PATH="$RUN/bin:$PATH"
  echo "python3: $PY_REAL"
fi

TARGETS=()
for target in "${REQUESTED[@]}"; do
  [ -f "$BUNDLE/targets/$target/target.json" ] || die "target $target is not in the bundle ($(ls "$BUNDLE/targets" | tr '\n' ' '))"
  if grep -qx "$target" "$BUNDLE/targets/python-targets.txt"; then
    if reason=$(prepare_python "$target"); then
      echo "$target: $reason"
    else
      echo "WARNING: $target left out: $(echo "$reason" | tail -n 4 | tr '\n' ' ')"
      SKIPPED+=("$target")
      continue
    fi
  else
    echo "$target: $(ls "$BUNDLE/targets/$target" | grep -v target.json | tr '\n' ' ')"
  fi
  TARGETS+=("$target")
done
[ ${#TARGETS[@]} -gt 0 ] || die "no target can run here"
# langbench looks for the launcher floor in scripts/launch-floor/ (its bin/ is git-ignored, so the
# copy lacks it): put the bundled binary back, newer than its source, so nothing needs a C compiler.
if [ -d "$BUNDLE/launch-floor" ] && [ -d "$ROOT/scripts/launch-floor" ]; then
  cp -r "$BUNDLE/launch-floor/." "$ROOT/scripts/launch-floor/" || die "cannot put the launcher floor into scripts/launch-floor"
  echo "launcher floor: $(cd "$BUNDLE/launch-floor" && find . -type f | sed 's|^\./||') put back into scripts/launch-floor"
fi

step "placement"
# What harness/placement/cpu-placement.ts will do: the server on the highest-numbered cores, the
# load generator on every other one.
if [ ${#CORES[@]} -le "$CPUS" ]; then
  echo "WARNING: ${#CORES[@]} cores allowed, so the server gets fewer than $CPUS (langbench says how many)"
else
  SERVER=("${CORES[@]: -$CPUS}")
  LOADGEN=("${CORES[@]:0:${#CORES[@]}-$CPUS}")
  echo "server: cores ${SERVER[*]}; load generator: ${#LOADGEN[@]} worker threads on cores ${LOADGEN[*]}"
  for core in "${SERVER[@]}"; do
    siblings=$(expand_cpus "$(cat "/sys/devices/system/cpu/cpu$core/topology/thread_siblings_list" 2>/dev/null || echo "$core")")
    for sibling in $siblings; do
      if [ "$sibling" != "$core" ] && [[ " ${LOADGEN[*]} " == *" $sibling "* ]]; then
        echo "WARNING: server core $core is an SMT sibling of load-generator core $sibling: they share one physical core"
      fi
    done
  done
fi

step "bench"
# json and tool: the article's table; the MCP scenarios stay for a run with more time
SCENARIOS=2
# per trial its duration, 1 s of re-warming and about 0.5 s between trials (measured on the 2-core
# rehearsal), per target about 5 s of cold starts and verification
PER_TRIAL_MS=$(( DURATION * 1000 + 1500 ))
ESTIMATE=$(( (${#TARGETS[@]} * SCENARIOS * (WARMUP * 1000 + TRIALS * PER_TRIAL_MS) + ${#TARGETS[@]} * 5000) / 1000 ))
WORST=$(( ESTIMATE + ${#TARGETS[@]} * SCENARIOS * MAX_RERUNS * PER_TRIAL_MS / 1000 ))
echo "${#TARGETS[@]} targets x $SCENARIOS scenarios x $TRIALS trials of ${DURATION}s: about ${ESTIMATE}s, ${WORST}s with every re-run; stopped after ${TIME_LIMIT}s"
HOST=$(cat /proc/sys/kernel/hostname 2>/dev/null || echo host)
RESULT="$OUT/$(date -u +%Y%m%dT%H%M%SZ)-${HOST//[^A-Za-z0-9.-]/_}.json"
LIMIT=()
if command -v timeout >/dev/null; then LIMIT=(timeout --kill-after=30 "$TIME_LIMIT"); else echo "WARNING: no timeout command: the run has no time limit of its own"; fi
TARGET_LIST=$(IFS=,; echo "${TARGETS[*]}")
set -x
LANGBENCH_TARGETS_DIR="$BUNDLE/targets" LANGBENCH_GIT_COMMIT="$BUNDLE_COMMIT" ${LIMIT[@]+"${LIMIT[@]}"} "$NODE" "$BUNDLE/langbench/cli.js" bench \
  --runtime process --targets "$TARGET_LIST" --scenarios json,tool --cpus "$CPUS" --trials "$TRIALS" --duration "$DURATION" \
  --warmup "$WARMUP" --max-reruns "$MAX_RERUNS" --cold-starts "$COLD_STARTS" --connections "$CONNECTIONS" --wait 120 --out "$RESULT"
RC=$?
{ set +x; } 2>/dev/null

step "summary"
if [ -f "$RESULT" ]; then
  "$NODE" --input-type=module - "$RESULT" <<'JS'
import { readFileSync } from 'node:fs';
const result = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const k = (n) => (n >= 1000 ? `${(n / 1000).toFixed(1)}K` : n.toFixed(0));
const mb = (b) => (b == null ? '-' : `${(b / 1e6).toFixed(2)} MB`);
console.log(`options: ${JSON.stringify(result.options)}`);
for (const t of result.targets) {
  console.log(`${t.name}: ${t.status}${t.error ? ` (${t.error.split('\n')[0]})` : ''}; server cores ${t.cpus?.serverCpuset}, load generator ${t.cpus?.loadgenCpuset}; memory before load ${mb(t.memory?.idleRssBytes)}, peak ${mb(t.memory?.peakRssBytes)}; cold start ${t.coldStartMs?.median?.toFixed(1) ?? '-'} ms; size ${mb(t.sizeBytes)}`);
  for (const s of t.scenarios ?? []) {
    const clean = s.trials.filter((x) => !x.disturbed);
    const cpu = clean.map((x) => x.clientCpuPct).sort((a, b) => a - b)[Math.floor(clean.length / 2)];
    // with no clean trial there is no median to show (the table above says so too)
    const rps = clean.length === 0 ? '-' : `${k(s.summary.rps.median)} req/s`;
    const p99 = clean.length === 0 ? '-' : `${(s.summary.p99Us.median / 1000).toFixed(2)} ms`;
    console.log(`  ${s.name}: ${rps}, p99 ${p99}; ${clean.length} clean trials (${s.trials.length - clean.length} disturbed), client-bound ${s.summary.clientBoundTrials ?? '?'}; load generator CPU ${cpu == null ? '-' : `~${cpu.toFixed(0)}%`} of its cores`);
  }
}
JS
  echo "result: $RESULT (reports beside it)"
fi
if [ "$RC" -eq 124 ] || [ "$RC" -eq 137 ]; then
  die "the bench passed SIXTEEN_CORE_TIME_LIMIT=${TIME_LIMIT}s and was stopped; no result was written. Lower SIXTEEN_CORE_TRIALS or SIXTEEN_CORE_DURATION"
fi
[ -f "$RESULT" ] || die "langbench exited $RC without writing $RESULT (its output is above)"
if [ ${#SKIPPED[@]} -gt 0 ]; then
  echo "sixteen-core-bench: INCOMPLETE: left out ${SKIPPED[*]} (see the WARNING above)"
  [ "$RC" -ne 0 ] || RC=3
fi
echo "sixteen-core-bench: done, exit $RC"
exit "$RC"
