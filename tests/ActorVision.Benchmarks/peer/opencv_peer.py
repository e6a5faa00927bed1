#!/usr/bin/python3
"""The peer of the e2e-load benchmark: what users write instead of ActorVision, with Debian's OpenCV.

Per camera one thread: cv2.VideoCapture on the RTSP URL (over TCP; OpenCV's FFmpeg backend chooses its decoder
threads), opened from its own thread, the threads started --stagger seconds apart (OpenCV 4.6 opens FFmpeg captures
one at a time behind a global lock, about a second each for these streams: 64 cameras take about a minute to open,
and a peer measured during that minute measures its start-up). The warm-up starts once every camera has read its
first frame (or --open-timeout has passed: those that have not are reported), so that every camera has caught up
with its live stream when the window starts. Each thread then reads every frame at the source rate (grab() for frames not analysed, read() for frames due), and analysing every (source fps / analysis fps)-th frame in the same thread,
scaled to the analysis width, with
  motion      frame differencing against a running background (the same algorithm and settings as ActorVision's
              'motion' model: gray at 160 px wide, threshold 25, learning rate 0.05, dilate 2, blobs >= 0.05 %)
  face-front  MediaPipe BlazeFace front-128 through cv2.dnn.readNetFromONNX (letterbox to 128x128, RGB in [-1, 1],
              sigmoid scores, anchor decoding, NMS), as ActorVision's face-front model
  coco        the COCO SSD MobileNet V2 through cv2.dnn.readNetFromONNX (stretched to 300x300, RGB (p - 128) / 128,
  people-vehicles  SSD anchors and box decoding, best class per anchor, per-class NMS), as ActorVision's coco and
              people-vehicles models. OpenCV 4.6 cannot load the uint8 (QDQ) file ActorVision runs (its importer
              refuses DequantizeLinear of constant weights), so the peer runs the float conversion of the same model.
Latency is capture to result: from the moment read() returned the frame (ActorVision: the frame left the decoder)
to the end of its analysis. Run with /usr/bin/python3 (the one with python3-opencv):

    /usr/bin/python3 opencv_peer.py --model motion --analysis-fps 5 --warmup 10 --duration 30 rtsp://... rtsp://...

Prints "OPENED {seconds}" when every camera has read its first frame, "MEASURING" when the measurement window starts
and, at its end, one line "PEER {json}" with per camera frames read, frames analysed, latency samples (ms) and the
seconds its open took (thread start to first frame), and the process CPU (user + system) and resident memory.
"""
import argparse
import json
import math
import os
import sys
import threading
import time

os.environ.setdefault("OPENCV_FFMPEG_CAPTURE_OPTIONS", "rtsp_transport;tcp")
import cv2  # noqa: E402
import numpy as np  # noqa: E402

cv2.setNumThreads(1)  # one camera, one thread: as ActorVision decodes each camera on one thread


class Motion:
    def __init__(self, width=160, threshold=25, learning_rate=0.05, dilate=2, min_area=0.0005, max_detections=50):
        self.width, self.threshold, self.rate = width, threshold, learning_rate
        self.dilate, self.min_area, self.max_detections = dilate, min_area, max_detections
        self.background = None
        self.kernel = np.ones((3, 3), np.uint8)

    def __call__(self, frame):
        h = max(1, round(frame.shape[0] * self.width / frame.shape[1]))
        gray = cv2.cvtColor(cv2.resize(frame, (self.width, h), interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2GRAY)
        if self.background is None:
            self.background = gray.astype(np.float32)
            return []
        diff = cv2.absdiff(gray, cv2.convertScaleAbs(self.background))
        cv2.accumulateWeighted(gray, self.background, self.rate)
        _, mask = cv2.threshold(diff, self.threshold, 255, cv2.THRESH_BINARY)
        mask = cv2.dilate(cv2.erode(mask, self.kernel), self.kernel, iterations=1 + self.dilate)
        contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_SIMPLE)
        min_pixels = self.min_area * mask.shape[0] * mask.shape[1]
        boxes = [cv2.boundingRect(c) for c in contours if cv2.contourArea(c) >= min_pixels]
        scale = frame.shape[1] / self.width
        return [(x * scale, y * scale, w * scale, h * scale) for x, y, w, h in boxes[: self.max_detections]]


def blazeface_anchors(size=128):
    anchors = []
    for stride, per_cell in ((8, 2), (16, 6)):
        cells = size // stride
        for y in range(cells):
            for x in range(cells):
                anchors.extend([((x + 0.5) / cells, (y + 0.5) / cells)] * per_cell)
    return np.array(anchors, np.float32)


class BlazeFace:
    """cv2.dnn on the original (fixed batch 1) model; raises if OpenCV cannot load or run it."""

    def __init__(self, path, score_threshold=0.5, nms_iou=0.3):
        self.net = cv2.dnn.readNetFromONNX(path)
        self.net.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
        self.outputs = self.net.getUnconnectedOutLayersNames()
        self.anchors = blazeface_anchors()
        self.threshold, self.nms_iou = score_threshold, nms_iou
        self(np.zeros((360, 640, 3), np.uint8))  # fails here, not in a camera thread, when OpenCV cannot run it

    def __call__(self, frame):
        h, w = frame.shape[:2]
        scale = 128 / max(w, h)
        nw, nh = round(w * scale), round(h * scale)
        canvas = np.zeros((128, 128, 3), np.uint8)
        ox, oy = (128 - nw) // 2, (128 - nh) // 2
        canvas[oy:oy + nh, ox:ox + nw] = cv2.resize(frame, (nw, nh), interpolation=cv2.INTER_LINEAR)
        rgb = cv2.cvtColor(canvas, cv2.COLOR_BGR2RGB).astype(np.float32) / 127.5 - 1.0
        self.net.setInput(rgb[np.newaxis])  # NHWC, as the model takes it
        out = dict(zip(self.outputs, self.net.forward(self.outputs)))
        scores = np.concatenate([out["Identity:0"].reshape(-1), out["Identity_1:0"].reshape(-1)])
        regressors = np.concatenate([out["Identity_2:0"].reshape(-1, 16), out["Identity_3:0"].reshape(-1, 16)])
        scores = 1 / (1 + np.exp(-np.clip(scores.astype(np.float64), -100, 100)))
        keep = np.nonzero(scores >= self.threshold)[0]
        if keep.size == 0:
            return []
        r, a = regressors[keep], self.anchors[keep] * 128
        cx, cy = r[:, 0] + a[:, 0], r[:, 1] + a[:, 1]
        boxes = [[float((x - bw / 2 - ox) / scale), float((y - bh / 2 - oy) / scale), float(bw / scale), float(bh / scale)]
                 for x, y, bw, bh in zip(cx, cy, r[:, 2], r[:, 3])]
        picked = cv2.dnn.NMSBoxes(boxes, scores[keep].tolist(), self.threshold, self.nms_iou)
        return [boxes[i] for i in np.array(picked).reshape(-1)]


def ssd_anchors(size=300, strides=(16, 32, 64, 128, 256, 512), ratios=(1.0, 2.0, 0.5, 3.0, 0.3333), lo=0.2, hi=0.95):
    """TensorFlow's ssd_anchor_generator as ActorVision generates it: rows of (ycenter, xcenter, height, width)."""
    scale = lambda i: lo + (hi - lo) * i / (len(strides) - 1)  # noqa: E731
    anchors = []
    for layer, stride in enumerate(strides):
        if layer == 0:
            shapes = [(0.1, 1.0), (scale(0), 2.0), (scale(0), 0.5)]
        else:
            following = 1.0 if layer == len(strides) - 1 else scale(layer + 1)
            shapes = [(scale(layer), r) for r in ratios] + [(math.sqrt(scale(layer) * following), 1.0)]
        cells = math.ceil(size / stride)
        for y in range(cells):
            for x in range(cells):
                for s, r in shapes:
                    anchors.append(((y + 0.5) / cells, (x + 0.5) / cells, s / math.sqrt(r), s * math.sqrt(r)))
    return np.array(anchors, np.float32)


PEOPLE_VEHICLES = {0: 0.4, 1: 0.5, 2: 0.5, 3: 0.5, 5: 0.5, 7: 0.5}  # COCO ids: person (its own threshold), vehicles


class CocoSsd:
    """cv2.dnn on the float conversion of the COCO SSD; raises if OpenCV cannot load or run it."""

    def __init__(self, path, classes=None, score_threshold=0.5, nms_iou=0.45):
        self.net = cv2.dnn.readNetFromONNX(path)
        self.net.setPreferableBackend(cv2.dnn.DNN_BACKEND_OPENCV)
        self.anchors = ssd_anchors()
        # Score columns (1 + COCO id) to consider, with their thresholds; None: every class at score_threshold.
        self.columns = np.array(sorted(classes) if classes else range(90)) + 1
        self.thresholds = np.array([classes[c - 1] for c in self.columns] if classes else [score_threshold] * len(self.columns), np.float32)
        self.nms_iou = nms_iou
        self(np.zeros((360, 640, 3), np.uint8))

    def __call__(self, frame):
        h, w = frame.shape[:2]
        rgb = cv2.cvtColor(cv2.resize(frame, (300, 300), interpolation=cv2.INTER_LINEAR), cv2.COLOR_BGR2RGB)
        self.net.setInput((rgb.astype(np.float32) - 128.0)[np.newaxis] / 128.0)  # NHWC
        encodings, scores = self.net.forward(["box_encodings", "class_scores"])
        scores = scores[0][:, self.columns]
        best = scores.argmax(1)
        best_score = scores[np.arange(len(best)), best]
        keep = np.nonzero(best_score >= self.thresholds[best])[0]
        if keep.size == 0:
            return []
        e, a = encodings[0][keep], self.anchors[keep]
        cy, cx = e[:, 0] / 10 * a[:, 2] + a[:, 0], e[:, 1] / 10 * a[:, 3] + a[:, 1]
        bh, bw = np.exp(e[:, 2] / 5) * a[:, 2], np.exp(e[:, 3] / 5) * a[:, 3]
        boxes = np.stack([(cx - bw / 2) * w, (cy - bh / 2) * h, bw * w, bh * h], 1)
        found = []
        for c in np.unique(best[keep]):
            mine = np.nonzero(best[keep] == c)[0]
            picked = cv2.dnn.NMSBoxes(boxes[mine].tolist(), best_score[keep][mine].tolist(), 0.0, self.nms_iou)
            found.extend(boxes[mine][np.array(picked).reshape(-1)].tolist())
        return found


class Camera(threading.Thread):
    def __init__(self, url, make_detector, args, clock):
        super().__init__(daemon=True)
        self.url, self.detector, self.args, self.clock = url, make_detector(), args, clock
        self.frames_read = self.analysed = self.failures = 0
        self.latencies = []
        self.error = None
        self.open_s = None
        self.first_frame = threading.Event()  # set once it reads (or gives up): the warm-up waits for every camera

    def run(self):
        try:
            self.read_stream()
        finally:
            self.first_frame.set()

    def read_stream(self):
        a = self.args
        started = time.monotonic()
        cap = cv2.VideoCapture(self.url, cv2.CAP_FFMPEG)
        if not cap.isOpened():
            self.error = "cannot open " + self.url
            return
        ratio = a.analysis_fps / a.source_fps
        n = 0
        while not self.clock.done.is_set():
            n += 1
            due = math.floor(n * ratio) != math.floor((n - 1) * ratio)
            if not due:
                ok = cap.grab()
            else:
                ok, frame = cap.read()
            captured = time.monotonic()
            if ok and self.open_s is None:
                self.open_s = captured - started
                self.first_frame.set()
            if not ok:
                self.failures += 1
                if self.failures > 50:
                    self.error = "stream ended"
                    return
                continue
            measuring = self.clock.measuring.is_set()
            if measuring:
                self.frames_read += 1
            if not due:
                continue
            if frame.shape[1] != a.width:
                frame = cv2.resize(frame, (a.width, round(frame.shape[0] * a.width / frame.shape[1])), interpolation=cv2.INTER_LINEAR)
            self.detector(frame)
            if measuring and self.clock.measuring.is_set():
                self.analysed += 1
                self.latencies.append((time.monotonic() - captured) * 1000)
        cap.release()


class Clock:
    def __init__(self):
        self.measuring, self.done = threading.Event(), threading.Event()


def rss_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def cpu_seconds():
    t = os.times()
    return t.user + t.system


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("urls", nargs="+")
    parser.add_argument("--model", choices=["motion", "face-front", "coco", "people-vehicles"], default="motion")
    parser.add_argument("--face-model", default=os.path.join(os.path.dirname(__file__), "../../../models/blazeface/face_detection_front_128x128.onnx"))
    parser.add_argument("--coco-model", default=os.path.join(os.path.dirname(__file__), "../../../models/ssd-coco/ssd_mobilenet_v2_coco_float.onnx"))
    parser.add_argument("--analysis-fps", type=float, default=5)
    parser.add_argument("--source-fps", type=float, default=25)
    parser.add_argument("--width", type=int, default=640, help="analysis width (frames are scaled to it)")
    parser.add_argument("--warmup", type=float, default=10)
    parser.add_argument("--duration", type=float, default=30)
    parser.add_argument("--stagger", type=float, default=0.25, help="seconds between starting one camera's thread and the next")
    parser.add_argument("--open-timeout", type=float, default=None,
                        help="seconds for every camera to read its first frame before the warm-up starts anyway (10 + 2 per camera)")
    args = parser.parse_args()

    if args.model == "motion":
        make = Motion
    elif args.model in ("coco", "people-vehicles"):
        classes = PEOPLE_VEHICLES if args.model == "people-vehicles" else None
        try:
            CocoSsd(args.coco_model, classes)
        except cv2.error as e:
            print("PEER " + json.dumps({"error": f"OpenCV {cv2.__version__} cannot run {args.coco_model}: {e}"}), flush=True)
            return 3
        make = lambda: CocoSsd(args.coco_model, classes)  # noqa: E731
    else:
        try:
            BlazeFace(args.face_model)
        except cv2.error as e:
            print("PEER " + json.dumps({"error": f"OpenCV {cv2.__version__} cannot run {args.face_model}: {e}"}), flush=True)
            return 3
        make = lambda: BlazeFace(args.face_model)  # noqa: E731  (a net per camera: cv2.dnn nets are not shared between threads)

    base_rss = rss_bytes()  # OpenCV and the model loaded, no camera yet
    clock = Clock()
    cameras = [Camera(url, make, args, clock) for url in args.urls]
    opening = time.monotonic()
    for c in cameras:
        c.start()
        time.sleep(args.stagger)
    deadline = opening + (args.open_timeout if args.open_timeout is not None else 10 + 2 * len(cameras))
    for c in cameras:
        c.first_frame.wait(timeout=max(0.0, deadline - time.monotonic()))
    for c in cameras:
        if c.open_s is None and c.error is None:
            c.error = "no frame within the open timeout"
    opened_s = time.monotonic() - opening
    print(f"OPENED {opened_s:.1f}", flush=True)
    time.sleep(args.warmup)
    cpu0, wall0 = cpu_seconds(), time.monotonic()
    clock.measuring.set()
    print("MEASURING", flush=True)
    rss_samples = []
    end = wall0 + args.duration
    while time.monotonic() < end:
        time.sleep(min(1.0, max(0.0, end - time.monotonic())))
        rss_samples.append(rss_bytes())
    clock.measuring.clear()
    cpu1, wall1 = cpu_seconds(), time.monotonic()
    clock.done.set()
    result = {
        "opencv": cv2.__version__,
        "window_s": wall1 - wall0,
        "cpu_s": cpu1 - cpu0,
        "rss_bytes": max(rss_samples) if rss_samples else rss_bytes(),
        "rss_base_bytes": base_rss,
        "opened_s": opened_s,  # first thread started to every camera reading (or the open timeout)
        "cameras": [{"url": c.url, "frames_read": c.frames_read, "analysed": c.analysed, "error": c.error, "open_s": c.open_s,
                     "latencies_ms": [round(x, 3) for x in c.latencies]} for c in cameras],
    }
    print("PEER " + json.dumps(result), flush=True)
    for c in cameras:
        c.join(timeout=5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
