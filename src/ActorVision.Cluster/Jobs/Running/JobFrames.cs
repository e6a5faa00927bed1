using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Core.Imaging;
using ActorVision.Domain.Jobs;

namespace ActorVision.Cluster.Jobs.Running;

/// <summary>A frame chosen for analysis; <see cref="Checkpoint"/> is set when the job checkpoints after it.</summary>
internal sealed record SampledFrame(VideoFrame Frame, CheckpointMark? Checkpoint);

/// <summary>What the stages ahead of the tracker know at the checkpoint frame (they run ahead of it).</summary>
internal sealed record CheckpointMark(TimeSpan? SamplerNextDue, MotionState? Motion = null);

internal sealed record DetectedJobFrame(DetectedFrame Detected, CheckpointMark? Checkpoint);

internal sealed record AnalysedJobFrame(AnalysedFrame Analysed, JobCheckpoint? Checkpoint);
