namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>The last N latency samples, for percentiles in status reports. Recording is allocation-free.</summary>
public sealed class LatencyWindow
{
    private readonly double[] _samples;
    private readonly Lock _gate = new();
    private long _count;

    public LatencyWindow(int capacity) => _samples = new double[capacity];

    public void Record(TimeSpan latency)
    {
        lock (_gate) _samples[_count++ % _samples.Length] = latency.TotalMilliseconds;
    }

    /// <summary>Percentiles (0..100) of the samples in the window, in milliseconds; zeros when empty.</summary>
    public double[] Percentiles(params double[] percentiles)
    {
        double[] copy;
        lock (_gate)
        {
            var n = (int)Math.Min(_count, _samples.Length);
            copy = _samples.AsSpan(0, n).ToArray();
        }
        var result = new double[percentiles.Length];
        if (copy.Length == 0) return result;
        Array.Sort(copy);
        for (var i = 0; i < percentiles.Length; i++)
        {
            var rank = (int)Math.Ceiling(percentiles[i] / 100.0 * copy.Length) - 1;
            result[i] = copy[Math.Clamp(rank, 0, copy.Length - 1)];
        }
        return result;
    }
}
