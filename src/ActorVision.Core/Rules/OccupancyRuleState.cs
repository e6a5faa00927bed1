namespace ActorVision.Core.Rules;

/// <param name="ConditionSince">Stream time since which the condition has held, or null when it does not hold.</param>
/// <param name="Reported">Whether the current condition was reported (an end event follows when it ends).</param>
public sealed record OccupancyRuleState(
    string RuleId,
    IReadOnlyList<CooldownEntry> Cooldowns,
    IReadOnlyList<OccupancyTrack> Tracks,
    TimeSpan? ConditionSince,
    bool Reported)
    : RuleState(RuleId, Cooldowns);
