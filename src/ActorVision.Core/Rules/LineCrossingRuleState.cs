namespace ActorVision.Core.Rules;

public sealed record LineCrossingRuleState(string RuleId, IReadOnlyList<CooldownEntry> Cooldowns, long InCount, long OutCount, IReadOnlyList<LineTrack> Tracks)
    : RuleState(RuleId, Cooldowns);
