namespace ActorVision.Delivery;

/// <summary>What one delivery attempt came to.</summary>
public abstract record DeliveryOutcome
{
    public static DeliveryOutcome Delivered { get; } = new DeliveredOutcome();

    /// <summary>The receiver answered and refused the event (an HTTP error status, a negative MQTT acknowledgement).</summary>
    public static DeliveryOutcome Rejected(string reason, TimeSpan? retryAfter = null) => new RejectedOutcome(reason, retryAfter);

    /// <summary>No answer: refused or reset connection, no route, timeout, broker disconnected.</summary>
    public static DeliveryOutcome Unreachable(string reason) => new UnreachableOutcome(reason);
}

public sealed record DeliveredOutcome : DeliveryOutcome;

/// <param name="RetryAfter">The receiver's own advice on when to try again (HTTP Retry-After).</param>
public sealed record RejectedOutcome(string Reason, TimeSpan? RetryAfter) : DeliveryOutcome;

public sealed record UnreachableOutcome(string Reason) : DeliveryOutcome;
