#!/usr/bin/env bash
# Benchmark, not a test: records the real trials that scripts/sequential-power.ts draws from, then
# prints its tables. Two A/A pools, each `langbench bench --ab HEAD` (the working tree and the same
# code built from HEAD, measured in the same rounds, so every difference is noise) of go-nethttp
# and fastapi on json and tool with the default trial settings:
#   ambient  whatever the machine does meanwhile (on a shared VM: the host's steal);
#   busy30   a busy loop on the server's core for 30% of the run (3 s of every 10 s).
#
#   npm run build && bash scripts/record-aa-pools.sh [OUT_DIR] [ROUNDS] [TARGETS SCENARIOS NAME]
#
# TARGETS and SCENARIOS narrow the grid to the design of a user's own A/B, e.g.
#   bash scripts/record-aa-pools.sh results/pools 32 go-nethttp json aa1
# records aa1-ambient.json and aa1-busy30.json: one server, one scenario, with as many rounds as
# the default budget holds for that design (30), so the power it reads is not capped by the pool.
#
# Commit first: --ab HEAD must build the same code as the working tree. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-results/pools}"
rounds="${2:-14}"
targets="${3:-go-nethttp,fastapi}"
scenarios="${4:-json,tool}"
name="${5:-aa}"
mkdir -p "$out"
server_core=$(( $(nproc) - 1 ))
common=(bench --ab HEAD --targets "$targets" --scenarios "$scenarios" --trials "$rounds" --max-reruns 0 --cold-starts 12 --budget 1h --no-report --force)
echo "== ambient" >&2
node dist/harness/cli.js "${common[@]}" --out "$out/$name-ambient.json" >"$out/$name-ambient.out" 2>"$out/$name-ambient.log" || [[ $? -le 4 ]]
echo "== busy30 (busy loop on core $server_core, 3 s of every 10 s)" >&2
bash scripts/busy-neighbour.sh "$server_core" 30 10 -- node dist/harness/cli.js "${common[@]}" --out "$out/$name-busy30.json" >"$out/$name-busy30.out" 2>"$out/$name-busy30.log" || [[ $? -le 4 ]]
# idle memory is not gated by default; --floor idleRss=10 shows what gating it would catch
node dist/scripts/sequential-power.js --floor idleRss=10 --pool "$out/$name-ambient.json" --pool "$out/$name-busy30.json"
if [[ "$targets" == *,* || "$scenarios" == *,* ]]; then
  node dist/scripts/sequential-power.js --floor idleRss=10 --only go-nethttp:json --pool "$out/$name-ambient.json" --pool "$out/$name-busy30.json"
fi
