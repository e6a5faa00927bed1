namespace ActorVision.Delivery;

/// <summary>
/// How one sink is doing (the node's <c>/delivery</c> endpoint, metrics). Counters of delivered events and failures
/// count since the sink started on <see cref="Node"/>; dead letters are the stored total.
/// </summary>
/// <param name="Position">Every event up to this offset is finished (delivered, dead-lettered or filtered out).</param>
/// <param name="StoredPosition">The position last stored, where the sink resumes after a restart.</param>
/// <param name="HeadOffset">The newest analytics event's offset in the journal.</param>
/// <param name="LagEvents">Analytics events in the journal after <see cref="Position"/> (filtered-out ones included until read).</param>
/// <param name="LagSeconds">Age of the oldest event not yet finished (by its wall time); 0 when caught up.</param>
/// <param name="Pending">Events read and not finished.</param>
/// <param name="Retrying">Cameras whose next event waits for a retry.</param>
public sealed record SinkHealth(
    string Name,
    SinkKind Kind,
    string Target,
    string Filter,
    string Node,
    SinkState State,
    long Position,
    long StoredPosition,
    long HeadOffset,
    long LagEvents,
    double LagSeconds,
    int Pending,
    int InFlight,
    int Retrying,
    long Delivered,
    long Failures,
    long DeadLetters,
    string LastError,
    DateTime? LastErrorAt,
    DateTime? LastDeliveredAt,
    DateTime Since)
{
    /// <summary>Dead letters an operator asked to replay that are not finished yet.</summary>
    public long Replaying { get; init; }
}
