using ActorVision.Cli.Resilience;

namespace ActorVision.Cli.Tests.Support;

/// <summary>
/// The real retry machinery with an injected delay that records each wait and advances the manual clock
/// instead of sleeping, and a fixed jitter sample.
/// </summary>
public sealed class RetryHarness
{
    public RetryHarness(RetryPolicy? policy = null, double random = 0.5)
    {
        Call = new ResilientCall(policy ?? RetryPolicy.Default, Clock, (delay, cancellationToken) =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            Delays.Add(delay);
            Clock.Advance(delay);
            return Task.CompletedTask;
        }, () => random);
    }

    public ManualClock Clock { get; } = new(new DateTimeOffset(2026, 11, 26, 14, 0, 0, TimeSpan.Zero));
    public List<TimeSpan> Delays { get; } = [];
    public ResilientCall Call { get; }
}
