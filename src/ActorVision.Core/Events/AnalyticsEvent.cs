using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;

namespace ActorVision.Core.Events;

/// <summary>
/// Something a rule saw. Attributes are typed optional fields rather than a string map, so each maps to one
/// protobuf <c>optional</c> field and a consumer never parses numbers out of strings; a field is null when the
/// event type does not carry it.
/// </summary>
public sealed record AnalyticsEvent
{
    /// <summary>Name-based UUID (version 5) of camera, rule, track, type and stream time: a replay or a resumed job gives the same id.</summary>
    public required Guid Id { get; init; }
    public required string CameraId { get; init; }
    /// <summary>The rule that fired; it owns the zone or line the event is about.</summary>
    public required string RuleId { get; init; }
    public required string RuleName { get; init; }
    public required AnalyticsEventType EventType { get; init; }
    /// <summary>The tracked object, or null for camera-level events (occupancy, camera health).</summary>
    public long? TrackId { get; init; }
    /// <summary>Class name of the object.</summary>
    public string? Label { get; init; }
    /// <summary>Score of the object's last detection.</summary>
    public float? Confidence { get; init; }
    /// <summary>Wall-clock time (UTC) of the frame that decided the event.</summary>
    public required DateTime WallTime { get; init; }
    /// <summary>Stream time of the frame that decided the event.</summary>
    public required TimeSpan StreamTime { get; init; }
    /// <summary>The object's box normalised to the frame (0..1).</summary>
    public BoxF? Box { get; init; }

    /// <summary>How long the object had been in the zone (zone exit, loitering, dwell end).</summary>
    public TimeSpan? Dwell { get; init; }
    /// <summary>How long a condition had held (occupancy, stationary object, camera health).</summary>
    public TimeSpan? Duration { get; init; }
    /// <summary>Direction of a line crossing.</summary>
    public CrossingDirection? Direction { get; init; }
    /// <summary>Running count of the line's inward crossings, this one included.</summary>
    public long? InCount { get; init; }
    /// <summary>Running count of the line's outward crossings, this one included.</summary>
    public long? OutCount { get; init; }
    /// <summary>Objects in the zone after the event (zone and occupancy events).</summary>
    public int? Occupancy { get; init; }
    /// <summary>The camera problem a camera-health event is about.</summary>
    public CameraCondition? Condition { get; init; }
}
