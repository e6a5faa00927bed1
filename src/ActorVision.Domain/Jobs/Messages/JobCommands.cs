namespace ActorVision.Domain.Jobs.Messages;

/// <summary>
/// Queues a job. <paramref name="RequestId"/> is the client's idempotency key (the job id is derived from it), so a
/// retried submit finds the job its first attempt created and queues nothing more.
/// </summary>
public sealed record SubmitJob(string JobId, string RequestId, AnalysisJobSpec Spec) : IJobCommand;

/// <summary>Stops the job promptly and frees its slot and device. Cancelling a finished job changes nothing.</summary>
public sealed record CancelJob(string JobId) : IJobCommand;

/// <summary>The job as the API shows it; answered with <see cref="JobView"/> or <see cref="JobRejected"/> (not found).</summary>
public sealed record GetJob(string JobId) : IJobQuery;
