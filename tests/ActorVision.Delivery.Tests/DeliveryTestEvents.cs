using ActorVision.Core.Events;

namespace ActorVision.Delivery.Tests;

internal static class DeliveryTestEvents
{
    public static AnalyticsEvent Event(string camera = "lobby", string rule = "door", AnalyticsEventType type = AnalyticsEventType.LineCrossed) => new()
    {
        Id = Guid.NewGuid(),
        CameraId = camera,
        RuleId = rule,
        RuleName = rule,
        EventType = type,
        WallTime = new DateTime(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc),
        StreamTime = TimeSpan.FromSeconds(3),
    };

    public static DeliveryItem Item(long offset, string camera = "lobby") => new(offset, Event(camera));
}
