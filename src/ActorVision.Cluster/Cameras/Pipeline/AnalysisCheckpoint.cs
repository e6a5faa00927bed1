using ActorVision.Core.Imaging;
using ActorVision.Domain.Analytics;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// Where an analysis stood right after one frame, for a job to resume from exactly there: the sampler's next due time
/// (as the frame was sampled), the motion detector's background (right after the frame's motion ran) and the tracker,
/// rules and image statistics (right after its tracking). Each is captured at its own moment because detection runs
/// ahead of tracking.
/// </summary>
public sealed record AnalysisCheckpoint(TimeSpan? SamplerNextDue, MotionState? Motion, TrackingState? Tracking);
