#!/usr/bin/env bash
# Benchmark, not a test: does a busy neighbour change langbench's verdicts? Three short native runs
# of axum and go-nethttp (json, 6 trials of 4 s, the server on one core):
#   quiet     nothing else runs;
#   busy      a busy loop pinned to the server's core for 18 s once the trials have started;
#   busy-old  the same disturbance with the old behaviour: targets one after another and no
#             interference threshold (--schedule sequential --disturbed-threshold 100).
# Then prints, per run, the disturbed and re-run trials and the axum/go-nethttp requests/s ratio
# (paired rounds), and the claims-check verdicts, so the runs can be set side by side.
#
#   npm run build && npm run build:targets && bash scripts/disturbance-check.sh [OUT_DIR]
#
# Run it on an otherwise quiet machine: its "quiet" run is the reference. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-$(mktemp -d -t langbench-disturbance-XXXXXX)}"
mkdir -p "$out"
server_core=$(( $(nproc) - 1 ))
common=(bench --runtime process --targets axum,go-nethttp --scenarios json --cpus 1 --duration 4 --trials 6 --warmup 2 --cold-starts 3 --seed 11 --no-report --force)
busy_pid=""
trap '[[ -n "$busy_pid" ]] && kill "$busy_pid" 2>/dev/null; true' EXIT

run() { # name, extra options...
  local name="$1"; shift
  echo "== $name" >&2
  node dist/harness/cli.js "${common[@]}" "$@" --out "$out/$name.json" >"$out/$name.out" 2>"$out/$name.log"
}

run_disturbed() { # name, extra options...
  local name="$1"; shift
  echo "== $name (busy loop on core $server_core for 18 s during the trials)" >&2
  node dist/harness/cli.js "${common[@]}" "$@" --out "$out/$name.json" >"$out/$name.out" 2>"$out/$name.log" &
  local bench=$!
  # start once the first trial has run, so the disturbance lands in the middle of the trials
  until grep -q 'req/s' "$out/$name.log" 2>/dev/null; do
    kill -0 "$bench" 2>/dev/null || break
    sleep 0.2
  done
  timeout 18 taskset -c "$server_core" sh -c 'while :; do :; done' &
  busy_pid=$!
  wait "$busy_pid" || true
  busy_pid=""
  wait "$bench"
}

run quiet
run_disturbed busy
run_disturbed busy-old --schedule sequential --disturbed-threshold 100
node dist/scripts/disturbance-summary.js "$out/quiet.json" "$out/busy.json" "$out/busy-old.json"
echo "files: $out" >&2
