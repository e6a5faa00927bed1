using System.Text.Json.Serialization;
using ActorVision.Core.Geometry;

namespace ActorVision.Core.Rules;

/// <summary>
/// One analytics rule of a camera, as the user configured it. Immutable and compared by value: a rule set
/// update keeps the running state (counts, dwell timers) of every rule whose spec did not change.
/// Geometry is normalised to the frame ([0,1] on both axes, origin top-left), so rules survive resolution changes.
/// Check a rule set with <see cref="RuleSetValidator"/> before use.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ZoneRuleSpec), "zone")]
[JsonDerivedType(typeof(LineCrossingRuleSpec), "line")]
[JsonDerivedType(typeof(LoiteringRuleSpec), "loitering")]
[JsonDerivedType(typeof(OccupancyRuleSpec), "occupancy")]
[JsonDerivedType(typeof(StationaryObjectRuleSpec), "stationary")]
[JsonDerivedType(typeof(CameraHealthRuleSpec), "health")]
public abstract record RuleSpec
{
    /// <summary>Unique within the camera; letters, digits, '-', '_' and '.' (it appears in event ids and API paths).</summary>
    public required string Id { get; init; }

    /// <summary>What users read in events and dashboards; the id when left empty.</summary>
    public string Name { get; init; } = "";

    /// <summary>Object classes the rule applies to; any class when empty.</summary>
    public ClassFilter Classes { get; init; } = ClassFilter.Any;

    /// <summary>Frames where the object's detection scored lower are ignored by this rule.</summary>
    public float MinConfidence { get; init; }

    /// <summary>Frames where the object's box is narrower or lower than this (normalised) are ignored by this rule.</summary>
    public SizeF MinBoxSize { get; init; }

    /// <summary>The point of the box that must be inside a zone or cross a line.</summary>
    public AnchorPoint Anchor { get; init; } = AnchorPoint.BottomCenter;

    /// <summary>After an event, the same event for the same object (or, for camera-level events, the same rule) is not repeated within this time.</summary>
    public TimeSpan Cooldown { get; init; }

    public bool Enabled { get; init; } = true;

    [JsonIgnore]
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Id : Name;
}
