namespace ActorVision.Cluster.Devices;

/// <summary>Batch sizes and times over the last N batches (a ring), for <see cref="DeviceLoad"/>.</summary>
internal sealed class RecentStatistics(int window)
{
    private readonly int[] _sizes = new int[window];
    private readonly long[] _inferenceTicks = new long[window];
    private readonly long[] _latencyTicks = new long[window];
    private int _next;
    private int _count;

    public void Add(int size, TimeSpan inference, TimeSpan latency)
    {
        _sizes[_next] = size;
        _inferenceTicks[_next] = inference.Ticks;
        _latencyTicks[_next] = latency.Ticks;
        _next = (_next + 1) % _sizes.Length;
        _count = Math.Min(_count + 1, _sizes.Length);
    }

    public int Count => _count;
    public double MeanBatchSize
    {
        get
        {
            if (_count == 0) return 0;
            long sum = 0;
            for (var i = 0; i < _count; i++) sum += _sizes[i];
            return (double)sum / _count;
        }
    }
    public TimeSpan MeanInference => Mean(_inferenceTicks);
    public TimeSpan MeanLatency => Mean(_latencyTicks);

    private TimeSpan Mean(long[] ticks)
    {
        if (_count == 0) return TimeSpan.Zero;
        long sum = 0;
        for (var i = 0; i < _count; i++) sum += ticks[i];
        return TimeSpan.FromTicks(sum / _count);
    }
}
