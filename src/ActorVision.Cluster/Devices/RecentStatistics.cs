namespace ActorVision.Cluster.Devices;

/// <summary>
/// Batch sizes and run times over the last N batches, and request latencies over the last 8N requests (rings),
/// for <see cref="DeviceLoad"/>. Percentiles are computed only when asked.
/// </summary>
internal sealed class RecentStatistics(int window)
{
    private readonly int[] _sizes = new int[window];
    private readonly long[] _inferenceTicks = new long[window];
    private readonly long[] _latencyTicks = new long[window * 8];
    private int _nextBatch, _batches, _nextRequest, _requests;

    public void AddBatch(int size, TimeSpan inference)
    {
        _sizes[_nextBatch] = size;
        _inferenceTicks[_nextBatch] = inference.Ticks;
        _nextBatch = (_nextBatch + 1) % _sizes.Length;
        _batches = Math.Min(_batches + 1, _sizes.Length);
    }

    public void AddRequest(TimeSpan latency)
    {
        _latencyTicks[_nextRequest] = latency.Ticks;
        _nextRequest = (_nextRequest + 1) % _latencyTicks.Length;
        _requests = Math.Min(_requests + 1, _latencyTicks.Length);
    }

    public double MeanBatchSize
    {
        get
        {
            if (_batches == 0) return 0;
            long sum = 0;
            for (var i = 0; i < _batches; i++) sum += _sizes[i];
            return (double)sum / _batches;
        }
    }

    public TimeSpan MeanInference
    {
        get
        {
            if (_batches == 0) return TimeSpan.Zero;
            long sum = 0;
            for (var i = 0; i < _batches; i++) sum += _inferenceTicks[i];
            return TimeSpan.FromTicks(sum / _batches);
        }
    }

    /// <summary>Request latency percentiles (0..100) over the window; zero before any request finished.</summary>
    public (TimeSpan P50, TimeSpan P99) Latency()
    {
        if (_requests == 0) return (TimeSpan.Zero, TimeSpan.Zero);
        var sorted = _latencyTicks.AsSpan(0, _requests).ToArray();
        Array.Sort(sorted);
        return (TimeSpan.FromTicks(sorted[Rank(50)]), TimeSpan.FromTicks(sorted[Rank(99)]));

        int Rank(int percentile) => Math.Clamp((int)Math.Ceiling(percentile / 100.0 * _requests) - 1, 0, _requests - 1);
    }
}
