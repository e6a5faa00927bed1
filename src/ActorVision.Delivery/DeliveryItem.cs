using ActorVision.Core.Events;

namespace ActorVision.Delivery;

/// <summary>One analytics event on its way to a sink, with its position in the journal's global order.</summary>
public sealed record DeliveryItem(long Offset, AnalyticsEvent Event)
{
    /// <summary>Events of one key are delivered one at a time, in journal order: per camera.</summary>
    public string Key => Event.CameraId;
}
