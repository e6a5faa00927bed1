using ActorVision.Core.Cameras;

namespace ActorVision.Domain.Capacity;

/// <summary>
/// A camera's latest word on its node, for the node's load estimate: its spec, whether it runs (starting, running or
/// reconnecting: it costs, or is about to), and its pipeline's counters since the pipeline started.
/// </summary>
public sealed record CameraUsage(CameraSpec Spec, bool Running, long FramesAnalysed, long FramesDropped);

/// <summary>The camera's entity stopped on this node: removed, moved to another node, or the node is leaving.</summary>
public sealed record CameraUsageEnded(string CameraId);

/// <summary>One device router's load at a moment: workers loaded and busy, live requests waiting.</summary>
public sealed record DeviceUsage(string Device, int Workers, int BusyWorkers, int QueuedLive);

/// <summary>What one camera costs on its node now, for the per-camera gauge.</summary>
/// <param name="MeasuredCores">At the rate it analysed over the window, scaled by the node's measured CPU.</param>
/// <param name="DemandCores">What it would cost analysing at its spec's rate.</param>
public sealed record CameraLoad(string CameraId, string ShardId, double AnalysedFps, double DroppedFps, double MeasuredCores, double DemandCores);

/// <summary>A node's estimate: the report it publishes, and the per-camera figures it keeps for its own metrics.</summary>
public sealed record NodeEstimate(NodeCapacity Capacity, IReadOnlyList<CameraLoad> Cameras);
