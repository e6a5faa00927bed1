using ActorVision.Core.Detections;
using ActorVision.Core.Imaging;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// A frame and what the camera's models found in it, on its way to the tracker. Holds one reference to the frame
/// until <see cref="AnalysedFrame"/> is done with it. <see cref="Skipped"/> frames (refused by a full device queue,
/// or a failed model run) bypass the tracker so a gap in detections does not read as objects leaving.
/// </summary>
public sealed record DetectedFrame(VideoFrame? Frame, IReadOnlyList<Detection> Detections, string? SkipReason)
{
    /// <summary>The idle marker the graph injects when no frame arrived for a while (camera-health checks).</summary>
    public static DetectedFrame Idle { get; } = new(null, [], null);

    public bool IsIdle => Frame is null;
    public bool Skipped => SkipReason is not null;
}
