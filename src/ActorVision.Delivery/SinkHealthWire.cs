using ActorVision.Delivery.Wire;
using Google.Protobuf.WellKnownTypes;

namespace ActorVision.Delivery;

/// <summary><see cref="SinkHealth"/> to and from its wire form (Akka's protobuf serializer carries it between nodes).</summary>
public static class SinkHealthWire
{
    public static SinkHealthReport ToWire(SinkHealth h) => new()
    {
        Name = h.Name,
        Kind = h.Kind.ToString(),
        Target = h.Target,
        Filter = h.Filter,
        Node = h.Node,
        State = h.State.ToString(),
        Position = h.Position,
        StoredPosition = h.StoredPosition,
        HeadOffset = h.HeadOffset,
        LagEvents = h.LagEvents,
        LagSeconds = h.LagSeconds,
        Pending = h.Pending,
        InFlight = h.InFlight,
        Retrying = h.Retrying,
        Delivered = h.Delivered,
        Failures = h.Failures,
        DeadLetters = h.DeadLetters,
        LastError = h.LastError,
        LastErrorAt = Time(h.LastErrorAt),
        LastDeliveredAt = Time(h.LastDeliveredAt),
        Since = Time(h.Since),
        Replaying = h.Replaying,
    };

    public static SinkHealth FromWire(SinkHealthReport r) => new(
        r.Name,
        System.Enum.Parse<SinkKind>(r.Kind),
        r.Target,
        r.Filter,
        r.Node,
        System.Enum.Parse<SinkState>(r.State),
        r.Position,
        r.StoredPosition,
        r.HeadOffset,
        r.LagEvents,
        r.LagSeconds,
        r.Pending,
        r.InFlight,
        r.Retrying,
        r.Delivered,
        r.Failures,
        r.DeadLetters,
        r.LastError,
        r.LastErrorAt?.ToDateTime(),
        r.LastDeliveredAt?.ToDateTime(),
        r.Since?.ToDateTime() ?? DateTime.MinValue) { Replaying = r.Replaying };

    private static Timestamp? Time(DateTime? at) => at is { } value ? Timestamp.FromDateTime(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
}
