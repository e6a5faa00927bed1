using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Delivery.EventIndex;

/// <summary>
/// One row of the event index: the columns queries filter on, and the event itself as protobuf.
/// <paramref name="Offset"/> is the journal's global ordering of the entry that recorded the event: unique, increasing
/// in the order events were persisted, the position clients resume a subscription from.
/// </summary>
public sealed record IndexedEvent(
    long Offset,
    string EventId,
    string CameraId,
    string JobId,
    string RuleId,
    string Type,
    DateTime WallTime,
    byte[] Payload)
{
    /// <summary>The API's form of the event, its offset filled in.</summary>
    public V1.AnalyticsEvent ToProto()
    {
        var proto = V1.AnalyticsEvent.Parser.ParseFrom(Payload);
        proto.Offset = Offset;
        return proto;
    }
}
