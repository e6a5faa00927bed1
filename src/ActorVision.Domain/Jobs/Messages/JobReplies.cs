using ActorVision.Core.Validation;

namespace ActorVision.Domain.Jobs.Messages;

/// <summary>What a job entity answers a command or query with; crosses between nodes.</summary>
public interface IJobReply;

/// <summary>A job as the API shows it: what it should do, where it stands, what it found.</summary>
public sealed record JobView(
    string JobId,
    AnalysisJobSpec Spec,
    JobStatus Status,
    string? Reason,
    JobProgress Progress,
    double? EtaSeconds,
    string Node,
    DateTime SubmittedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    int Attempts,
    JobSummary Summary,
    string? AnnotatedVideoPath) : IJobReply;

/// <summary>The command was applied (or had nothing to change); the job as it is now.</summary>
public sealed record JobAccepted(JobView Job) : IJobReply;

public enum JobRejectionKind
{
    NotFound,
    Invalid,
    /// <summary>The request id was used before for a different job spec.</summary>
    AlreadyExists,
    /// <summary>The job's node holds as many running and queued jobs as it may.</summary>
    ResourceExhausted,
}

/// <summary>The command changed nothing, and why.</summary>
public sealed record JobRejected(string JobId, JobRejectionKind Kind, string Reason, IReadOnlyList<FieldError> Errors) : IJobReply
{
    public static JobRejected NotFound(string jobId) => new(jobId, JobRejectionKind.NotFound, $"job '{jobId}' does not exist", []);
}
