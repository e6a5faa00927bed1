namespace ActorVision.Core.Rules;

/// <summary>
/// Camera health: no frames, a frozen image, or a blackout (the image turns dark or featureless suddenly:
/// lens covered, lights off, sprayed) for longer than a time each. A check is off when its time is null.
/// Luma values are 0..255. The class, confidence, size and anchor settings of the base spec do not apply.
/// </summary>
public sealed record CameraHealthRuleSpec : RuleSpec
{
    /// <summary>Report when no frame arrived for this long (checked by the engine's idle tick).</summary>
    public TimeSpan? NoFramesAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Report when consecutive frames stay this similar for this long.</summary>
    public TimeSpan? FrozenAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Mean absolute luma difference between frames at or below which the image counts as frozen (live sensors are noisier).</summary>
    public float FrozenMaxDifference { get; init; } = 0.5f;

    /// <summary>Report when the image stays dark or featureless this long after a sudden change.</summary>
    public TimeSpan? BlackoutAfter { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Mean luma at or below which the image counts as dark.</summary>
    public float BlackoutMaxLuma { get; init; } = 20f;

    /// <summary>Luma standard deviation at or below which the image counts as featureless (a covered lens).</summary>
    public float BlackoutMaxContrast { get; init; } = 6f;

    /// <summary>
    /// Mean absolute luma difference between frames that counts as a sudden change. A blackout needs one within
    /// two seconds before the image turned dark, so dusk falling slowly does not raise it.
    /// </summary>
    public float SuddenChangeMinDifference { get; init; } = 25f;
}
