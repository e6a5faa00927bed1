#!/usr/bin/python3
"""RTSP test server for ActorVision: live test cameras, looping recordings and a publish target, on loopback.

GStreamer's RTSP server (Debian: python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-{base,good,ugly,bad}
gstreamer1.0-x). Run it with the system Python, which is the one that has the GObject bindings:

    /usr/bin/python3 rtsp_test_server.py --port 8554 --file walk=media/pedestrians.mp4

Mounts (rtsp://HOST:PORT/...):
    /cam        live test pattern, 640x360 at 25 fps, H.264 (clock overlay, keyframe every second)
    /cam1080    live test pattern, 1920x1080 at 25 fps, H.264
    /cam-sparse live test pattern, 320x180 at 25 fps, H.264 with a keyframe every 20 s (cameras with long GOPs)
    /NAME       each --file NAME=PATH (H.264 MP4): looped endlessly and paced in real time like a camera;
                the timestamps start again at every loop, as they do when a real camera restarts
    /publish    RECORD target (ffmpeg -f rtsp ... or FrameSink's RTSP output), relayed to
    /out        which plays whatever is being published

Prints exactly one line "READY rtsp://HOST:PORT" on stdout when it accepts clients, and exits with status 0
on SIGTERM or SIGINT. Before it listens it checks that every GStreamer element its mounts use is installed, and
exits with status 3 naming the element and its Debian package if one is not (a missing element would otherwise
only show as a 5XX reply to each client). --list-elements prints each element with the plugin file that provides
it, for scripts/check_requirements.py.
"""
import argparse
import os
import signal
import socket
import sys
import threading

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

LIVE_PATTERN = (
    "( videotestsrc is-live=true pattern=ball ! video/x-raw,width={width},height={height},framerate=25/1 "
    "! clockoverlay ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={gop} bitrate={bitrate} "
    '  option-string="scenecut=0" '
    "! video/x-h264,profile=constrained-baseline ! rtph264pay name=pay0 pt=96 config-interval=1 )"
)


# Where each element the mounts use comes from on Debian 12, so a missing one is reported with what to install.
ELEMENT_PACKAGES = {
    "videotestsrc": "gstreamer1.0-plugins-base",
    "clockoverlay": "gstreamer1.0-x",
    "x264enc": "gstreamer1.0-plugins-ugly",
    "rtph264pay": "gstreamer1.0-plugins-good",
    "rtph264depay": "gstreamer1.0-plugins-good",
    "qtdemux": "gstreamer1.0-plugins-good",
    "udpsrc": "gstreamer1.0-plugins-good",
    "udpsink": "gstreamer1.0-plugins-good",
    "h264parse": "gstreamer1.0-plugins-bad",
    "filesrc": "libgstreamer1.0-0",
    "capsfilter": "libgstreamer1.0-0",
}

MISSING_ELEMENT_EXIT = 3


def launch_elements(launch):
    """The element factory names of a gst-launch description: the first word of each '!'-separated part that is
    not a caps string (caps contain a '/')."""
    names = []
    for part in launch.strip().strip("()").split("!"):
        words = part.split()
        if words and "/" not in words[0]:
            names.append(words[0])
    return names


def missing_elements(launches):
    """(element, mounts using it) for every element no installed plugin provides."""
    users = {}
    for mount, launch in launches.items():
        for name in launch_elements(launch):
            users.setdefault(name, []).append(mount)
    return [(name, mounts) for name, mounts in users.items() if Gst.ElementFactory.find(name) is None]


def describe_missing(missing):
    lines = []
    for name, mounts in missing:
        package = ELEMENT_PACKAGES.get(name, "the GStreamer plugin package that provides it")
        lines.append(f"missing GStreamer element '{name}' (used by {', '.join(sorted(set(mounts)))}): "
                     f"install the Debian package {package} (apt-get install {package})")
    return "\n".join(lines)


def free_udp_port(host):
    """A port for the /publish -> /out relay; each server gets its own so several can run side by side."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def file_launch(path):
    return (f'( filesrc location="{path}" ! qtdemux name=demux ! h264parse '
            "! rtph264pay name=pay0 pt=96 config-interval=1 )")


def publish_launch(host, relay):
    return ("( rtph264depay name=depay0 ! h264parse config-interval=-1 ! rtph264pay pt=96 config-interval=1 "
            f"! udpsink host={host} port={relay} sync=false async=false )")


def output_launch(host, relay):
    return (f'( udpsrc address={host} port={relay} caps="application/x-rtp,media=video,encoding-name=H264,'
            'clock-rate=90000,payload=96" ! rtph264depay ! h264parse config-interval=-1 '
            "! rtph264pay name=pay0 pt=96 config-interval=1 )")


class LoopingFile:
    """Plays an MP4 again from the start whenever it ends, by turning the demuxer's end-of-stream into a seek."""

    def __init__(self, path):
        self.path = path
        self.factory = GstRtspServer.RTSPMediaFactory()
        self.factory.set_launch(file_launch(path))
        # Each client gets its own pipeline (demuxing and packetising cost next to nothing): a client that stops
        # reading, or dies mid-send, then stalls only its own stream, never the other cameras on the same file.
        self.factory.set_shared(False)
        self.factory.connect("media-configure", self._on_media_configure)

    def _on_media_configure(self, _factory, media):
        bin_ = media.get_element()
        demux = bin_.get_by_name("demux")
        pipeline = bin_.get_parent()
        demux.connect("pad-added", lambda _demux, pad: pad.add_probe(
            Gst.PadProbeType.EVENT_DOWNSTREAM, self._on_event, pipeline))

    @staticmethod
    def _on_event(_pad, info, pipeline):
        if info.get_event().type != Gst.EventType.EOS:
            return Gst.PadProbeReturn.OK
        # Seeking from the streaming thread deadlocks, and from the main loop it can block every client: a flushing
        # seek waits for the streaming thread, which may itself be waiting for a slow client's TCP backlog to drain,
        # and while the main loop waits no client is served (seen as every camera timing out at once under load).
        threading.Thread(target=LoopingFile._restart, args=(pipeline,), daemon=True).start()
        return Gst.PadProbeReturn.DROP

    @staticmethod
    def _restart(pipeline):
        # A flushing seek of the whole pipeline restarts its running time, so the new loop is paced from now on.
        # Nothing sits in a queue between the demuxer and the server's sinks, so the flush loses no frame.
        pipeline.seek_simple(Gst.Format.TIME, Gst.SeekFlags.FLUSH | Gst.SeekFlags.KEY_UNIT, 0)


def parse_file(value):
    name, sep, path = value.partition("=")
    if not sep or not name or not path:
        raise argparse.ArgumentTypeError(f"expected NAME=PATH, got {value!r}")
    if name in ("cam", "cam1080", "cam-sparse", "publish", "out") or "/" in name:
        raise argparse.ArgumentTypeError(f"mount name {name!r} is reserved or invalid")
    path = os.path.abspath(path)
    if not os.path.isfile(path):
        raise argparse.ArgumentTypeError(f"no such file: {path}")
    return name, path


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8554, help="RTSP port (default 8554)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--file", type=parse_file, action="append", default=[], metavar="NAME=PATH",
                        help="serve PATH (H.264 MP4) in a loop at /NAME; repeatable")
    parser.add_argument("--exit-with-parent", action="store_true",
                        help="exit when the process that started this one dies (test runs that crash leave no server behind)")
    parser.add_argument("--list-elements", action="store_true",
                        help="print each GStreamer element the mounts use and the plugin file providing it ('-' when "
                             "missing), then exit")
    args = parser.parse_args()

    Gst.init(None)
    relay = free_udp_port(args.host)
    launches = {
        "/cam": LIVE_PATTERN.format(width=640, height=360, bitrate=1000, gop=25),
        "/cam1080": LIVE_PATTERN.format(width=1920, height=1080, bitrate=4000, gop=25),
        "/cam-sparse": LIVE_PATTERN.format(width=320, height=180, bitrate=300, gop=500),
        "/NAME (--file)": file_launch("file.mp4"),
        "/publish": publish_launch(args.host, relay),
        "/out": output_launch(args.host, relay),
    }
    if args.list_elements:
        for name in sorted({n for launch in launches.values() for n in launch_elements(launch)}):
            factory = Gst.ElementFactory.find(name)
            plugin = factory.get_plugin() if factory else None
            print(f"{name}\t{plugin.get_filename() if plugin else '-'}\t{ELEMENT_PACKAGES.get(name, '?')}")
        return 0
    missing = missing_elements(launches)
    if missing:
        print(describe_missing(missing), file=sys.stderr)
        return MISSING_ELEMENT_EXIT

    server = GstRtspServer.RTSPServer()
    server.set_address(args.host)
    server.set_service(str(args.port))
    # One thread per client: a DESCRIBE of /out waiting for data must not stall the publisher that brings it.
    server.get_thread_pool().set_max_threads(16)
    mounts = server.get_mount_points()

    def add(path, launch, record=False):
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(launch)
        factory.set_shared(True)
        if record:
            factory.set_transport_mode(GstRtspServer.RTSPTransportMode.RECORD)
        mounts.add_factory(path, factory)

    add("/cam", launches["/cam"])
    add("/cam1080", launches["/cam1080"])
    add("/cam-sparse", launches["/cam-sparse"])
    files = []
    for name, path in args.file:
        looping = LoopingFile(path)
        files.append(looping)  # the factory's signal handler lives as long as the server
        mounts.add_factory("/" + name, looping.factory)

    add("/publish", launches["/publish"], record=True)
    add("/out", launches["/out"])

    if server.attach(None) == 0:
        print(f"cannot listen on {args.host}:{args.port}", file=sys.stderr)
        return 1

    loop = GLib.MainLoop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_HIGH, sig, loop.quit)
    if args.exit_with_parent:
        parent = os.getppid()

        def check_parent():
            if os.getppid() != parent:
                loop.quit()
                return False
            return True
        GLib.timeout_add(500, check_parent)
    print(f"READY rtsp://{args.host}:{args.port}", flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
