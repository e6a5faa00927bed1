namespace ActorVision.Benchmarks.EndToEnd;

/// <summary>
/// CPU of a system as a fixed part plus a part per camera, in cores, from the points of a sweep where every camera was
/// sustained: a least-squares line through them when there are two or more (robust to the noise of any one point),
/// else the one point with the idle measurement as the fixed part.
/// </summary>
public sealed record CpuCost(double Fixed, double PerCamera, int Points)
{
    /// <summary>Cameras the machine's cores could carry at this cost if CPU were the only limit; NaN when unknown.</summary>
    public double Capacity => PerCamera > 0 ? Math.Max(0, Environment.ProcessorCount - Fixed) / PerCamera : double.NaN;

    public static CpuCost? Of(IEnumerable<LoadPoint> series)
    {
        var points = series.Where(p => p.AllSustained).ToList();
        if (points.Count == 0) return null;
        if (points.Count == 1 || points.Select(p => p.Cameras).Distinct().Count() == 1)
            return new CpuCost(points[0].IdleCpuCores, points[0].MarginalCpuPerCamera, 1);
        var meanX = points.Average(p => (double)p.Cameras);
        var meanY = points.Average(p => p.CpuCores);
        var slope = points.Sum(p => (p.Cameras - meanX) * (p.CpuCores - meanY)) / points.Sum(p => (p.Cameras - meanX) * (p.Cameras - meanX));
        return new CpuCost(Math.Max(0, meanY - slope * meanX), slope, points.Count);
    }

    /// <summary>A cost with no fixed part (FFmpeg per camera, the bare model per camera).</summary>
    public static CpuCost PerCameraOnly(double perCamera) => new(0, perCamera, 0);
}
