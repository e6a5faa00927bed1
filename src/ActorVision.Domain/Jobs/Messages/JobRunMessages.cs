using ActorVision.Core.Events;

namespace ActorVision.Domain.Jobs.Messages;

// Messages between a job entity and the runner child that analyses its video (always on the same node).

/// <summary>Runner to entity: persist the events of one analysed frame; answered with <see cref="JobFrameRecorded"/> once durable.</summary>
public sealed record RecordJobFrame(IReadOnlyList<AnalyticsEvent> Events);

/// <summary>How many of the frame's events were new (a resumed run repeats some that are already recorded).</summary>
public sealed record JobFrameRecorded(int Recorded);

/// <summary>Runner to entity: persist a checkpoint; answered with <see cref="JobCheckpointSaved"/>.</summary>
public sealed record SaveJobCheckpoint(JobCheckpoint Checkpoint, JobProgress Progress);

public sealed record JobCheckpointSaved(long FrameIndex);

/// <summary>Runner to entity, every status interval: live progress (not persisted).</summary>
/// <param name="DecodeFps">Frames decoded per second, recently: what the ETA is computed from.</param>
public sealed record JobProgressReported(JobProgress Progress, double DecodeFps);

/// <summary>Runner to entity: the run is over. <paramref name="Transient"/> failures are retried up to the attempt limit.</summary>
public sealed record JobRunEnded(JobProgress Progress, JobRunOutcome Outcome, string? Reason, bool Transient);

public enum JobRunOutcome
{
    Completed,
    Failed,
}
