#!/usr/bin/env bash
# The demo: the GStreamer RTSP test server streams the sample videos as live cameras, and one ActorVision node
# analyses them (plus one file in file mode), printing events as they happen. Ctrl+C stops both.
# Run it through ./run.sh demo, which sets up and builds first.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RTSP_PORT="${AV_DEMO_RTSP_PORT:-8554}"
NODE="$ROOT/src/ActorVision.Node/bin/Release/net10.0/actorvision-node.dll"
AVCTL="src/ActorVision.Cli/bin/Release/net10.0/avctl"
[ -f "$NODE" ] && [ -x "$AVCTL" ] || { echo "demo: build first (./run.sh demo builds the node and avctl)" >&2; exit 1; }

log=$(mktemp)
/usr/bin/python3 deploy/rtsp-test-server/rtsp_test_server.py --port "$RTSP_PORT" --exit-with-parent \
  --file pedestrians=media/pedestrians.mp4 --file faces=media/faces.mp4 >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 100); do
  grep -q READY "$log" && break
  kill -0 $server 2>/dev/null || { cat "$log"; echo "demo: the RTSP test server did not start (port $RTSP_PORT busy? set AV_DEMO_RTSP_PORT)" >&2; exit 1; }
  sleep 0.1
done

export AV_DEMO_RTSP="rtsp://127.0.0.1:$RTSP_PORT"
if [ -n "${AV_API_KEY:-}${AV_API_KEY_FILE:-}" ]; then
  ACCESS="the admin key of AV_API_KEY; the dashboard asks for a key (/login)"
else
  ACCESS="loopback only, no API keys: anyone on this machine is an admin (docs/security.md before it leaves)"
fi
cat <<INFO

  ActorVision demo
  ----------------
  cameras   entrance  $AV_DEMO_RTSP/pedestrians  COCO people + vehicles, tracking; person line "walkway",
                                                 zone "crossing", loitering "lingering"
            faces     $AV_DEMO_RTSP/faces        BlazeFace face detection
            archive   media/pedestrians.mp4      COCO (80 classes), file mode: every frame, nothing dropped
  dashboard http://127.0.0.1:${AV_HTTP_PORT:-8080}/
  video     data/hls/entrance/index.m3u8 and data/hls/faces/index.m3u8 (ffplay, VLC or mpv play them live),
            data/archive-annotated.mp4 once the archive camera completes
  snapshots data/snapshots/<camera>/<event id>.jpg
  control   $AVCTL camera ls   (see docs/avctl.md)
  access    $ACCESS

  Events are printed below as they happen. Ctrl+C stops the node and the RTSP server.

INFO
dotnet "$NODE" --demo
