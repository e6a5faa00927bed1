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
