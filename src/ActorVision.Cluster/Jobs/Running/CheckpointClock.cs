namespace ActorVision.Cluster.Jobs.Running;

/// <summary>Says when the next analysed frame should be checkpointed: every interval of wall time. One thread at a time.</summary>
public sealed class CheckpointClock(TimeSpan interval, Func<DateTime>? now = null)
{
    private readonly Func<DateTime> _now = now ?? (() => DateTime.UtcNow);
    private DateTime _last = (now ?? (() => DateTime.UtcNow))();

    public bool Due()
    {
        var at = _now();
        if (at - _last < interval) return false;
        _last = at;
        return true;
    }
}
