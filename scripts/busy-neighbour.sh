#!/usr/bin/env bash
# Runs a command while a busy loop, pinned to one core, takes DUTY percent of every PERIOD seconds
# (a neighbour that comes and goes, as a build or a cron job does). The loop ends with the command.
#
#   bash scripts/busy-neighbour.sh CORE DUTY_PCT PERIOD_S -- command [args...]
#   e.g. bash scripts/busy-neighbour.sh 1 30 10 -- npm run -s bench
#
# Exits with the command's exit code. Loopback only: the loop computes, it sends nothing.
set -euo pipefail
if [[ $# -lt 5 || "$4" != "--" ]]; then
  echo "usage: bash scripts/busy-neighbour.sh CORE DUTY_PCT PERIOD_S -- command [args...]" >&2
  exit 2
fi
core="$1" duty="$2" period="$3"
shift 4
[[ "$core" =~ ^[0-9]+$ && "$duty" =~ ^[0-9]+$ && "$period" =~ ^[0-9]+$ && "$duty" -le 100 && "$period" -gt 0 ]] || {
  echo "busy-neighbour: CORE, DUTY_PCT (0-100) and PERIOD_S (> 0) are whole numbers, got $core $duty $period" >&2
  exit 2
}
busy_s=$(awk -v p="$period" -v d="$duty" 'BEGIN { printf "%.2f", p * d / 100 }')
idle_s=$(awk -v p="$period" -v d="$duty" 'BEGIN { printf "%.2f", p * (100 - d) / 100 }')
(
  while :; do
    sleep "$idle_s"
    timeout "$busy_s" taskset -c "$core" sh -c 'while :; do :; done' || true
  done
) &
neighbour=$!
trap 'kill "$neighbour" 2>/dev/null; pkill -P "$neighbour" 2>/dev/null; true' EXIT
set +e
"$@"
code=$?
exit "$code"
