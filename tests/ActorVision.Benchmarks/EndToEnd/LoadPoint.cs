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
    /// <summary>Cameras whose drops stayed under <see cref="LoadSettings.MaxDropFraction"/>.</summary>
    public int Sustained { get; init; }
    /// <summary>Frames analysed per second, all cameras (FFmpeg: frames decoded per second).</summary>
    public double FramesPerSecond { get; init; }
    /// <summary>Worst camera's fraction of due frames not analysed (not decoded, for FFmpeg).</summary>
    public double WorstDropFraction { get; init; }
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
    /// <summary>CPU of the same system with no camera (ActorVision: the node's own housekeeping), cores.</summary>
    public double IdleCpuCores { get; init; }
    /// <summary>Highest resident memory during the window, bytes (all processes of the system).</summary>
    public double ResidentBytes { get; init; }
    /// <summary>Resident memory above the system with no camera, per camera, bytes.</summary>
    public double ResidentPerCameraBytes { get; init; }
    /// <summary>CPU of the RTSP test server meanwhile, cores (shares the machine, not counted above).</summary>
    public double ServerCpuCores { get; init; }
    public string? Error { get; init; }

    public bool AllSustained => Error is null && Sustained == Cameras;

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
