using ActorVision.Domain.Jobs.Messages;

namespace ActorVision.Domain.Jobs;

/// <summary>What <see cref="JobState"/> concluded: the events to persist (maybe none), or why not.</summary>
public sealed record JobDecision(IReadOnlyList<IJobEvent> Events, JobRejected? Rejection)
{
    public static JobDecision Accept(params IJobEvent[] events) => new(events, null);

    public static JobDecision Reject(JobRejected rejection) => new([], rejection);
}
