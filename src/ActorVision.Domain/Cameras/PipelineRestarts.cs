using ActorVision.Common.Resilience;

namespace ActorVision.Domain.Cameras;

/// <summary>
/// When a live camera whose pipeline failed runs again: the wait doubles with each failure in a row (capped, spread
/// by the random factor, see <see cref="Backoff"/>), and starts from the shortest again once a pipeline has run
/// healthy for <see cref="PipelineRestartPolicy.ResetAfter"/>. Not persisted: a camera that moves to another node
/// starts fresh there.
/// </summary>
/// <param name="Failures">Failures in a row so far.</param>
/// <param name="HealthySince">When the current pipeline's source first opened; null while it has not.</param>
public sealed record PipelineRestarts(int Failures, DateTime? HealthySince)
{
    public static PipelineRestarts None { get; } = new(0, null);

    /// <summary>The pipeline's source opened: it counts as healthy from now on, once it has run long enough.</summary>
    public PipelineRestarts Running(DateTime now) => HealthySince is null ? this with { HealthySince = now } : this;

    /// <summary>The pipeline failed at <paramref name="now"/>: the restarts after this failure, and how long to wait.</summary>
    /// <param name="random01">A uniform sample in [0, 1] for the spread.</param>
    public (PipelineRestarts Next, TimeSpan Delay) Failed(DateTime now, PipelineRestartPolicy policy, double random01)
    {
        var failures = HealthySince is { } since && now - since >= policy.ResetAfter ? 1 : Failures + 1;
        return (new PipelineRestarts(failures, null), policy.Backoff.Delay(failures, random01));
    }
}

/// <summary>How a failed live camera tries again (<c>actorvision.cameras.restart-*</c>).</summary>
/// <param name="Backoff">The wait before each attempt, by failures in a row.</param>
/// <param name="ResetAfter">A pipeline that ran this long counts as healthy: its next failure waits the shortest time again.</param>
public sealed record PipelineRestartPolicy(Backoff Backoff, TimeSpan ResetAfter);
