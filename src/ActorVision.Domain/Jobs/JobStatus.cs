namespace ActorVision.Domain.Jobs;

public enum JobStatus
{
    /// <summary>Not submitted (an entity woken by a query for an unknown id).</summary>
    None,
    /// <summary>Waiting for a slot on its node (also after a failed attempt or a node loss, before it resumes).</summary>
    Queued,
    Running,
    Completed,
    /// <summary>Ended without a result it could finish: the reason says why.</summary>
    Failed,
    Cancelled,
}

public static class JobStatusExtensions
{
    public static bool IsFinished(this JobStatus status) => status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled;
}
