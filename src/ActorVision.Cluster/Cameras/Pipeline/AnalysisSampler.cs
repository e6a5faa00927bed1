namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// Picks the frames to analyse at a target rate by stream time, so a file analysed twice picks the same
/// frames (deterministic events) and a live camera's jitter does not change the rate. Not thread-safe.
/// </summary>
public sealed class AnalysisSampler
{
    // Timestamps converted from a stream's time base can land a tick before the grid point they stand for.
    private static readonly TimeSpan Tolerance = TimeSpan.FromMilliseconds(1);
    private readonly TimeSpan _interval;
    private TimeSpan? _nextDue;

    /// <param name="fps">Frames per second to analyse; <see cref="double.PositiveInfinity"/> analyses every frame.</param>
    public AnalysisSampler(double fps)
    {
        if (!(fps > 0)) throw new ArgumentOutOfRangeException(nameof(fps), fps, "the analysis rate must be positive");
        _interval = double.IsPositiveInfinity(fps) ? TimeSpan.Zero : TimeSpan.FromSeconds(1 / fps);
    }

    /// <summary>When the next frame is due (null before the first frame): with <see cref="Restore"/>, a resumed job picks the same frames.</summary>
    public TimeSpan? Capture() => _nextDue;

    public void Restore(TimeSpan? nextDue) => _nextDue = nextDue;

    public bool ShouldAnalyse(TimeSpan streamTime)
    {
        if (_interval == TimeSpan.Zero) return true;
        if (_nextDue is { } due && streamTime < due - Tolerance)
        {
            // A jump backwards of more than one interval (a new stream epoch) starts the schedule over.
            if (due - streamTime <= _interval) return false;
        }
        // Advance on the grid; after a long gap start again from this frame instead of bursting to catch up.
        _nextDue = _nextDue is { } previous && streamTime - previous < _interval
            ? previous + _interval
            : streamTime + _interval;
        return true;
    }
}
