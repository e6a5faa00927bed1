using ActorVision.Core.Geometry;

namespace ActorVision.Core.Rules;

/// <summary>Loitering: an object stays in the polygon longer than <see cref="Threshold"/>; a dwell-ended event follows when it leaves.</summary>
public sealed record LoiteringRuleSpec : RuleSpec
{
    public required Polygon Polygon { get; init; }
    public required TimeSpan Threshold { get; init; }
}
