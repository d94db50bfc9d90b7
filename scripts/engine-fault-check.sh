#!/usr/bin/env bash
# The real-engine fault case of issue 25: the Docker engine goes away during round 2 of a bench,
# then comes back. Passes when the bench ends with one line naming the engine and its fix, exit 6
# (never 70 or a stack trace), keeps the trials it measured in a result whose targets read
# not-measured, and the next run removes the containers it left. The engine is reached through
# scripts/engine-socket-proxy.ts, whose SIGKILL is the engine's death as langbench sees it, so a
# Docker engine other work shares keeps running. Needs the built dist/ and the targets' images
# (a first `npm run bench` builds them).
set -euo pipefail
cd "$(dirname "$0")/.."
export DOCKER_API_VERSION="${DOCKER_API_VERSION:-1.41}"
engine_socket="${ENGINE_SOCKET:-/var/run/docker.sock}"
dir="$(mktemp -d)"
proxy_pid=""
bench_pid=""
cleanup() {
  [ -n "$bench_pid" ] && kill "$bench_pid" 2>/dev/null || true
  [ -n "$proxy_pid" ] && kill "$proxy_pid" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
fail() { echo "engine-fault-check: FAIL: $*"; echo "--- bench output"; cat "$dir/bench.out" "$dir/bench.err" 2>/dev/null | tail -30; exit 1; }
start_proxy() {
  node dist/scripts/engine-socket-proxy.js "$dir/engine.sock" "$engine_socket" >/dev/null &
  proxy_pid=$!
  for _ in $(seq 50); do [ -S "$dir/engine.sock" ] && return; sleep 0.1; done
  fail "the socket proxy did not start"
}
langbench_containers() { docker -H "unix://$engine_socket" ps -aq --filter label=dev.langbench | sort; }

export DOCKER_HOST="unix://$dir/engine.sock" LANGBENCH_LOCK_FILE="$dir/bench.lock"
start_proxy
before="$(langbench_containers)"
node dist/harness/cli.js bench --runtime docker --build offline --targets go-nethttp,axum --scenarios json \
  --trials 6 --duration 1 --warmup 0.5 --rewarm 0.2 --cold-starts 1 --no-report --out "$dir/killed.json" \
  >"$dir/bench.out" 2>"$dir/bench.err" &
bench_pid=$!
for _ in $(seq 600); do
  grep -q 'round 2' "$dir/bench.out" "$dir/bench.err" 2>/dev/null && break
  kill -0 "$bench_pid" 2>/dev/null || fail "the bench ended before round 2"
  sleep 0.2
done
left="$(comm -13 <(echo "$before") <(langbench_containers))"
[ -n "$left" ] || fail "no container of this run found in round 2"
# the containment every target runs under, as the real engine holds it
for id in $left; do
  pids="$(docker -H "unix://$engine_socket" inspect -f '{{.HostConfig.PidsLimit}}' "$id")"
  [ "$pids" = 4096 ] || fail "container $id has PidsLimit $pids, not 4096"
done
kill -KILL "$proxy_pid"
wait "$proxy_pid" 2>/dev/null || true
proxy_pid=""
echo "engine-fault-check: engine socket killed during round 2 ($(echo "$left" | grep -c .) containers of this run running)"
set +e
wait "$bench_pid"
code=$?
set -e
bench_pid=""
last="$(tail -1 "$dir/bench.err")"
echo "--- what the killed run said (stderr)"
cat "$dir/bench.err"
echo "--- exit $code"
[ "$code" = 6 ] || fail "exit $code, not 6"
grep -q 'internal error\|^    at ' "$dir/bench.err" && fail "an internal error or a stack trace"
[[ "$last" == *"the Docker engine stopped answering"*"npm run setup"* ]] || fail "the last line does not name the engine and the fix"
[ "$(grep -c 'cleanup failed' "$dir/bench.err" || true)" -le 1 ] || fail "more than one cleanup line"
node -e '
const r = require(process.argv[1]);
const lost = r.targets.filter((t) => t.status === "not-measured");
const trials = r.targets.flatMap((t) => t.scenarios.flatMap((s) => s.trials)).length;
if (lost.length === 0 || trials === 0) { console.error(`statuses ${r.targets.map((t) => t.status)}, ${trials} trials kept`); process.exit(1); }
console.log(`result kept: ${trials} trials, ${lost.map((t) => t.name).join(", ")} not-measured`);
' "$dir/killed.json" || fail "the result does not keep the trials or mark the targets not-measured"

start_proxy
node dist/harness/cli.js bench --runtime docker --build offline --targets go-nethttp --scenarios json \
  --trials 1 --duration 0.5 --warmup 0 --cold-starts 1 --no-report --out "$dir/after.json" >"$dir/bench.out" 2>"$dir/bench.err" \
  || fail "the run after the engine came back failed"
still="$(comm -12 <(echo "$left") <(langbench_containers))"
[ -z "$still" ] || fail "containers left by the killed run are still there: $still"
echo "engine-fault-check: passed (the next run removed the containers the killed one left)"
