using ActorVision.Cli.Resilience;
using ActorVision.Protocol.V1;
using Grpc.Core;

namespace ActorVision.Cli.Jobs;

/// <summary>
/// Follows a job until it ends, reopening the progress stream when it breaks (a node dying mid-job is the
/// case jobs are built for: the job resumes elsewhere, and so does the watch).
/// </summary>
public sealed class JobWatcher(
    Func<string, CancellationToken, IAsyncEnumerable<Job>> watch,
    Func<string, CancellationToken, Task<Job>> get,
    StreamReconnect reconnect)
{
    public static bool IsFinished(JobState state) =>
        state is JobState.Completed or JobState.Failed or JobState.Cancelled;

    /// <returns>The job in its final state.</returns>
    public async Task<Job> RunAsync(string jobId, Action<Job> update, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            RpcException failure;
            reconnect.AttemptStarting();
            try
            {
                await foreach (var job in watch(jobId, cancellationToken).ConfigureAwait(false))
                {
                    reconnect.Delivered();
                    update(job);
                    if (IsFinished(job.State))
                        return job;
                }
                cancellationToken.ThrowIfCancellationRequested();
                // The stream ended without a final state: ask, then watch again if it is still going.
                var current = await get(jobId, cancellationToken).ConfigureAwait(false);
                update(current);
                if (IsFinished(current.State))
                    return current;
                failure = new RpcException(new Status(StatusCode.Unavailable, "the node ended the progress stream"));
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested && RetryPolicy.IsTransient(e))
            {
                failure = e;
            }
            await reconnect.BeforeReconnectAsync(failure, cancellationToken).ConfigureAwait(false);
        }
    }
}
