using System.Globalization;

namespace ActorVision.Benchmarks.EndToEnd;

/// <summary>What one system did with N cameras over the measurement window.</summary>
public sealed record LoadPoint
{
    /// <summary><c>ActorVision</c>, <c>OpenCV peer</c> or <c>FFmpeg decode</c>.</summary>
    public required string System { get; init; }
    public required string Source { get; init; }
    /// <summary>The model, or <c>decode only</c>.</summary>
    public required string Model { get; init; }
    public required int Cameras { get; init; }
    /// <summary>Cameras that met both criteria of <see cref="Sustain"/>: drops and latency p99.</summary>
    public int Sustained { get; init; }
    /// <summary>Cameras whose drops reached <see cref="Sustain.MaxDropFraction"/>.</summary>
    public int DropFailures { get; init; }
    /// <summary>Cameras whose own capture-to-analysed p99 reached <see cref="LatencyLimitMs"/>.</summary>
    public int LatencyFailures { get; init; }
    /// <summary>The latency criterion of this point (<see cref="Sustain.LatencyLimitMs"/>), milliseconds.</summary>
    public double LatencyLimitMs { get; init; } = double.NaN;
    /// <summary>Frames analysed per second, all cameras (FFmpeg: frames decoded per second).</summary>
    public double FramesPerSecond { get; init; }
    /// <summary>Worst camera's fraction of due frames not analysed (not decoded, for FFmpeg).</summary>
    public double WorstDropFraction { get; init; }
    /// <summary>Best camera's fraction of due frames not analysed: with the worst, how evenly a saturated node drops.</summary>
    public double LeastDropFraction { get; init; }
    /// <summary>Frames analysed per second by the slowest and the fastest camera (fairness under overload).</summary>
    public double MinCameraFps { get; init; }
    public double MaxCameraFps { get; init; }
    /// <summary>Capture to analysed, every analysed frame, milliseconds.</summary>
    public double LatencyP50 { get; init; } = double.NaN;
    public double LatencyP95 { get; init; } = double.NaN;
    public double LatencyP99 { get; init; } = double.NaN;
    /// <summary>Capture to events persisted (ActorVision only, frames that caused events), milliseconds.</summary>
    public int EventSamples { get; init; }
    public double EventP50 { get; init; } = double.NaN;
    public double EventP95 { get; init; } = double.NaN;
    public double EventP99 { get; init; } = double.NaN;
    /// <summary>CPU (user + system) over wall time, in cores.</summary>
    public double CpuCores { get; init; }
    /// <summary>Resident memory of the same system with no camera, bytes (0 when not measured).</summary>
    public double IdleResidentBytes { get; init; }
    /// <summary>CPU of the same system with no camera (ActorVision: the node's own housekeeping), cores.</summary>
    public double IdleCpuCores { get; init; }
    /// <summary>Highest resident memory during the window, bytes (all processes of the system).</summary>
    public double ResidentBytes { get; init; }
    /// <summary>The managed heap (after the last collection) when resident memory peaked: what of that peak is .NET's; NaN for peers.</summary>
    public double ManagedHeapBytes { get; init; } = double.NaN;
    /// <summary>The C allocator's bytes in use at the same moment (<see cref="ProcessUsage.NativeInUseBytes"/>).</summary>
    public double NativeInUseBytes { get; init; } = double.NaN;
    /// <summary>Resident memory above the system with no camera, per camera, bytes.</summary>
    public double ResidentPerCameraBytes { get; init; }
    /// <summary>CPU of the RTSP test server meanwhile, cores (shares the machine, not counted above).</summary>
    public double ServerCpuCores { get; init; }
    /// <summary>Seconds from starting the cameras to every one running (peer: reading its first frame); NaN when not measured.</summary>
    public double StartSeconds { get; init; } = double.NaN;
    public string? Error { get; init; }

    public bool AllSustained => Error is null && Sustained == Cameras;

    /// <summary>Which criterion failed and for how many cameras (empty when every camera was sustained).</summary>
    public string FailedOn => string.Join(", ", new[]
    {
        DropFailures > 0 ? $"drops >= 1 % ({DropFailures})" : null,
        LatencyFailures > 0 ? string.Create(CultureInfo.InvariantCulture, $"p99 >= {LatencyLimitMs:0} ms ({LatencyFailures})") : null,
        Error is not null && DropFailures + LatencyFailures == 0 && Sustained < Cameras ? "error" : null,
    }.Where(s => s is not null));

    /// <summary>This point with its per-camera outcomes judged by <see cref="Sustain"/> and aggregated (counts, min/max).</summary>
    public LoadPoint Judged(IReadOnlyList<CameraWindow> cameras, double analysisFps)
    {
        var limit = Sustain.LatencyLimitMs(analysisFps);
        var dropFailures = cameras.Count(c => !Sustain.DropsOk(c));
        var latencyFailures = cameras.Count(c => !Sustain.LatencyOk(c, limit));
        return this with
        {
            Sustained = cameras.Count(c => Sustain.DropsOk(c) && Sustain.LatencyOk(c, limit)),
            DropFailures = dropFailures,
            LatencyFailures = latencyFailures,
            LatencyLimitMs = limit,
            WorstDropFraction = cameras.Count == 0 ? 1 : cameras.Max(c => c.DropFraction),
            LeastDropFraction = cameras.Count == 0 ? 1 : cameras.Min(c => c.DropFraction),
            MinCameraFps = cameras.Count == 0 ? 0 : cameras.Min(c => c.AnalysedFps),
            MaxCameraFps = cameras.Count == 0 ? 0 : cameras.Max(c => c.AnalysedFps),
        };
    }

    /// <summary>
    /// Fraction of the <paramref name="expected"/> frames that did not come, allowing <paramref name="slack"/> frames for
    /// where the window's edges fall between frames.
    /// </summary>
    public static double MissingFraction(double got, double expected, double slack = 1) =>
        expected <= 0 ? 0 : Math.Max(0, expected - slack - got) / expected;
    public double CpuPerCamera => CpuCores / Cameras;
    /// <summary>What one more camera costs: CPU above the idle system, per camera.</summary>
    public double MarginalCpuPerCamera => Math.Max(0, CpuCores - IdleCpuCores) / Cameras;
    /// <summary>Cameras the machine's cores could carry at this marginal cost, CPU being the only limit.</summary>
    public double CpuCapacity => MarginalCpuPerCamera > 0 ? (Environment.ProcessorCount - IdleCpuCores) / MarginalCpuPerCamera : double.NaN;
}

/// <summary>One camera over a measurement window.</summary>
/// <param name="DropFraction">Due frames not analysed (not decoded, for FFmpeg), 0..1.</param>
/// <param name="AnalysedFps">Frames it analysed (decoded, for FFmpeg) per second.</param>
/// <param name="LatencyP99">Its own capture-to-analysed p99, milliseconds; NaN where not measured (FFmpeg).</param>
public readonly record struct CameraWindow(double DropFraction, double AnalysedFps, double LatencyP99);

/// <summary>
/// When a camera is sustained: fewer than 1 % of the frames due for analysis dropped or missing, and its own p99
/// capture-to-analysed latency under two analysis intervals (400 ms at 5 fps). A node that keeps every frame by
/// queueing them seconds deep has not sustained its cameras: a live camera's results are only worth something on time.
/// </summary>
public static class Sustain
{
    public const double MaxDropFraction = 0.01;
    public const double MaxLatencyIntervals = 2;

    public static double LatencyLimitMs(double analysisFps) => MaxLatencyIntervals * 1000 / analysisFps;

    public static bool DropsOk(CameraWindow camera) => camera.DropFraction < MaxDropFraction;

    /// <summary>A camera without latency samples passes here (FFmpeg has none; one that analysed nothing fails on drops).</summary>
    public static bool LatencyOk(CameraWindow camera, double limitMs) => double.IsNaN(camera.LatencyP99) || camera.LatencyP99 < limitMs;
}
