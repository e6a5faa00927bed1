using ActorVision.Common.Resilience;

namespace ActorVision.Delivery;

/// <summary>
/// How a sink retries an event its receiver did not take. Rejections (the receiver refused the event for good) count
/// towards <see cref="MaxAttempts"/>, after which the event is dead-lettered; a receiver that is unreachable (refused,
/// timed out, disconnected) or unavailable (it answered "not now": HTTP 408, 429, 5xx) is retried for as long as it
/// takes unless <see cref="DeadLetterUnreachable"/> is set, because dead-lettering during an outage would throw away
/// every event of the outage.
/// </summary>
/// <param name="MaxRetryAfter">The longest wait a receiver's Retry-After may ask for (a year would stall the sink).</param>
public sealed record RetryPolicy(int MaxAttempts, TimeSpan MinBackoff, TimeSpan MaxBackoff, double RandomFactor, bool DeadLetterUnreachable, TimeSpan MaxRetryAfter)
{
    public static RetryPolicy Default { get; } = new(10, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), 0.2, false, TimeSpan.FromMinutes(5));

    /// <summary>
    /// The wait before attempt <paramref name="failedAttempts"/> + 1 (see <see cref="Common.Resilience.Backoff"/>:
    /// <see cref="MinBackoff"/> doubled per failure, capped at <see cref="MaxBackoff"/>, spread by up to
    /// <see cref="RandomFactor"/> so that many cameras retrying together do not hit a recovering receiver at the same
    /// instant). A receiver's own advice (Retry-After) wins when longer, up to <see cref="MaxRetryAfter"/>.
    /// </summary>
    public TimeSpan Backoff(int failedAttempts, TimeSpan? receiverAdvice, double random)
    {
        var backoff = new Backoff(MinBackoff, MaxBackoff, RandomFactor);
        var delay = backoff.Delay(failedAttempts, random);
        if (receiverAdvice is { } advice)
        {
            var capped = advice < MaxRetryAfter ? advice : MaxRetryAfter;
            if (capped > delay) delay = capped;
        }
        return delay;
    }
}
