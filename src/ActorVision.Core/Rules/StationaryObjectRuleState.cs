namespace ActorVision.Core.Rules;

public sealed record StationaryObjectRuleState(string RuleId, IReadOnlyList<CooldownEntry> Cooldowns, IReadOnlyList<StationaryTrack> Tracks)
    : RuleState(RuleId, Cooldowns);
