using ActorVision.Core.Events;
using ActorVision.Core.Validation;
using ActorVision.Delivery.EventIndex;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Api;

/// <summary>The API's event filter, checked: an unknown event type or an empty time range is an error, not an empty answer.</summary>
public static class EventFilters
{
    private static readonly string[] KnownTypes = Enum.GetNames<AnalyticsEventType>().Where(n => n != nameof(AnalyticsEventType.Unspecified)).ToArray();

    public static EventQueryFilter From(V1.EventFilter? filter, List<FieldError> errors)
    {
        if (filter is null) return EventQueryFilter.All;
        if (filter.Type.Length > 0 && !KnownTypes.Contains(filter.Type, StringComparer.Ordinal))
            errors.Add(new FieldError("filter.type", $"'{filter.Type}' is not an event type; known: {string.Join(", ", KnownTypes)}"));
        DateTime? from = filter.From?.ToDateTime();
        DateTime? to = filter.To?.ToDateTime();
        if (from is { } f && to is { } t && f >= t)
            errors.Add(new FieldError("filter.to", "must be after filter.from"));
        return new EventQueryFilter(filter.CameraId, filter.RuleId, filter.Type, filter.JobId, from, to);
    }
}
