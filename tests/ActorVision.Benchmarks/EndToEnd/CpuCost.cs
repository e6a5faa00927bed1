namespace ActorVision.Benchmarks.EndToEnd;

/// <summary>
/// CPU of a system as a fixed part plus a part per camera, in cores, from the points of a sweep where every camera was
/// sustained. Each point's CPU above its own idle measurement (the same node before its cameras started) is what its
/// cameras cost; the cost per camera is the least-squares slope of that through the origin, so the points with the
/// most cameras weigh most and the noise of the idle part cancels out. The fixed part is the mean idle CPU.
/// </summary>
public sealed record CpuCost(double Fixed, double PerCamera, int Points)
{
    /// <summary>Cameras the machine's cores could carry at this cost if CPU were the only limit; NaN when unknown.</summary>
    public double Capacity => PerCamera > 0 ? Math.Max(0, Environment.ProcessorCount - Fixed) / PerCamera : double.NaN;

    public static CpuCost? Of(IEnumerable<LoadPoint> series)
    {
        var points = series.Where(p => p.AllSustained).ToList();
        if (points.Count == 0) return null;
        var perCamera = points.Sum(p => p.Cameras * (p.CpuCores - p.IdleCpuCores)) / points.Sum(p => (double)p.Cameras * p.Cameras);
        return new CpuCost(points.Average(p => p.IdleCpuCores), perCamera, points.Count);
    }

    /// <summary>A cost with no fixed part (FFmpeg per camera, the bare model per camera).</summary>
    public static CpuCost PerCameraOnly(double perCamera) => new(0, perCamera, 0);
}
