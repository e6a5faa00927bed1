#!/usr/bin/env bash
# Runs a command (default: .ci/run) on a fresh Debian 12 in a chroot: the only things carried over from this machine
# are the .NET SDK and a clean clone of this repository's HEAD, so a package that setup forgot to install fails here
# even when this machine has it. Needs root and Debian's mirror; the base system is made once (debootstrap, ~3 min)
# and copied for every run.
#   usage: scripts/fresh-machine.sh [--keep] [command...]     e.g. scripts/fresh-machine.sh ./run.sh demo
#   AV_FRESH_DIR (default /var/tmp/actorvision-fresh) holds base/ and the run's rootfs/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="${AV_FRESH_DIR:-/var/tmp/actorvision-fresh}"
MIRROR="${AV_FRESH_MIRROR:-http://deb.debian.org/debian}"
KEEP=0
if [ "${1:-}" = "--keep" ]; then KEEP=1; shift; fi
[ $# -gt 0 ] || set -- bash .ci/run
[ "$(id -u)" -eq 0 ] || { echo "fresh-machine: run as root (chroot, mounts)" >&2; exit 1; }
DOTNET_ROOT_HOST="$(dirname "$(readlink -f "$(command -v dotnet)")")"

log() { printf '\033[1;35m[fresh]\033[0m %s\n' "$*"; }

if [ ! -f "$WORK/base/.complete" ]; then
  command -v debootstrap >/dev/null || { log "installing debootstrap"; apt-get install -y -qq debootstrap >/dev/null; }
  log "making a Debian 12 base system in $WORK/base (once)"
  rm -rf "$WORK/base"
  mkdir -p "$WORK/base"
  # git and ca-certificates: CI's clone step; sudo-free root shell like a new cloud machine.
  debootstrap --variant=minbase --include=git,ca-certificates,libicu72,procps bookworm "$WORK/base" "$MIRROR" >/dev/null
  touch "$WORK/base/.complete"
fi

RUN="$WORK/rootfs"
cleanup() {
  # Servers setup started inside (PostgreSQL, Mosquitto, the RTSP test server) go with the run.
  local pid
  for pid in $(ls /proc | grep -E '^[0-9]+$'); do
    [ "$(readlink "/proc/$pid/root" 2>/dev/null)" = "$RUN" ] && kill -9 "$pid" 2>/dev/null || true
  done
  for m in dev/shm dev/pts dev sys proc usr/share/dotnet; do
    if mountpoint -q "$RUN/$m"; then umount -l "$RUN/$m"; fi
  done
  if grep -q " $RUN/" /proc/mounts; then
    echo "fresh-machine: mounts remain under $RUN; not deleting it" >&2
    return 0
  fi
  [ "$KEEP" -eq 1 ] || rm -rf --one-file-system "$RUN"
}
cleanup
trap cleanup EXIT
log "copying the base system to $RUN"
cp -a "$WORK/base" "$RUN"
cp /etc/resolv.conf "$RUN/etc/resolv.conf"
# Services are started by setup itself (as on a container or CI machine), not by package scripts.
printf '#!/bin/sh\nexit 101\n' > "$RUN/usr/sbin/policy-rc.d"
chmod +x "$RUN/usr/sbin/policy-rc.d"

mkdir -p "$RUN/usr/share/dotnet"
mount --bind "$DOTNET_ROOT_HOST" "$RUN/usr/share/dotnet"
mount -o remount,bind,ro "$RUN/usr/share/dotnet"
ln -sf /usr/share/dotnet/dotnet "$RUN/usr/bin/dotnet"
mount -t proc proc "$RUN/proc"
mount --rbind /sys "$RUN/sys"
mount --bind /dev "$RUN/dev"
mount -t devpts devpts "$RUN/dev/pts"
mount -t tmpfs -o size=4g tmpfs "$RUN/dev/shm"

# A clean clone of HEAD (committed work only, as CI sees it), with ../shared beside it as in CI.
log "cloning $(git -C "$ROOT" rev-parse --short HEAD) into the fresh system"
mkdir -p "$RUN/work"
git clone -q "$ROOT" "$RUN/work/main"
[ -d "$ROOT/../shared" ] && cp -a "$ROOT/../shared" "$RUN/work/shared"

log "running: $*"
status=0
chroot "$RUN" /usr/bin/env -i HOME=/root LANG=C.UTF-8 TERM="${TERM:-dumb}" \
  PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
  NUGET_CERT_REVOCATION_MODE="${NUGET_CERT_REVOCATION_MODE:-online}" \
  bash -c 'cd /work/main && "$@"' fresh "$@" || status=$?
log "exit status $status"
exit $status
