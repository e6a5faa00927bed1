using System.Text.Json.Serialization;

namespace ActorVision.Core.Rules;

/// <summary>
/// A rule's running state between two frames, as plain serialisable data (see <see cref="RuleEngine.Capture"/>).
/// Track lists are ordered by track id so that equal states serialise identically.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(ZoneRuleState), "zone")]
[JsonDerivedType(typeof(LineCrossingRuleState), "line")]
[JsonDerivedType(typeof(LoiteringRuleState), "loitering")]
[JsonDerivedType(typeof(OccupancyRuleState), "occupancy")]
[JsonDerivedType(typeof(StationaryObjectRuleState), "stationary")]
[JsonDerivedType(typeof(CameraHealthRuleState), "health")]
public abstract record RuleState(string RuleId, IReadOnlyList<CooldownEntry> Cooldowns);
