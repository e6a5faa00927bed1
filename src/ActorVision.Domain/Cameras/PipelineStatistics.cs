namespace ActorVision.Domain.Cameras;

/// <summary>Counters and rates of a running camera pipeline since it started, reported every status interval.</summary>
public sealed record PipelineStatistics(
    double FpsIn,
    double FpsAnalysed,
    double FpsOut,
    long FramesIn,
    long FramesAnalysed,
    long FramesEncoded,
    long FramesDropped,
    long Reconnects,
    double LatencyP50Milliseconds,
    double LatencyP95Milliseconds)
{
    public static PipelineStatistics Empty { get; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Event snapshots not written while the node's disk space was low.</summary>
    public long SnapshotsSkipped { get; init; }

    /// <summary>Frames not recorded to MP4 outputs while the node's disk space was low.</summary>
    public long RecordingFramesSkipped { get; init; }
}
