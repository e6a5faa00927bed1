#!/usr/bin/python3
"""Chart of the e2e-load benchmark: latency p95 and CPU versus cameras, ActorVision against the OpenCV peer
(and FFmpeg's decode CPU as the floor). usage: plot_e2e.py POINTS.json OUT.png (Debian python3-matplotlib)."""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

STYLE = {"ActorVision": ("tab:blue", "-", "o"), "OpenCV peer": ("tab:orange", "--", "s"), "FFmpeg decode": ("tab:gray", ":", "^")}


def main(data_path, out_path):
    with open(data_path) as f:
        data = json.load(f)
    points = data["points"]
    series = {}
    for p in points:
        series.setdefault((p["system"], p["source"], p["model"]), []).append(p)
    fig, (lat, cpu) = plt.subplots(1, 2, figsize=(12, 4.8))
    for (system, source, model), ps in sorted(series.items()):
        ps.sort(key=lambda p: p["cameras"])
        color, line, marker = STYLE.get(system, ("black", "-", "x"))
        label = f"{system}, {source}" + ("" if system == "FFmpeg decode" else f", {model}")
        xs = [p["cameras"] for p in ps]
        # Hollow markers where not every camera was sustained.
        faces = [color if p["sustained"] == p["cameras"] else "white" for p in ps]
        cpu.plot(xs, [p["cpu_cores"] for p in ps], line, color=color, label=label, alpha=0.85)
        cpu.scatter(xs, [p["cpu_cores"] for p in ps], marker=marker, facecolors=faces, edgecolors=color, zorder=3)
        if system != "FFmpeg decode":
            lat_points = [p for p in ps if p["latency_p95"] is not None]
            lat.plot([p["cameras"] for p in lat_points], [p["latency_p95"] for p in lat_points], line, color=color, label=label, alpha=0.85)
            lat.scatter([p["cameras"] for p in lat_points], [p["latency_p95"] for p in lat_points], marker=marker,
                        facecolors=[color if p["sustained"] == p["cameras"] else "white" for p in lat_points], edgecolors=color, zorder=3)
    for ax, title, ylabel in ((lat, "Capture-to-result latency p95", "ms"), (cpu, "CPU (user + system)", "cores")):
        ax.set_xscale("log", base=2)
        ax.set_xlabel("cameras")
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.grid(True, alpha=0.3)
        ticks = sorted({p["cameras"] for p in points})
        ax.set_xticks(ticks, [str(t) for t in ticks])
        ax.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
    lat.set_yscale("log")
    cpu.legend(fontsize=7, loc="best")
    fig.suptitle(f"e2e-load ({data['machine']}); hollow: not every camera sustained", fontsize=8)
    fig.tight_layout()
    fig.savefig(out_path, dpi=110)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
