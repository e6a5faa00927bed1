namespace ActorVision.Cluster.Cameras.Client;

/// <summary>
/// The camera did not answer before the deadline, after retries: its node is probably failing over. Whether an
/// unanswered command was applied is unknown; every camera command is safe to send again.
/// </summary>
public sealed class CameraUnavailableException(string message, TimeSpan retryAfter, int attempts) : Exception(message)
{
    /// <summary>When a retry has a fair chance.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;

    public int Attempts { get; } = attempts;
}
