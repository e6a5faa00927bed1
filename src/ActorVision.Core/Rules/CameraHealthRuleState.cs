namespace ActorVision.Core.Rules;

/// <param name="LastFrameWall">Wall time of the last frame, from which the no-frames check measures.</param>
/// <param name="LastFrameStream">Stream time of the last frame.</param>
/// <param name="WatchingSince">First idle tick before any frame arrived (the no-frames reference until one does).</param>
/// <param name="NoFrames">A no-frames condition was reported and has not ended.</param>
/// <param name="FrozenSince">Stream time since which frames have not changed, or null.</param>
/// <param name="Frozen">A frozen image was reported and has not ended.</param>
/// <param name="DarkSince">Stream time since which the image has been dark or featureless after a sudden change, or null.</param>
/// <param name="Blackout">A blackout was reported and has not ended.</param>
/// <param name="LastSuddenChange">Stream time of the last sudden large image change.</param>
public sealed record CameraHealthRuleState(
    string RuleId,
    IReadOnlyList<CooldownEntry> Cooldowns,
    DateTime? LastFrameWall,
    TimeSpan? LastFrameStream,
    DateTime? WatchingSince,
    bool NoFrames,
    TimeSpan? FrozenSince,
    bool Frozen,
    TimeSpan? DarkSince,
    bool Blackout,
    TimeSpan? LastSuddenChange)
    : RuleState(RuleId, Cooldowns);
