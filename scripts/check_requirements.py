#!/usr/bin/python3
"""Checks that what the project needs on this machine comes from a Debian package that scripts/setup.sh installs.

A probe that only asks "is clockoverlay there?" passes on a machine that has the package from before, which is how
a missing install step once hid from CI. So every need is traced to the file that provides it here, that file to
its Debian package (dpkg -S), and the package must be one setup installs for this mode or one of their
dependencies (Depends/Pre-Depends, recursively). Run by scripts/setup.sh after it installs; it then has python3-gi.

usage: check_requirements.py MODE PACKAGE...   (MODE: demo, test or bench; PACKAGE: what setup installs for MODE)
"""
import functools
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RTSP_SERVER = os.path.join(ROOT, "deploy", "rtsp-test-server", "rtsp_test_server.py")
OPENCV_DATA = "/usr/share/doc/opencv-doc/examples/data"

# Python modules for /usr/bin/python3, per mode: the RTSP test server and model preparation (every mode), the face
# photo used by the tests, the OpenCV peer and the chart of the benchmarks.
PYTHON_MODULES = {
    "demo": ["gi", "onnx", "numpy"],
    "test": ["gi", "onnx", "numpy", "skimage"],
    "bench": ["gi", "onnx", "numpy", "skimage", "cv2", "matplotlib"],
}
# Executables the scripts and tests start (dotnet and npm may come from outside Debian and are checked by setup).
EXECUTABLES = {
    "demo": ["ffmpeg", "pkg-config", "gcc"],
    "test": ["ffmpeg", "pkg-config", "gcc", "chromium", "mosquitto", "mosquitto_passwd", "pg_ctlcluster", "pg_lsclusters", "openssl", "mount", "umount"],
    "bench": ["ffmpeg", "pkg-config", "gcc", "chromium", "mosquitto", "mosquitto_passwd", "pg_ctlcluster", "pg_lsclusters", "openssl", "mount", "umount"],
}
# Sample data the setup turns into media/.
DATA_FILES = {
    "demo": [f"{OPENCV_DATA}/vtest.avi", f"{OPENCV_DATA}/Megamind.avi"],
    "test": [f"{OPENCV_DATA}/vtest.avi", f"{OPENCV_DATA}/Megamind.avi",
             "/usr/lib/python3/dist-packages/skimage/data/astronaut.png"],
}
DATA_FILES["bench"] = DATA_FILES["test"]
# FFmpeg features the node, setup and the tests use: (kind as `ffmpeg -KIND` lists it, name, library providing it).
FFMPEG_FEATURES = [
    ("decoders", "h264", "libavcodec"), ("decoders", "mjpeg", "libavcodec"), ("decoders", "mpeg4", "libavcodec"),
    ("encoders", "libx264", "libavcodec"), ("encoders", "mjpeg", "libavcodec"), ("encoders", "aac", "libavcodec"),
    ("muxers", "mp4", "libavformat"), ("muxers", "hls", "libavformat"), ("muxers", "rtsp", "libavformat"),
    ("muxers", "mpegts", "libavformat"), ("muxers", "avi", "libavformat"), ("demuxers", "rtsp", "libavformat"),
    ("demuxers", "hls", "libavformat"), ("filters", "testsrc2", "libavfilter"), ("filters", "color", "libavfilter"),
    ("filters", "sine", "libavfilter"), ("filters", "overlay", "libavfilter"),
]


def run(*args):
    return subprocess.run(args, capture_output=True, text=True)


def spellings(path):
    """PATH as dpkg may have recorded it: as given, resolved, and with or without /usr (usr-merged Debian)."""
    found = [path, os.path.realpath(path)]
    for p in list(found):
        if p.startswith(("/lib/", "/bin/", "/sbin/")):
            found.append("/usr" + p)
        elif p.startswith(("/usr/lib/", "/usr/bin/", "/usr/sbin/")):
            found.append(p[4:])
    return list(dict.fromkeys(found))


def owning_packages(paths):
    """path -> the Debian package that installed it (None if none did); one dpkg query for all of them."""
    candidates = {path: spellings(path) for path in paths}
    every = sorted({c for cs in candidates.values() for c in cs})
    owners = {}
    # "pkg:arch, pkg2: /path" per line for each pattern that matched (dpkg exits 1 if some did not).
    for line in run("dpkg-query", "-S", *every).stdout.splitlines() if every else []:
        packages, sep, owned = line.partition(": ")
        if sep and owned in every:
            owners.setdefault(owned, packages.split(",")[0].split(":")[0].strip())
    return {path: next((owners[c] for c in cs if c in owners), None) for path, cs in candidates.items()}


@functools.lru_cache(maxsize=None)
def dependency_closure(packages):
    """PACKAGES and everything they depend on (Depends, Pre-Depends), as apt resolves them on this machine."""
    out = run("apt-cache", "depends", "--recurse", "--no-recommends", "--no-suggests", "--no-conflicts",
              "--no-breaks", "--no-replaces", "--no-enhances", *packages)
    closure = set(packages)
    for line in out.stdout.splitlines():
        line = line.strip()
        if not line:
            continue
        if ":" in line and line.split(":", 1)[0].lstrip("|") in ("Depends", "PreDepends"):
            line = line.split(":", 1)[1].strip()
        closure.add(line.strip("<>").split(":")[0])
    return frozenset(closure)


def gstreamer_needs():
    out = run("/usr/bin/python3", RTSP_SERVER, "--list-elements")
    if out.returncode != 0:
        return [("RTSP test server", None, "cannot list its GStreamer elements: " + (out.stderr.strip() or "?"),
                 "python3-gi gir1.2-gst-rtsp-server-1.0")]
    needs = []
    for line in out.stdout.splitlines():
        element, plugin, package = line.split("\t")
        needs.append((f"GStreamer element {element} (RTSP test server)", None if plugin == "-" else plugin,
                      "not installed", package))
    return needs


def python_needs(mode):
    needs = []
    for module in PYTHON_MODULES[mode]:
        out = run("/usr/bin/python3", "-c", f"import {module}; print({module}.__file__)")
        path = out.stdout.strip() if out.returncode == 0 else None
        needs.append((f"Python module {module} (/usr/bin/python3)", path, "cannot be imported", None))
    return needs


def executable_needs(mode):
    return [(f"program {name}", shutil.which(name, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin"),
             "not on PATH", None) for name in EXECUTABLES[mode]]


def data_needs(mode):
    return [(f"file {path}", path if os.path.exists(path) else None, "missing", None) for path in DATA_FILES[mode]]


def ffmpeg_libraries():
    """library name -> the shared object the ffmpeg program loads, e.g. libavcodec -> /lib/.../libavcodec.so.59."""
    ffmpeg = shutil.which("ffmpeg")
    libraries = {}
    if ffmpeg:
        for line in run("ldd", ffmpeg).stdout.splitlines():
            match = re.match(r"\s*(lib[a-z]+)\.so\.\d+ => (\S+)", line)
            if match:
                libraries[match.group(1)] = match.group(2)
    return libraries


def ffmpeg_needs():
    libraries = ffmpeg_libraries()
    listed = {}
    needs = []
    for kind, name, library in FFMPEG_FEATURES:
        if kind not in listed:
            out = run("ffmpeg", "-hide_banner", f"-{kind}") if libraries else None
            listed[kind] = out.stdout if out and out.returncode == 0 else ""
        present = re.search(rf"^\s*\S+\s+{re.escape(name)}(\s|$)", listed[kind], re.MULTILINE) is not None
        needs.append((f"FFmpeg {kind[:-1]} {name}", libraries.get(library) if present else None, "not built in", None))
    return needs


def main(argv):
    if len(argv) < 3 or argv[1] not in PYTHON_MODULES:
        print(__doc__, file=sys.stderr)
        return 2
    mode, installed_by_setup = argv[1], tuple(sorted(argv[2:]))
    closure = dependency_closure(installed_by_setup)
    problems = []
    needs = gstreamer_needs() + python_needs(mode) + executable_needs(mode) + data_needs(mode) + ffmpeg_needs()
    owners = owning_packages([path for _, path, _, _ in needs if path])
    for what, path, absent, hint in needs:
        if path is None:
            problems.append(f"{what}: {absent}" + (f" (Debian package {hint})" if hint else ""))
            continue
        package = owners[path]
        if package is None:
            problems.append(f"{what}: {path} belongs to no Debian package, so a fresh machine will not have it")
        elif package not in closure:
            problems.append(f"{what}: provided by the Debian package {package} ({path}), which scripts/setup.sh "
                            f"does not install for '{mode}' (nor anything it lists depends on it): add it there")
    if problems:
        print("check_requirements: this machine has what the project needs only by chance, or not at all:",
              file=sys.stderr)
        for problem in problems:
            print("  - " + problem, file=sys.stderr)
        return 1
    print(f"check_requirements: {len(needs)} needs of '{mode}' all come from packages setup installs")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
