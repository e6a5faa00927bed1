namespace ActorVision.Core.Events;

/// <summary>What happened. Numbers are fixed (0 is left unused, as protobuf enums want) and names feed event ids: never renumber or rename.</summary>
public enum AnalyticsEventType
{
    Unspecified = 0,
    /// <summary>An object's anchor came into a zone (or was first seen inside it).</summary>
    ZoneEnter = 1,
    /// <summary>An object left a zone, or disappeared while inside; carries the dwell time.</summary>
    ZoneExit = 2,
    /// <summary>An object crossed a line within its segment; carries the direction and the running counts.</summary>
    LineCrossed = 3,
    /// <summary>An object has stayed in a zone longer than the rule's threshold; carries the dwell so far.</summary>
    LoiteringStarted = 4,
    /// <summary>A loitering object left the zone or disappeared; carries the total dwell.</summary>
    DwellEnded = 5,
    /// <summary>More objects than the limit were in the zone for the rule's duration.</summary>
    OccupancyAbove = 6,
    /// <summary>Fewer objects than the limit were in the zone for the rule's duration.</summary>
    OccupancyBelow = 7,
    /// <summary>An occupancy condition that was reported ended; carries how long it lasted.</summary>
    OccupancyNormal = 8,
    /// <summary>An object has not moved for longer than the rule's threshold.</summary>
    StationaryObject = 9,
    /// <summary>A stationary object moved away or disappeared; carries how long it stood still.</summary>
    StationaryEnded = 10,
    /// <summary>No frame arrived for longer than the rule's threshold.</summary>
    CameraNoFrames = 11,
    /// <summary>The image did not change for longer than the rule's threshold.</summary>
    CameraFrozen = 12,
    /// <summary>The image turned dark or featureless suddenly (lens covered, lights off, sprayed) and stayed so.</summary>
    CameraBlackout = 13,
    /// <summary>A reported camera condition ended; <see cref="AnalyticsEvent.Condition"/> says which.</summary>
    CameraRecovered = 14,
}
