namespace ActorVision.Cluster.Jobs.Scheduling;

/// <summary>Job entity to its node's scheduler: the job wants to run; answered with <see cref="JobSlotGranted"/> when a slot is free.</summary>
public sealed record RequestJobSlot(string JobId, string Submitter);

public sealed record JobSlotGranted(string JobId);

/// <summary>The job no longer runs (ended, cancelled, failed attempt) or no longer waits.</summary>
public sealed record ReleaseJobSlot(string JobId);

public sealed record GetJobSlots
{
    public static GetJobSlots Instance { get; } = new();
}

/// <summary>The scheduler's view: the limit, the jobs holding slots, and those waiting in service order.</summary>
public sealed record JobSlots(int Limit, IReadOnlyList<string> Running, IReadOnlyList<string> Waiting);
