using System.Text;
using Google.Protobuf;
using ActorVision.Protocol.Mapping;

namespace ActorVision.Delivery;

/// <summary>
/// The body every sink sends: the event as <c>actorvision.v1.AnalyticsEvent</c> in protobuf's JSON mapping
/// (lowerCamelCase names, int64 as strings, Timestamp as RFC 3339, Duration as "1.5s"), with its journal offset.
/// Every field of the contract is written, so receivers see one shape whatever the event type.
/// </summary>
public static class EventPayload
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));

    public static string Json(DeliveryItem item) => Formatter.Format(AnalyticsEventMapping.ToProto(item.Event, item.Offset));

    public static byte[] Utf8(DeliveryItem item) => Encoding.UTF8.GetBytes(Json(item));

    /// <summary>The event back from a body <see cref="Json"/> wrote (a dead letter's); null when it is not one.</summary>
    public static DeliveryItem? TryParse(string json, long offset)
    {
        try
        {
            var proto = JsonParser.Default.Parse<Protocol.V1.AnalyticsEvent>(json);
            return proto.WallTime is null || proto.StreamTime is null ? null : new DeliveryItem(offset, AnalyticsEventMapping.FromProto(proto));
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}
