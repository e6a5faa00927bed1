namespace ActorVision.Delivery;

/// <summary>
/// A receiver of analytics events outside the cluster. <see cref="SendAsync"/> completes when the receiver has
/// acknowledged the event (or refused it, or could not be reached); it never throws for a receiver's failure. Calls for
/// different cameras may overlap; one camera's calls never do.
/// </summary>
public interface IEventSink : IAsyncDisposable
{
    /// <summary>Where events go, without credentials (health, logs).</summary>
    string Target { get; }

    Task<DeliveryOutcome> SendAsync(DeliveryItem item, CancellationToken cancellationToken);
}
