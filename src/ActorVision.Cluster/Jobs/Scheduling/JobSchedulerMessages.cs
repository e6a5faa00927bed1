namespace ActorVision.Cluster.Jobs.Scheduling;

/// <summary>
/// Job entity to its node's scheduler: the job wants to run; answered with <see cref="JobSlotGranted"/> when a slot is
/// free. <paramref name="Caller"/> is whom slots are shared fairly between (the API key that submitted the job). A new
/// submission asks for <paramref name="Admission"/> first: it is answered <see cref="JobAdmission"/> at once, refused
/// when the node already holds as many running and queued jobs as it may.
/// </summary>
public sealed record RequestJobSlot(string JobId, string Caller, bool Admission = false);

/// <summary>Whether a new job may queue on this node; when refused, why (the caps reached).</summary>
public sealed record JobAdmission(string JobId, bool Admitted, string? Reason);

public sealed record JobSlotGranted(string JobId);

/// <summary>The job no longer runs (ended, cancelled, failed attempt) or no longer waits.</summary>
public sealed record ReleaseJobSlot(string JobId);

public sealed record GetJobSlots
{
    public static GetJobSlots Instance { get; } = new();
}

/// <summary>The scheduler's view: the limit, the jobs holding slots, and those waiting in service order.</summary>
public sealed record JobSlots(int Limit, IReadOnlyList<string> Running, IReadOnlyList<string> Waiting);
