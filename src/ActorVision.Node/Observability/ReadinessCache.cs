namespace ActorVision.Node.Observability;

/// <summary>
/// <c>/ready</c> answered from a report at most <see cref="MaxAge"/> old, one check running at a time: probes from
/// every kubelet and load balancer, or a stranger in a loop, cost the journal two queries a second at most.
/// </summary>
public sealed class ReadinessCache(ReadinessCheck check, TimeProvider clock)
{
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Entry? _last;

    public async Task<ReadinessReport> CurrentAsync(CancellationToken cancellationToken)
    {
        if (Fresh() is { } report) return report;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Whoever waited behind a check takes its result.
            if (Fresh() is { } checkedMeanwhile) return checkedMeanwhile;
            var current = await check.CheckAsync().ConfigureAwait(false);
            _last = new Entry(current, clock.GetUtcNow());
            return current;
        }
        finally
        {
            _gate.Release();
        }
    }

    private ReadinessReport? Fresh() => _last is { } last && clock.GetUtcNow() - last.At < MaxAge ? last.Report : null;

    private sealed record Entry(ReadinessReport Report, DateTimeOffset At);
}
