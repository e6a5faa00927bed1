using ActorVision.Core.Events;

namespace ActorVision.Delivery;

/// <summary>
/// Which events a sink delivers: each list narrows by one attribute, an empty list lets everything through
/// (cameras, rules and event types are combined with AND, the entries of one list with OR).
/// </summary>
public sealed record SinkFilter(IReadOnlySet<string> Cameras, IReadOnlySet<string> Rules, IReadOnlySet<AnalyticsEventType> Types)
{
    public static SinkFilter All { get; } = new(new HashSet<string>(), new HashSet<string>(), new HashSet<AnalyticsEventType>());

    public bool Matches(AnalyticsEvent e) =>
        (Cameras.Count == 0 || Cameras.Contains(e.CameraId))
        && (Rules.Count == 0 || Rules.Contains(e.RuleId))
        && (Types.Count == 0 || Types.Contains(e.EventType));

    public override string ToString()
    {
        var parts = new List<string>();
        if (Cameras.Count > 0) parts.Add("cameras " + string.Join(',', Cameras.Order(StringComparer.Ordinal)));
        if (Rules.Count > 0) parts.Add("rules " + string.Join(',', Rules.Order(StringComparer.Ordinal)));
        if (Types.Count > 0) parts.Add("types " + string.Join(',', Types.Order()));
        return parts.Count == 0 ? "all events" : string.Join("; ", parts);
    }
}
