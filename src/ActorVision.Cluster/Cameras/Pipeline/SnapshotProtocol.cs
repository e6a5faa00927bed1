using ActorVision.Core.Events;
using ActorVision.Core.Imaging;

namespace ActorVision.Cluster.Cameras.Pipeline;

// Messages between a camera's recording stage and its SnapshotWriter (children of the same pipeline, one node).

/// <summary>
/// Write the snapshot of an event frame. <paramref name="Frame"/> carries a hold the writer releases whatever happens.
/// Answered (to the sender) with <see cref="SnapshotWritten"/> or <see cref="SnapshotFailed"/>.
/// </summary>
public sealed record WriteSnapshot(long CorrelationId, VideoFrame Frame, OverlaySnapshot Overlay, IReadOnlyList<AnalyticsEvent> Events);

public sealed record SnapshotWritten(long CorrelationId);

/// <summary>Nothing was written for these events (a full disk, a folder that went away, an encoder error).</summary>
public sealed record SnapshotFailed(long CorrelationId, string Reason);
