#!/usr/bin/env bash
# A stand-in for two machines on one: a network namespace "srv" with its own address on a veth
# pair, and a second Docker engine inside it listening on TCP at that address. langbench in the
# root namespace drives it as a remote engine:
#
#   bash scripts/two-machine-rig.sh up
#   npm run bench -- --docker-host tcp://10.231.0.2:2375 --server-address 10.231.0.2
#   bash scripts/two-machine-rig.sh down
#
# up      builds the rig (idempotent: what exists is kept) and copies the images the offline
#         builds need (LANGBENCH_RIG_IMAGES, default langbench/python-base:bookworm) from the
#         first engine; a failure part-way tears down what it made
# down    removes everything up made, always, whatever state it is in (engine stopped by its pid)
# status  says what exists; exit 0 when the engine answers, 1 otherwise
# purge   down, then removes the engine's data root too (its images; up keeps them between runs)
#
# LANGBENCH_RIG_TLS=1: the engine listens with --tlsverify on 2376 instead, with a CA, server and
# client certificate made here (client material in /run/langbench-rig/tls/client: point
# DOCKER_CERT_PATH there), as a real second host should be reached over tcp.
#
# Only 10.231.0.0/24 (the veth pair) and loopback are ever used. Needs root, iproute2, nsenter,
# dockerd. The engine's own containerd, data, exec root, pid file and unix socket are under
# /var/lib/langbench-rig and /run/langbench-rig, apart from the first engine's.
set -euo pipefail

NETNS=srv
HOST_IF=lb0
SRV_IF=lb1
HOST_ADDR=10.231.0.1
SRV_ADDR=10.231.0.2
RUN_DIR=/run/langbench-rig
# a rig that runs keeps its mode: status and down find it without being told again
TLS=${LANGBENCH_RIG_TLS:-$(cat "$RUN_DIR/tls-mode" 2>/dev/null || echo 0)}
PORT=2375
DATA_ROOT=/var/lib/langbench-rig/docker
EXEC_ROOT=$RUN_DIR/exec
PIDFILE=$RUN_DIR/dockerd.pid
SOCKET=$RUN_DIR/docker.sock
LOG=${LANGBENCH_RIG_LOG:-/var/log/langbench-rig-dockerd.log}
IMAGES=${LANGBENCH_RIG_IMAGES:-langbench/python-base:bookworm}
TLS_DIR=$RUN_DIR/tls
export DOCKER_API_VERSION=${DOCKER_API_VERSION:-1.41}
if [[ $TLS == 1 ]]; then PORT=2376; fi
REMOTE=tcp://$SRV_ADDR:$PORT

log() { printf 'rig: %s\n' "$*" >&2; }

# the docker CLI against the rig's engine (with the client certificate in TLS mode)
rig_env=(DOCKER_HOST="$REMOTE")
if [[ $TLS == 1 ]]; then rig_env+=(DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH="$TLS_DIR/client"); fi
rig_docker() { env "${rig_env[@]}" docker "$@"; }

engine_answers() { env "${rig_env[@]}" timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1; }

# A CA, a server certificate for 10.231.0.2 and a client certificate, made once per boot.
tls_material() {
  [[ -r $TLS_DIR/client/key.pem && -r $TLS_DIR/server/key.pem ]] && return 0
  mkdir -p "$TLS_DIR/ca" "$TLS_DIR/server" "$TLS_DIR/client"
  local d=$TLS_DIR
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=langbench-rig-ca -keyout "$d/ca/key.pem" -out "$d/ca/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=$SRV_ADDR -keyout "$d/server/key.pem" -out "$d/server/req.pem" 2>/dev/null
  printf 'subjectAltName=IP:%s\nextendedKeyUsage=serverAuth\n' "$SRV_ADDR" >"$d/server/ext.cnf"
  openssl x509 -req -in "$d/server/req.pem" -CA "$d/ca/ca.pem" -CAkey "$d/ca/key.pem" -CAcreateserial -days 2 -extfile "$d/server/ext.cnf" -out "$d/server/cert.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj /CN=langbench-rig-client -keyout "$d/client/key.pem" -out "$d/client/req.pem" 2>/dev/null
  printf 'extendedKeyUsage=clientAuth\n' >"$d/client/ext.cnf"
  openssl x509 -req -in "$d/client/req.pem" -CA "$d/ca/ca.pem" -CAkey "$d/ca/key.pem" -CAcreateserial -days 2 -extfile "$d/client/ext.cnf" -out "$d/client/cert.pem" 2>/dev/null
  cp "$d/ca/ca.pem" "$d/client/ca.pem"
  chmod 600 "$d"/*/key.pem
}

engine_pid() {
  [[ -r $PIDFILE ]] || return 1
  local pid
  pid=$(cat "$PIDFILE")
  [[ $pid =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null && [[ $(cat /proc/"$pid"/comm 2>/dev/null) == dockerd ]] && echo "$pid"
}

down() {
  # never stops part-way: every step is tried whatever the last one did
  set +e
  local pid
  if pid=$(engine_pid); then
    log "stopping the rig's dockerd (pid $pid)"
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then
      log "dockerd $pid still runs after 15 s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  # its containerd is its child and goes with it; one left by a killed engine is found by its socket path
  local cpid
  for cpid in $(pgrep -x containerd 2>/dev/null || true); do
    if tr '\0' ' ' <"/proc/$cpid/cmdline" 2>/dev/null | grep -q -- "$EXEC_ROOT/"; then
      log "stopping the rig's leftover containerd (pid $cpid)"
      kill -TERM "$cpid" 2>/dev/null || true
    fi
  done
  rm -f "$PIDFILE" "$SOCKET"
  rm -rf "$TLS_DIR" "$RUN_DIR/tls-mode"
  # mounts the engine left under its roots (a killed engine leaves overlay and netns mounts)
  local mount
  for mount in $(grep -oE " ($EXEC_ROOT|$DATA_ROOT)[^ ]*" /proc/mounts 2>/dev/null | sort -r); do umount -l "$mount" 2>/dev/null; done
  # runtime state only (no images); its mounts are detached by now
  if [[ -z ${pid:-} ]] || ! kill -0 "$pid" 2>/dev/null; then rm -rf "$EXEC_ROOT"; fi
  rmdir "$RUN_DIR" 2>/dev/null
  ip link del "$HOST_IF" 2>/dev/null || true
  ip netns del "$NETNS" 2>/dev/null || true
  log "down: no rig left (namespace $NETNS, link $HOST_IF, engine at $REMOTE)"
  set -e
  return 0
}

network_up() {
  ip netns list | grep -qw "^$NETNS" || ip netns add "$NETNS"
  if ! ip link show "$HOST_IF" >/dev/null 2>&1; then
    ip link add "$HOST_IF" type veth peer name "$SRV_IF"
    ip link set "$SRV_IF" netns "$NETNS"
  fi
  ip addr show dev "$HOST_IF" | grep -q "inet $HOST_ADDR/" || ip addr add "$HOST_ADDR/24" dev "$HOST_IF"
  ip link set "$HOST_IF" up
  ip netns exec "$NETNS" sh -c "ip addr show dev $SRV_IF | grep -q 'inet $SRV_ADDR/' || ip addr add $SRV_ADDR/24 dev $SRV_IF"
  ip netns exec "$NETNS" ip link set "$SRV_IF" up
  ip netns exec "$NETNS" ip link set lo up
  ip netns exec "$NETNS" ip -4 addr show dev "$SRV_IF" | grep -q "inet $SRV_ADDR/" || { log "$SRV_ADDR is not on $SRV_IF in $NETNS"; return 1; }
}

engine_up() {
  if engine_answers; then log "the rig's engine answers at $REMOTE"; return 0; fi
  if engine_pid >/dev/null; then
    log "the rig's dockerd runs (pid $(engine_pid)) but does not answer yet; waiting"
  else
    mkdir -p "$DATA_ROOT" "$EXEC_ROOT" "$(dirname "$LOG")"
    local tls_flags=()
    if [[ $TLS == 1 ]]; then
      tls_material
      tls_flags=(--tlsverify --tlscacert "$TLS_DIR/ca/ca.pem" --tlscert "$TLS_DIR/server/cert.pem" --tlskey "$TLS_DIR/server/key.pem")
    fi
    log "starting dockerd in namespace $NETNS at $REMOTE${tls_flags:+ (TLS, client material in $TLS_DIR/client)} (log: $LOG)"
    # nsenter, not ip netns exec: the latter remounts /sys and dockerd then finds no devices cgroup
    setsid nohup nsenter --net=/var/run/netns/$NETNS dockerd \
      --data-root "$DATA_ROOT" --exec-root "$EXEC_ROOT" --pidfile "$PIDFILE" \
      -H "unix://$SOCKET" -H "$REMOTE" "${tls_flags[@]}" \
      --bridge=none --iptables=false --ip6tables=false \
      >>"$LOG" 2>&1 </dev/null &
  fi
  for _ in $(seq 1 90); do
    engine_answers && { log "engine answers at $REMOTE (dockerd pid $(engine_pid || echo ?))"; return 0; }
    sleep 1
  done
  log "the rig's dockerd did not answer within 90 s; last lines of $LOG:"
  tail -n 20 "$LOG" >&2 || true
  return 1
}

images_up() {
  local image
  for image in $IMAGES; do
    if rig_docker image inspect "$image" >/dev/null 2>&1; then continue; fi
    if ! docker image inspect "$image" >/dev/null 2>&1; then
      log "$image is not on the first engine either (bash scripts/setup.sh makes it); offline builds that need it will fail there"
      continue
    fi
    log "copying $image to the rig's engine (docker save | docker load)"
    docker save "$image" | rig_docker load -q >/dev/null
  done
}

up() {
  [[ $(id -u) == 0 ]] || { log "needs root (network namespaces, a second dockerd)"; exit 2; }
  local running
  running=$(cat "$RUN_DIR/tls-mode" 2>/dev/null || true)
  if [[ -n $running && $running != "$TLS" ]] && engine_pid >/dev/null; then
    log "the rig runs with LANGBENCH_RIG_TLS=$running; run 'down' first to switch"
    exit 2
  fi
  trap 'log "up failed: tearing down"; down' ERR
  network_up
  mkdir -p "$RUN_DIR" && echo "$TLS" >"$RUN_DIR/tls-mode"
  engine_up
  images_up
  trap - ERR
  log "up: engine $REMOTE, server address $SRV_ADDR, this side $HOST_ADDR"
}

status() {
  local ok=1
  ip netns list | grep -qw "^$NETNS" && log "namespace $NETNS: present" || log "namespace $NETNS: absent"
  ip link show "$HOST_IF" >/dev/null 2>&1 && log "link $HOST_IF: present" || log "link $HOST_IF: absent"
  if pid=$(engine_pid); then log "dockerd: pid $pid"; else log "dockerd: not running"; fi
  if engine_answers; then log "engine at $REMOTE: answers"; ok=0; else log "engine at $REMOTE: no answer"; fi
  return $ok
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  purge)
    down
    [[ $DATA_ROOT == /var/lib/langbench-rig/* ]] && rm -rf "$(dirname "$DATA_ROOT")"
    log "purge: removed $(dirname "$DATA_ROOT")"
    ;;
  *) echo "usage: $0 up|down|status|purge" >&2; exit 2 ;;
esac
