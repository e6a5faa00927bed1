using ActorVision.Core.Geometry;

namespace ActorVision.Core.Rules;

/// <summary>
/// Occupancy: more (or fewer) than <see cref="Limit"/> objects in the polygon for at least <see cref="Duration"/>.
/// Objects briefly hidden (lost tracks) still count at their last known place.
/// </summary>
public sealed record OccupancyRuleSpec : RuleSpec
{
    public required Polygon Polygon { get; init; }
    public OccupancyCondition Condition { get; init; } = OccupancyCondition.MoreThan;
    public required int Limit { get; init; }
    public required TimeSpan Duration { get; init; }
}
