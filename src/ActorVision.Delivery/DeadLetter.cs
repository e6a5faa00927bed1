namespace ActorVision.Delivery;

/// <summary>An event a sink gave up on, as stored in <c>av_delivery_dead_letter</c>, with the body it could not deliver.</summary>
public sealed record DeadLetter(
    string Sink,
    long Offset,
    string EventId,
    string CameraId,
    string RuleId,
    string EventType,
    int Attempts,
    string LastError,
    string Payload,
    DateTime DeadAt);

/// <summary>A dead letter as listed for an operator: with whether a replay of it is pending.</summary>
public sealed record ListedDeadLetter(DeadLetter Letter, bool ReplayPending);

/// <summary>What a replay request did: dead letters of the sink now waiting for a replay, and asked offsets that hold none.</summary>
public sealed record ReplayRequest(long Pending, IReadOnlyList<long> NotFound);
