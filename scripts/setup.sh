#!/usr/bin/env bash
# One-time machine set-up for langbench's Docker runtime. Idempotent: a second run changes nothing.
#
# On a Debian-like machine, as root, with no Docker engine answering:
#   1. installs the engine from the distribution's packages (docker.io) and debootstrap,
#   2. starts dockerd in the background with bridge networking and iptables off (containers use
#      host networking), logging to $LANGBENCH_DOCKERD_LOG, and waits until it answers,
#   3. when images cannot be pulled, makes the offline Python base image
#      langbench/python-base:bookworm from Debian packages (scripts/make-python-base.sh).
# Anywhere else (Docker Desktop, a non-root user, another OS) it changes nothing and says what it
# found. Exit status: 0 when the engine answers at the end or set-up does not apply here; 1 when
# set-up applied but failed (so CI never silently falls back to the process runtime).
#
# Environment:
#   LANGBENCH_DOCKERD_LOG     dockerd's log file (default /var/log/langbench-dockerd.log)
#   LANGBENCH_PYTHON_BASE     "auto" (default: make it when pulls fail), "always", or "never"
#   LANGBENCH_SKIP_DOCKER=1   do nothing for Docker (for machines that must not run an engine)
#   LANGBENCH_SKIP_MCP_CONFORMANCE=1   do not install the MCP conformance suite
# First, on any machine: the official MCP conformance suite and the Node 22 it needs, in
# scripts/mcp-conformance and scripts/mcp-conformance-2026 (npm ci in each; skipped when installed
# from the current lock file).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
log() { printf 'setup: %s\n' "$*" >&2; }
dockerd_log="${LANGBENCH_DOCKERD_LOG:-/var/log/langbench-dockerd.log}"
python_base_mode="${LANGBENCH_PYTHON_BASE:-auto}"
python_base_tag="langbench/python-base:bookworm"
changed=0

# test/mcp-conformance.test.ts runs the suite with this Node 22; its own folder and lock file keep
# it out of langbench's dependencies (Node 20). npm writes node_modules/.package-lock.json last, so
# one newer than package-lock.json means the install is complete and current. Two installs: 0.1.16
# for the 2025-11-25 endpoints, 0.2.0-alpha.12 for 2026-07-28 (test/mcp-conformance-2026.test.ts).
for mcp_dir in "$here/mcp-conformance" "$here/mcp-conformance-2026"; do
  name="scripts/$(basename "$mcp_dir")"
  if [[ "${LANGBENCH_SKIP_MCP_CONFORMANCE:-}" == "1" ]]; then
    log "LANGBENCH_SKIP_MCP_CONFORMANCE=1: not installing the MCP conformance suite in $name"
  elif [[ -f "$mcp_dir/node_modules/.package-lock.json" && ! "$mcp_dir/package-lock.json" -nt "$mcp_dir/node_modules/.package-lock.json" ]] \
    && "$mcp_dir/node_modules/.bin/node" --version 2>/dev/null | grep -q '^v22\.'; then
    log "MCP conformance suite and Node $("$mcp_dir/node_modules/.bin/node" --version) installed in $name; not reinstalling"
  else
    log "installing the MCP conformance suite and Node 22 (npm ci in $name)"
    if ! (cd "$mcp_dir" && npm ci --no-audit --no-fund >&2) || ! "$mcp_dir/node_modules/.bin/node" --version 2>/dev/null | grep -q '^v22\.'; then
      log "installing the MCP conformance suite in $name failed; fix the error above and run scripts/setup.sh again, or set LANGBENCH_SKIP_MCP_CONFORMANCE=1"
      exit 1
    fi
    changed=1
  fi
done

if [[ "${LANGBENCH_SKIP_DOCKER:-}" == "1" ]]; then
  log "LANGBENCH_SKIP_DOCKER=1: skipping Docker set-up"
  exit 0
fi
case "$python_base_mode" in auto | always | never) ;; *)
  log "LANGBENCH_PYTHON_BASE=\"$python_base_mode\" is not one of auto, always, never"
  exit 2
  ;;
esac

# Sets engine_version and returns 0 when an engine answers. The CLI shipped on these machines is
# newer than Debian's engine (API 1.41); it usually negotiates, and where it does not,
# DOCKER_API_VERSION=1.41 is exported for the rest of this script (a newer engine still serves it).
engine_version=""
probe_engine() {
  engine_version=""
  command -v docker >/dev/null 2>&1 || return 1
  local v
  if v="$(timeout 15 docker version --format '{{.Server.Version}}' 2>/dev/null)" && [[ -n "$v" ]]; then
    engine_version="$v"
    return 0
  fi
  if [[ -z "${DOCKER_API_VERSION:-}" ]] && v="$(DOCKER_API_VERSION=1.41 timeout 15 docker version --format '{{.Server.Version}}' 2>/dev/null)" && [[ -n "$v" ]]; then
    export DOCKER_API_VERSION=1.41
    engine_version="$v"
    return 0
  fi
  return 1
}

is_debian_like() {
  [[ -r /etc/os-release ]] || return 1
  # shellcheck disable=SC1091
  local id id_like
  id="$(. /etc/os-release && printf '%s' "${ID:-}")"
  id_like="$(. /etc/os-release && printf '%s' "${ID_LIKE:-}")"
  [[ "$id" == debian || "$id" == ubuntu || " $id_like " == *" debian "* ]] && command -v apt-get >/dev/null 2>&1
}

wait_for_engine() {
  local deadline=$((SECONDS + 90))
  while ((SECONDS < deadline)); do
    if probe_engine; then return 0; fi
    if [[ -n "${1:-}" ]] && ! kill -0 "$1" 2>/dev/null; then
      log "dockerd (pid $1) exited; last lines of $dockerd_log:"
      tail -n 20 "$dockerd_log" >&2 || true
      return 1
    fi
    sleep 1
  done
  log "dockerd did not answer within 90 s; last lines of $dockerd_log:"
  tail -n 20 "$dockerd_log" >&2 || true
  return 1
}

start_t=$SECONDS
if probe_engine; then
  log "a Docker engine answers (server $engine_version${DOCKER_HOST:+ at $DOCKER_HOST}${DOCKER_API_VERSION:+, client pinned to API $DOCKER_API_VERSION}); not installing or starting one"
else
  if ! is_debian_like; then
    log "no Docker engine answers, and this is not a Debian-like system with apt-get: nothing done."
    log "Install and start Docker yourself to use the docker runtime; without it langbench uses the process runtime."
    exit 0
  fi
  if [[ "$(id -u)" != 0 ]]; then
    if [[ -S /var/run/docker.sock && ! -w /var/run/docker.sock ]]; then
      log "an engine socket exists at /var/run/docker.sock but uid $(id -u) may not use it: nothing done."
      log "Add this user to the docker group (or run as root); without it langbench uses the process runtime."
      exit 0
    fi
    log "no Docker engine answers, and installing one needs root (this is uid $(id -u)): nothing done."
    log "Run 'sudo bash scripts/setup.sh', or start Docker yourself; without it langbench uses the process runtime."
    exit 0
  fi
  if [[ -n "${DOCKER_HOST:-}" && "${DOCKER_HOST}" != unix:///var/run/docker.sock ]]; then
    log "DOCKER_HOST=$DOCKER_HOST does not answer; not starting a local engine in its place. Unset DOCKER_HOST or start that engine."
    exit 1
  fi
  missing=()
  command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
  command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
  if ((${#missing[@]} > 0)); then
    log "installing ${missing[*]} from the distribution's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
    changed=1
  fi
  if pgrep -x dockerd >/dev/null 2>&1; then
    log "a dockerd process runs already (pid $(pgrep -x dockerd | head -n1)) but does not answer yet; waiting for it"
    wait_for_engine "" || exit 1
  else
    log "starting dockerd --bridge=none --iptables=false --ip6tables=false (log: $dockerd_log)"
    mkdir -p "$(dirname "$dockerd_log")"
    setsid nohup dockerd --bridge=none --iptables=false --ip6tables=false >>"$dockerd_log" 2>&1 </dev/null &
    dockerd_pid=$!
    wait_for_engine "$dockerd_pid" || exit 1
    changed=1
  fi
  log "Docker engine $engine_version answers (dockerd pid $(pgrep -x dockerd | head -n1)); it runs until this machine or session ends"
fi

# Offline Python base image: needed by targets/fastapi's offline build.
if [[ "$python_base_mode" == never ]]; then
  log "LANGBENCH_PYTHON_BASE=never: not making $python_base_tag"
elif docker image inspect "$python_base_tag" >/dev/null 2>&1; then
  log "$python_base_tag is present; not rebuilding it"
else
  need_base=0
  if [[ "$python_base_mode" == always ]]; then
    need_base=1
  else
    log "checking whether images can be pulled (docker pull hello-world, 30 s at most)"
    had_hello=0
    docker image inspect hello-world:latest >/dev/null 2>&1 && had_hello=1
    if timeout 30 docker pull -q hello-world:latest >/dev/null 2>&1; then
      log "pulls work: online builds can use official base images; not making $python_base_tag (LANGBENCH_PYTHON_BASE=always makes it anyway)"
      ((had_hello)) || docker image rm hello-world:latest >/dev/null 2>&1 || true
    else
      log "pulls fail (no registry reachable): making $python_base_tag for offline builds"
      need_base=1
    fi
  fi
  if ((need_base)); then
    if ! command -v debootstrap >/dev/null 2>&1 && [[ "$(id -u)" == 0 ]] && is_debian_like; then
      log "installing debootstrap from the distribution's packages"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >&2
    fi
    if [[ "$(id -u)" != 0 ]] || ! command -v debootstrap >/dev/null 2>&1; then
      log "making $python_base_tag needs root and debootstrap (found uid $(id -u), debootstrap: $(command -v debootstrap || echo missing))."
      log "Run 'sudo bash scripts/setup.sh' on a Debian-like machine; until then offline builds of the Python target fail (saying so)."
      exit 0
    fi
    bash "$here/make-python-base.sh" "$python_base_tag"
    changed=1
  fi
fi

if ((changed)); then
  log "done in $((SECONDS - start_t)) s"
else
  log "nothing to do: everything was in place ($((SECONDS - start_t)) s)"
fi
