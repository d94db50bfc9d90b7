#!/bin/sh
# Makes the image langbench-example/nginx:local from this machine's nginx (Debian's package) and
# the shared libraries it links, plus run.sh and a shell, with `docker import`: no registry needed.
# Usage: sh make-image.sh   (needs nginx installed and a Docker engine)
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
image="${1:-langbench-example/nginx:local}"
root="$(mktemp -d)"
trap 'rm -rf "$root"' EXIT
copy() { mkdir -p "$root$(dirname "$1")"; cp -L "$1" "$root$1"; }
for binary in "$(command -v nginx)" /bin/sh; do
  copy "$binary"
  ldd "$binary" | awk '/=> \//{print $3} /^\t\/.*ld-linux/{print $1}' | while read -r lib; do copy "$lib"; done
done
cp "$here/run.sh" "$root/run.sh"
mkdir -p "$root/tmp" "$root/usr/bin"
ln -s /usr/sbin/nginx "$root/usr/bin/nginx"
chmod 1777 "$root/tmp"
tar -C "$root" -c . | DOCKER_API_VERSION="${DOCKER_API_VERSION:-1.41}" docker import \
  -c 'CMD ["/run.sh"]' -c 'USER 65534' -c 'ENV PATH=/usr/sbin:/usr/bin:/bin' - "$image" >/dev/null
echo "made $image"
