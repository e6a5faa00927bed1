namespace ActorVision.Core.Rules;

public sealed record LoiteringRuleState(string RuleId, IReadOnlyList<CooldownEntry> Cooldowns, IReadOnlyList<LoiteringTrack> Tracks)
    : RuleState(RuleId, Cooldowns);
