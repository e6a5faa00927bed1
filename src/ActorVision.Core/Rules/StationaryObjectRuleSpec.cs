using ActorVision.Core.Geometry;

namespace ActorVision.Core.Rules;

/// <summary>
/// Stationary object (a left bag, a parked car): an object whose anchor stays within <see cref="MaxMovement"/>
/// (normalised distance) of where it stopped for longer than <see cref="Threshold"/>, optionally only inside a polygon.
/// </summary>
public sealed record StationaryObjectRuleSpec : RuleSpec
{
    /// <summary>Where objects are watched; the whole frame when null.</summary>
    public Polygon? Polygon { get; init; }
    public float MaxMovement { get; init; } = 0.02f;
    public required TimeSpan Threshold { get; init; }
}
