namespace ActorVision.Delivery;

/// <summary>What every sink has, whatever it delivers to (<c>actorvision.delivery.sink-defaults</c>).</summary>
/// <param name="Name">Unique among the node's sinks; keys the sink's stored offset and dead letters, so renaming a sink starts it afresh.</param>
/// <param name="Parallelism">Cameras whose events are in flight at once (each camera has at most one, to keep its order).</param>
/// <param name="MaxPending">Events read from the journal but not yet delivered; at this many the sink stops reading (the journal keeps the rest).</param>
/// <param name="CommitInterval">How often the delivered position is stored: a crash re-delivers at most this long's worth of events.</param>
/// <param name="Timeout">How long one delivery attempt may take before it counts as unreachable.</param>
public sealed record SinkSettings(
    string Name,
    SinkKind Kind,
    bool Enabled,
    SinkFilter Filter,
    RetryPolicy Retry,
    StartPosition StartFrom,
    int Parallelism,
    int MaxPending,
    TimeSpan CommitInterval,
    TimeSpan Timeout);
