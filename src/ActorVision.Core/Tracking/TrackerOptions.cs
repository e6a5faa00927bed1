namespace ActorVision.Core.Tracking;

/// <summary>
/// Tuning of <see cref="ByteTracker"/>. Defaults are ByteTrack's, except that lost tracks are kept for a time
/// rather than a number of frames (the analysis rate varies) and a track needs three hits to be confirmed.
/// </summary>
public sealed record TrackerOptions
{
    /// <summary>Detections at or above this score take part in the first association and can start tracks.</summary>
    public float HighScoreThreshold { get; init; } = 0.5f;

    /// <summary>Detections between this and <see cref="HighScoreThreshold"/> only keep existing tracks alive (ByteTrack's second association); lower ones are ignored.</summary>
    public float LowScoreThreshold { get; init; } = 0.1f;

    /// <summary>An unmatched detection starts a new track only at or above this score.</summary>
    public float NewTrackThreshold { get; init; } = 0.6f;

    /// <summary>Largest cost (1 - IoU, times the detection score when <see cref="FuseScore"/>) accepted in the first association.</summary>
    public float MatchThreshold { get; init; } = 0.8f;

    /// <summary>Largest cost (1 - IoU) accepted when matching low-score detections.</summary>
    public float LowScoreMatchThreshold { get; init; } = 0.5f;

    /// <summary>Largest cost accepted when matching tentative tracks.</summary>
    public float TentativeMatchThreshold { get; init; } = 0.7f;

    /// <summary>
    /// How far a new object may move between frames before its track has a velocity, in box sizes per second
    /// (a walking person covers about three of their widths a second). Tentative tracks are matched with boxes
    /// widened on each side by this times the frame interval, at most one box size (buffered IoU, as in C-BIoU).
    /// </summary>
    public double TentativeReach { get; init; } = 3d;

    /// <summary>Weigh IoU by detection score in the high-score associations, as ByteTrack does.</summary>
    public bool FuseScore { get; init; } = true;

    /// <summary>Consecutive matched frames a new track needs before it is confirmed, gets an id and reaches rules.</summary>
    public int ConfirmHits { get; init; } = 3;

    /// <summary>How long a confirmed track may go unmatched (occlusion, missed detections) before it is removed.</summary>
    public TimeSpan MaxLostTime { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Upper bound on live tracks, so a flood of detections cannot grow memory without limit.</summary>
    public int MaxTracks { get; init; } = 1000;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option that is out of range.</summary>
    public void Validate()
    {
        CheckScore(HighScoreThreshold, nameof(HighScoreThreshold));
        CheckScore(LowScoreThreshold, nameof(LowScoreThreshold));
        CheckScore(NewTrackThreshold, nameof(NewTrackThreshold));
        CheckCost(MatchThreshold, nameof(MatchThreshold));
        CheckCost(LowScoreMatchThreshold, nameof(LowScoreMatchThreshold));
        CheckCost(TentativeMatchThreshold, nameof(TentativeMatchThreshold));
        if (LowScoreThreshold > HighScoreThreshold)
            throw new ArgumentException($"{nameof(LowScoreThreshold)} ({LowScoreThreshold}) must not exceed {nameof(HighScoreThreshold)} ({HighScoreThreshold}).");
        if (!(TentativeReach >= 0d))
            throw new ArgumentException($"{nameof(TentativeReach)} must not be negative, got {TentativeReach}.");
        if (ConfirmHits < 1)
            throw new ArgumentException($"{nameof(ConfirmHits)} must be at least 1, got {ConfirmHits}.");
        if (MaxLostTime < TimeSpan.Zero)
            throw new ArgumentException($"{nameof(MaxLostTime)} must not be negative, got {MaxLostTime}.");
        if (MaxTracks < 1)
            throw new ArgumentException($"{nameof(MaxTracks)} must be at least 1, got {MaxTracks}.");
    }

    private static void CheckScore(float value, string name)
    {
        if (!(value >= 0f && value <= 1f)) throw new ArgumentException($"{name} must be in [0, 1], got {value}.");
    }

    private static void CheckCost(float value, string name)
    {
        if (!(value > 0f && value <= 1f)) throw new ArgumentException($"{name} must be in (0, 1], got {value}.");
    }
}
