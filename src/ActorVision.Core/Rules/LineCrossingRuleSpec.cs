using ActorVision.Core.Geometry;

namespace ActorVision.Core.Rules;

/// <summary>
/// Line crossing with running in/out counts. A crossing counts when the anchor goes from clearly one side to
/// clearly the other (further than <see cref="Hysteresis"/> from the line), passing the line between A and B.
/// Both directions are always counted; <see cref="Direction"/> chooses which ones raise events.
/// </summary>
public sealed record LineCrossingRuleSpec : RuleSpec
{
    public required PointF A { get; init; }
    public required PointF B { get; init; }
    public CrossingDirection Direction { get; init; } = CrossingDirection.Both;

    /// <summary>Normalised distance from the line an anchor must reach for its side to count; a box flickering on the line counts once.</summary>
    public float Hysteresis { get; init; } = 0.02f;
}
