#!/usr/bin/env bash
# Makes the offline Python base image (default langbench/python-base:bookworm) without any
# registry: a minimal Debian bookworm root filesystem with python3 from Debian's packages
# (debootstrap, the mirror apt already uses), imported with `docker import` — how the official
# Debian images are made. Needs root, debootstrap and an answering engine. About 70 s.
# Usage: make-python-base.sh [TAG]
set -euo pipefail

tag="${1:-langbench/python-base:bookworm}"
suite=bookworm
log() { printf 'make-python-base: %s\n' "$*" >&2; }

# The Debian mirror apt uses here: the first deb822 URIs / one-line "deb" entry that is not a
# security mirror. Falls back to deb.debian.org (e.g. on Ubuntu, whose mirror has no bookworm).
apt_mirror() {
  local id
  id="$(. /etc/os-release 2>/dev/null && printf '%s' "${ID:-}")"
  if [[ "$id" == debian ]]; then
    local uri
    uri="$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk 'tolower($1)=="uris:" { for (i = 2; i <= NF; i++) print $i }' | grep -v -- '-security' | grep -E '^https?://' | grep -i debian | head -n1 || true)"
    if [[ -z "$uri" ]]; then
      uri="$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null | awk '$1=="deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\//) { print $i; break } }' | grep -v -- '-security' | grep -i debian | head -n1 || true)"
    fi
    if [[ -n "$uri" ]]; then printf '%s' "$uri"; return; fi
  fi
  printf 'http://deb.debian.org/debian'
}

command -v debootstrap >/dev/null || { log "debootstrap is missing: apt-get install -y debootstrap"; exit 1; }
[[ "$(id -u)" == 0 ]] || { log "debootstrap needs root"; exit 1; }

mirror="$(apt_mirror)"
keyring=()
[[ -r /usr/share/keyrings/debian-archive-keyring.gpg ]] && keyring=(--keyring /usr/share/keyrings/debian-archive-keyring.gpg)
rootfs="$(mktemp -d /var/tmp/langbench-python-base.XXXXXX)"
trap 'rm -rf --one-file-system "$rootfs"' EXIT

log "debootstrap --variant=minbase --include=python3 $suite into $rootfs from $mirror"
t0=$SECONDS
debootstrap --variant=minbase --include=python3,ca-certificates "${keyring[@]}" "$suite" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 || {
  log "debootstrap failed; last lines of $rootfs.log:"
  tail -n 30 "$rootfs.log" >&2
  exit 1
}
rm -f "$rootfs.log"
log "debootstrap took $((SECONDS - t0)) s"

# Trim what a runtime image never uses, as the official images do: package caches and lists,
# documentation and manual pages (copyright files stay).
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/debconf/*-old \
  "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/var/log/*.log "$rootfs"/tmp/*
find "$rootfs/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete 2>/dev/null || true

tar --numeric-owner -C "$rootfs" -c . | docker import \
  --change 'ENV LANG=C.UTF-8' \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'CMD ["python3"]' \
  --message "langbench: debootstrap --variant=minbase --include=python3 $suite $mirror" \
  - "$tag" >/dev/null
log "imported $tag ($(docker image inspect --format '{{.Size}}' "$tag") bytes) in $((SECONDS - t0)) s"
