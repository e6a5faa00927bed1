using ActorVision.Core.Events;
using ActorVision.Domain.Analytics;

namespace ActorVision.Domain.Jobs.Messages;

/// <summary>
/// Facts in a job's journal. Serialised with protobuf by <c>JobJournalSerializer</c> under stable manifests, so
/// renaming these classes cannot corrupt history.
/// </summary>
public interface IJobEvent;

public sealed record JobSubmitted(AnalysisJobSpec Spec, string RequestId, DateTime At) : IJobEvent;

/// <summary>A node took the job up (the first time, after a failed attempt, or after the node that ran it died).</summary>
public sealed record JobStarted(int Attempt, string Node, string? AnnotatedVideoPath, DateTime At) : IJobEvent;

/// <summary>An analytics event the job's rules produced. Tagged for the global event stream.</summary>
/// <remarks>The rule engine of a job runs under the job id, so <c>Event.CameraId</c> is the job id.</remarks>
public sealed record JobEventRecorded(AnalyticsEvent Event) : IJobEvent, IAnalyticsRecord
{
    public string JobId => Event.CameraId;

    string? IAnalyticsRecord.JobId => JobId;
}

/// <summary>Where to resume from, and the progress so far.</summary>
public sealed record JobCheckpointed(JobCheckpoint Checkpoint, JobProgress Progress, DateTime At) : IJobEvent;

/// <summary>An attempt failed in a way that may clear up (network, a node lost); the job is queued for another.</summary>
public sealed record JobAttemptFailed(string Reason, JobProgress Progress, DateTime At) : IJobEvent;

/// <summary>The whole input was analysed. <paramref name="Note"/> tells about damage (a recording cut short).</summary>
public sealed record JobCompleted(JobProgress Progress, string? Note, DateTime At) : IJobEvent;

public sealed record JobFailed(string Reason, JobProgress Progress, DateTime At) : IJobEvent;

public sealed record JobCancelled(JobProgress Progress, DateTime At) : IJobEvent;
