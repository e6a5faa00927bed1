using Grpc.Core;

namespace ActorVision.Cli.Resilience;

/// <summary>
/// Backoff for a long-lived stream that the caller reopens after it breaks (events tail, job watch).
/// A streak of failures may last at most <paramref name="window"/> (the --timeout); an attempt that delivered
/// something, or stayed open for <see cref="HealthyAfter"/>, ends the streak, so a tail that runs for days
/// still rides out each later failover.
/// </summary>
public sealed class StreamReconnect(ResilientCall resilience, TimeSpan window)
{
    public static readonly TimeSpan HealthyAfter = TimeSpan.FromSeconds(5);

    private int _failures;
    private DateTimeOffset? _streakStarted;
    private DateTimeOffset _attemptStarted;

    public void AttemptStarting() => _attemptStarted = resilience.Clock.GetUtcNow();

    /// <summary>The stream delivered an item: the connection is healthy.</summary>
    public void Delivered()
    {
        _failures = 0;
        _streakStarted = null;
    }

    /// <summary>Waits before the next attempt, or throws when the streak has used up the window.</summary>
    /// <param name="streakStarted">Called on the first failure of a streak only, so a note is printed once, not per attempt.</param>
    public async Task BeforeReconnectAsync(RpcException error, CancellationToken cancellationToken, Action? streakStarted = null)
    {
        var now = resilience.Clock.GetUtcNow();
        if (now - _attemptStarted >= HealthyAfter)
            Delivered();
        _failures++;
        _streakStarted ??= now;
        if (_failures == 1 && RetryPolicy.IsTransient(error))
            streakStarted?.Invoke();
        var decision = resilience.Policy.Decide(error, _failures, _streakStarted.Value + window - now, resilience.NextRandom());
        if (!decision.Retry)
        {
            if (_failures == 1 && !RetryPolicy.IsTransient(error))
                throw error;
            throw new RetriesExhaustedException(error, _failures, now - _streakStarted.Value);
        }
        await resilience.DelayAsync(decision.Delay, cancellationToken).ConfigureAwait(false);
    }
}
