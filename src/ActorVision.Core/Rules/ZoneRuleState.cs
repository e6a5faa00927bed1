namespace ActorVision.Core.Rules;

public sealed record ZoneRuleState(string RuleId, IReadOnlyList<CooldownEntry> Cooldowns, IReadOnlyList<ZoneTrack> Tracks)
    : RuleState(RuleId, Cooldowns);
