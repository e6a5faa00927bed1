using System.Globalization;

namespace ActorVision.Benchmarks.EndToEnd;

/// <summary>
/// ActorVision past its knee, judged as issue 15's "Done when" states it: at 1.5x the knee (motion, 640x360, 5 fps)
/// every camera still analyses frames, p99 capture-to-analysis stays under 1 s and resident memory within 1.2x of the
/// knee's. A node that degrades well sheds load evenly (analysed fps per camera min/max close) instead of queueing.
/// The memory line cannot tell queueing from the state every camera holds (its decoder: 4.1 MB per 640x360 stream for
/// FFmpeg alone, media-decoder-memory), and at a higher knee it allows less per camera (0.2 x the knee's memory shared
/// by the 0.5 x knee cameras added), so a fourth check asks the question it stands for: does a camera past the knee
/// cost more memory than one below it.
/// </summary>
/// <param name="FromSweep">The sweep had measured this many cameras already; its point is reused.</param>
public sealed record OverloadPoint(string Source, string Model, LoadPoint Knee, LoadPoint Point, double Factor, bool FromSweep)
{
    public const double MaxLatencyP99Ms = 1000;
    public const double MaxResidentRatio = 1.2;

    /// <summary>Cameras at <paramref name="factor"/> x the knee, at least one more than the knee.</summary>
    public static int Cameras(int knee, double factor) => Math.Max(knee + 1, (int)Math.Round(knee * factor, MidpointRounding.AwayFromZero));

    /// <summary>The node's resident memory at this point over the knee's (both the highest seen in their windows).</summary>
    public double ResidentRatio => Knee.ResidentBytes > 0 && Point.ResidentBytes > 0 ? Point.ResidentBytes / Knee.ResidentBytes : double.NaN;

    /// <summary>What the 1.2x line leaves each camera added past the knee.</summary>
    public double ResidentAllowancePerAddedCamera => (MaxResidentRatio - 1) * Knee.ResidentBytes / Math.Max(1, Point.Cameras - Knee.Cameras);

    /// <summary>Resident memory each camera added past the knee brought.</summary>
    public double ResidentPerAddedCamera => (Point.ResidentBytes - Knee.ResidentBytes) / Math.Max(1, Point.Cameras - Knee.Cameras);

    /// <summary>Resident memory per camera at the knee, above the idle node.</summary>
    public double ResidentPerKneeCamera => (Knee.ResidentBytes - Knee.IdleResidentBytes) / Math.Max(1, Knee.Cameras);

    public IReadOnlyList<(string Check, bool Passed, string Detail)> Checks()
    {
        var inv = CultureInfo.InvariantCulture;
        var error = Point.Error is null ? "" : $"; error: {Point.Error}";
        return
        [
            ("every camera still analyses frames", Point.Error is null && Point.Cameras > 0 && Point.MinCameraFps > 0,
                string.Create(inv, $"analysed fps per camera min {Point.MinCameraFps:0.00}, max {Point.MaxCameraFps:0.00}{error}")),
            ("p99 capture-to-analysis under 1 s", Point.LatencyP99 < MaxLatencyP99Ms,
                string.Create(inv, $"p99 {(double.IsNaN(Point.LatencyP99) ? "n/a" : Point.LatencyP99.ToString("0", inv))} ms")),
            ("resident memory within 1.2x of the knee's", ResidentRatio <= MaxResidentRatio,
                string.Create(inv, $"{Mb(Point.ResidentBytes):0} MB against {Mb(Knee.ResidentBytes):0} MB at the knee ({Knee.Cameras} cameras): {(double.IsNaN(ResidentRatio) ? "n/a" : ResidentRatio.ToString("0.00", inv))}x, which leaves {Mb(ResidentAllowancePerAddedCamera):0.0} MB per added camera")),
            ("a camera past the knee costs no more memory than one below it (no queueing)",
                Knee.IdleResidentBytes > 0 && ResidentPerAddedCamera <= MaxResidentRatio * ResidentPerKneeCamera,
                string.Create(inv, $"{Mb(ResidentPerAddedCamera):0.0} MB per added camera against {Mb(ResidentPerKneeCamera):0.0} MB per camera at the knee (above the idle node's {Mb(Knee.IdleResidentBytes):0} MB), bound {MaxResidentRatio:0.0}x")),
        ];
    }

    /// <summary>One line per check: <c>PASS</c> or <c>FAIL</c>, what was checked, what was measured.</summary>
    public IEnumerable<string> CheckLines() =>
        Checks().Select(c => $"{(c.Passed ? "PASS" : "FAIL")} {Source} {Model} at {Point.Cameras} cameras ({Factor:0.##}x knee {Knee.Cameras}): {c.Check}: {c.Detail}");

    private static double Mb(double bytes) => bytes / (1024.0 * 1024);
}
