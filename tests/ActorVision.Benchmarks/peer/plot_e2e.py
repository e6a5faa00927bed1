#!/usr/bin/python3
"""Chart of the e2e-load benchmark: per source, latency p95 and CPU versus cameras, ActorVision against the OpenCV
peer (and FFmpeg's decode CPU as the floor). Colour: system; line style: model; hollow markers: not every camera
sustained. usage: plot_e2e.py POINTS.json OUT.png (Debian python3-matplotlib)."""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.ticker import NullLocator  # noqa: E402

COLORS = {"ActorVision": "tab:blue", "OpenCV peer": "tab:orange", "FFmpeg decode": "tab:gray"}
MARKERS = {"ActorVision": "o", "OpenCV peer": "s", "FFmpeg decode": "^"}
LINES = ["-", "--", "-.", ":"]


def main(data_path, out_path):
    with open(data_path) as f:
        data = json.load(f)
    points = data["points"]
    sources = list(dict.fromkeys(p["source"] for p in points))
    models = list(dict.fromkeys(p["model"] for p in points if p["system"] != "FFmpeg decode"))
    fig, axes = plt.subplots(len(sources), 2, figsize=(12, 4.2 * len(sources)), squeeze=False)
    for row, source in zip(axes, sources):
        lat, cpu = row
        series = {}
        for p in points:
            if p["source"] == source:
                series.setdefault((p["system"], p["model"]), []).append(p)
        for (system, model), ps in sorted(series.items()):
            ps.sort(key=lambda p: p["cameras"])
            color, marker = COLORS.get(system, "black"), MARKERS.get(system, "x")
            line = ":" if system == "FFmpeg decode" else LINES[models.index(model) % len(LINES)]
            label = system if system == "FFmpeg decode" else f"{system}, {model}"
            for ax, key in ((cpu, "cpu_cores"), (lat, "latency_p95")):
                shown = [p for p in ps if p[key] is not None]
                if not shown:
                    continue
                xs, ys = [p["cameras"] for p in shown], [p[key] for p in shown]
                ax.plot(xs, ys, line, color=color, label=label, alpha=0.85)
                ax.scatter(xs, ys, marker=marker, edgecolors=color, zorder=3,
                           facecolors=[color if p["sustained"] == p["cameras"] else "white" for p in shown])
        for ax, title, ylabel in ((lat, "capture-to-result latency p95", "ms"), (cpu, "CPU (user + system)", "cores")):
            ticks = sorted({p["cameras"] for p in points if p["source"] == source})
            ax.set_xscale("log", base=2)
            ax.set_xticks(ticks, [str(t) for t in ticks])
            ax.xaxis.set_minor_locator(NullLocator())
            ax.set_xlabel("cameras")
            ax.set_ylabel(ylabel)
            ax.set_title(f"{source}: {title}", fontsize=10)
            ax.grid(True, alpha=0.3)
        lat.set_yscale("log")
        cpu.legend(fontsize=7, loc="upper left")
    fig.suptitle(f"e2e-load on {data['machine']}; hollow markers: not every camera sustained", fontsize=8)
    fig.tight_layout()
    fig.savefig(out_path, dpi=100)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
