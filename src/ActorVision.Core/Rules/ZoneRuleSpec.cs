using ActorVision.Core.Geometry;

namespace ActorVision.Core.Rules;

/// <summary>Zone intrusion: an event when an object's anchor enters the polygon and when it leaves.</summary>
public sealed record ZoneRuleSpec : RuleSpec
{
    public required Polygon Polygon { get; init; }
    public bool ReportEnter { get; init; } = true;
    public bool ReportExit { get; init; } = true;
}
