namespace ActorVision.Delivery;

/// <summary>What one delivery attempt came to.</summary>
public abstract record DeliveryOutcome
{
    public static DeliveryOutcome Delivered { get; } = new DeliveredOutcome();

    /// <summary>The receiver answered and refused the event for good (an HTTP 4xx, a negative MQTT acknowledgement).</summary>
    public static DeliveryOutcome Rejected(string reason, TimeSpan? retryAfter = null) => new RejectedOutcome(reason, retryAfter);

    /// <summary>No answer: refused or reset connection, no route, timeout, broker disconnected.</summary>
    public static DeliveryOutcome Unreachable(string reason) => new UnreachableOutcome(reason);

    /// <summary>
    /// The receiver answered that it cannot take the event now (HTTP 408, 429, 5xx; an MQTT quota exceeded): an outage
    /// in words, retried like an unreachable receiver, after <paramref name="retryAfter"/> when it says when.
    /// </summary>
    public static DeliveryOutcome Unavailable(string reason, TimeSpan? retryAfter = null) => new UnavailableOutcome(reason, retryAfter);
}

public sealed record DeliveredOutcome : DeliveryOutcome;

/// <param name="RetryAfter">The receiver's own advice on when to try again (HTTP Retry-After).</param>
public sealed record RejectedOutcome(string Reason, TimeSpan? RetryAfter) : DeliveryOutcome;

public sealed record UnreachableOutcome(string Reason) : DeliveryOutcome;

/// <param name="RetryAfter">The receiver's own advice on when to try again (HTTP Retry-After).</param>
public sealed record UnavailableOutcome(string Reason, TimeSpan? RetryAfter) : DeliveryOutcome;
