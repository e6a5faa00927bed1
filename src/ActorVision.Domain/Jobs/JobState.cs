using ActorVision.Core.Events;
using ActorVision.Domain.Jobs.Messages;

namespace ActorVision.Domain.Jobs;

/// <summary>
/// The persisted state of one analysis job. The Decide methods validate what is asked and return the events it
/// causes; <see cref="Apply"/> evolves the state by one event. The entity only persists what was decided and
/// applies it, on write and on recovery alike, so these rules are testable without actors.
/// </summary>
public sealed record JobState(string JobId)
{
    public AnalysisJobSpec? Spec { get; init; }
    public string RequestId { get; init; } = "";
    public JobStatus Status { get; init; }
    /// <summary>Why it failed, or the note of a completed job, or the last failed attempt's reason while it retries.</summary>
    public string? Reason { get; init; }
    public DateTime SubmittedAt { get; init; }
    public DateTime? StartedAt { get; init; }
    public DateTime? FinishedAt { get; init; }
    /// <summary>Attempts started so far (the first run included).</summary>
    public int Attempts { get; init; }
    public string Node { get; init; } = "";
    public string? AnnotatedVideoPath { get; init; }
    public JobProgress Progress { get; init; } = JobProgress.None;
    public JobCheckpoint? Checkpoint { get; init; }
    public JobSummary Summary { get; init; } = JobSummary.Empty;
    /// <summary>
    /// Stream time of the last frame whose events are recorded. A frame's events are persisted in one atomic write
    /// and a resumed run reproduces every frame exactly, so any event at or before this time is one the job already has.
    /// </summary>
    public TimeSpan? RecordedThrough { get; init; }

    public bool Exists => Spec is not null;

    /// <summary>Whether a node should be working on it: queued, running, or resuming after a failed attempt or a lost node.</summary>
    public bool ShouldRun => Status is JobStatus.Queued or JobStatus.Running;

    public JobDecision Decide(IJobCommand command, DateTime now) => command switch
    {
        SubmitJob submit => DecideSubmit(submit, now),
        CancelJob => !Exists ? JobDecision.Reject(JobRejected.NotFound(JobId))
            : Status.IsFinished() ? JobDecision.Accept()
            : JobDecision.Accept(new JobCancelled(Progress, now)),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command, "unknown job command"),
    };

    /// <summary>A node has a slot for the job: start the next attempt, or give up when the attempts are used up.</summary>
    public IReadOnlyList<IJobEvent> DecideStart(string node, string? annotatedVideoPath, int maxAttempts, DateTime now)
    {
        if (!ShouldRun) return [];
        if (Attempts >= maxAttempts)
        {
            var last = Reason is null ? "" : $"; the last one: {Reason}";
            return [new JobFailed($"gave up after {Attempts} attempts{last}", Progress, now)];
        }
        return [new JobStarted(Attempts + 1, node, annotatedVideoPath, now)];
    }

    /// <summary>The events of one analysed frame, less those the job already recorded (a resumed run repeats frames after its checkpoint).</summary>
    public IReadOnlyList<IJobEvent> DecideRecord(IReadOnlyList<AnalyticsEvent> events)
    {
        if (Status != JobStatus.Running) return [];
        var fresh = new List<IJobEvent>(events.Count);
        foreach (var e in events)
        {
            if (RecordedThrough is { } through && e.StreamTime <= through) continue;
            fresh.Add(new JobEventRecorded(e));
        }
        return fresh;
    }

    public IReadOnlyList<IJobEvent> DecideCheckpoint(JobCheckpoint checkpoint, JobProgress progress, DateTime now) =>
        Status == JobStatus.Running && (Checkpoint is null || checkpoint.FrameIndex > Checkpoint.FrameIndex)
            ? [new JobCheckpointed(checkpoint, progress, now)]
            : [];

    public IReadOnlyList<IJobEvent> DecideEnd(JobRunEnded ended, DateTime now)
    {
        if (Status != JobStatus.Running) return [];
        if (ended.Outcome == JobRunOutcome.Completed) return [new JobCompleted(ended.Progress, ended.Reason, now)];
        var reason = ended.Reason ?? "the analysis failed";
        return ended.Transient ? [new JobAttemptFailed(reason, ended.Progress, now)] : [new JobFailed(reason, ended.Progress, now)];
    }

    public JobState Apply(IJobEvent @event) => @event switch
    {
        JobSubmitted e => new JobState(JobId) { Spec = e.Spec, RequestId = e.RequestId, Status = JobStatus.Queued, SubmittedAt = e.At },
        JobStarted e => this with
        {
            Status = JobStatus.Running,
            Attempts = e.Attempt,
            Node = e.Node,
            StartedAt = StartedAt ?? e.At,
            AnnotatedVideoPath = e.AnnotatedVideoPath,
            // An annotated video cannot be appended to, so a job that writes one starts over; its events are not
            // recorded twice (RecordedThrough stays).
            Checkpoint = e.AnnotatedVideoPath is null ? Checkpoint : null,
        },
        JobEventRecorded e => this with
        {
            Summary = Summary.Add(e.Event),
            RecordedThrough = e.Event.StreamTime,
        },
        JobCheckpointed e => this with { Checkpoint = e.Checkpoint, Progress = e.Progress },
        JobAttemptFailed e => this with { Status = JobStatus.Queued, Reason = e.Reason, Progress = e.Progress },
        JobCompleted e => this with { Status = JobStatus.Completed, Reason = e.Note, Progress = e.Progress, FinishedAt = e.At, Checkpoint = null },
        JobFailed e => this with { Status = JobStatus.Failed, Reason = e.Reason, Progress = e.Progress, FinishedAt = e.At, Checkpoint = null },
        JobCancelled e => this with { Status = JobStatus.Cancelled, Reason = null, Progress = e.Progress, FinishedAt = e.At, Checkpoint = null },
        _ => throw new ArgumentOutOfRangeException(nameof(@event), @event, "unknown job event"),
    };

    private JobDecision DecideSubmit(SubmitJob submit, DateTime now)
    {
        if (!Exists) return JobDecision.Accept(new JobSubmitted(submit.Spec, submit.RequestId, now));
        // A retried submit (same request id, same spec) is answered with the job it created.
        if (submit.RequestId == RequestId && SameSpec(Spec!, submit.Spec)) return JobDecision.Accept();
        return JobDecision.Reject(new JobRejected(JobId, JobRejectionKind.AlreadyExists,
            $"request id '{submit.RequestId}' already submitted job '{JobId}' with a different spec; use a new request id", []));
    }

    private static bool SameSpec(AnalysisJobSpec a, AnalysisJobSpec b) =>
        a with { Models = [], Rules = [] } == b with { Models = [], Rules = [] }
        && a.Models.SequenceEqual(b.Models)
        && a.Rules.SequenceEqual(b.Rules);
}
