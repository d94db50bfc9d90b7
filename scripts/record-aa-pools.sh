#!/usr/bin/env bash
# Benchmark, not a test: records the real trials that scripts/sequential-power.ts draws from, then
# prints its tables. Two A/A pools, each `langbench bench --ab HEAD` (the working tree and the same
# code built from HEAD, measured in the same rounds, so every difference is noise) of go-nethttp
# and fastapi on json and tool with the default trial settings:
#   ambient  whatever the machine does meanwhile (on a shared VM: the host's steal);
#   busy30   a busy loop on the server's core for 30% of the run (3 s of every 10 s).
#
#   npm run build && bash scripts/record-aa-pools.sh [OUT_DIR] [ROUNDS]
#
# Commit first: --ab HEAD must build the same code as the working tree. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-results/pools}"
rounds="${2:-14}"
mkdir -p "$out"
server_core=$(( $(nproc) - 1 ))
common=(bench --ab HEAD --targets go-nethttp,fastapi --scenarios json,tool --trials "$rounds" --max-reruns 0 --cold-starts 12 --budget 30m --no-report --force)
echo "== ambient" >&2
node dist/harness/cli.js "${common[@]}" --out "$out/aa-ambient.json" >"$out/aa-ambient.out" 2>"$out/aa-ambient.log" || [[ $? -le 4 ]]
echo "== busy30 (busy loop on core $server_core, 3 s of every 10 s)" >&2
bash scripts/busy-neighbour.sh "$server_core" 30 10 -- node dist/harness/cli.js "${common[@]}" --out "$out/aa-busy30.json" >"$out/aa-busy30.out" 2>"$out/aa-busy30.log" || [[ $? -le 4 ]]
# idle memory is not gated by default; --floor idleRss=10 shows what gating it would catch
node dist/scripts/sequential-power.js --floor idleRss=10 --pool "$out/aa-ambient.json" --pool "$out/aa-busy30.json"
node dist/scripts/sequential-power.js --floor idleRss=10 --only go-nethttp:json --pool "$out/aa-ambient.json" --pool "$out/aa-busy30.json"
