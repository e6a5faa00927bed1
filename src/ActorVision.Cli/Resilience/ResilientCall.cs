using Grpc.Core;

namespace ActorVision.Cli.Resilience;

/// <summary>
/// Runs one logical call as attempts under a single deadline, quietly retrying transient failures
/// as <see cref="RetryPolicy"/> decides. The delay, clock and randomness are injected so tests never sleep.
/// </summary>
public sealed class ResilientCall(RetryPolicy policy, TimeProvider clock, Func<TimeSpan, CancellationToken, Task> delay, Func<double> random)
{
    public static ResilientCall Default { get; } =
        new(RetryPolicy.Default, TimeProvider.System, Task.Delay, Random.Shared.NextDouble);

    public RetryPolicy Policy => policy;
    public TimeProvider Clock => clock;
    public Task DelayAsync(TimeSpan duration, CancellationToken cancellationToken) => delay(duration, cancellationToken);
    public double NextRandom() => random();

    /// <param name="attempt">One attempt; it receives the absolute deadline (UTC) that every attempt shares.</param>
    /// <param name="resolveAfterRetry">
    /// For calls that are not naturally idempotent: when an attempt after a failed one ends with a definite
    /// error (AlreadyExists for an add, NotFound for a remove), the earlier attempt may have taken effect
    /// without its answer reaching us. This callback decides what is true, instead of reporting a false error.
    /// </param>
    public async Task<T> RunAsync<T>(
        Func<DateTime, CancellationToken, Task<T>> attempt,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        Func<RpcException, CancellationToken, Task<T>>? resolveAfterRetry = null)
    {
        var started = clock.GetUtcNow();
        var deadline = started + timeout;
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt(deadline.UtcDateTime, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException error) when (!cancellationToken.IsCancellationRequested)
            {
                if (!RetryPolicy.IsTransient(error))
                {
                    if (number > 1 && resolveAfterRetry is not null)
                        return await resolveAfterRetry(error, cancellationToken).ConfigureAwait(false);
                    throw;
                }
                var decision = policy.Decide(error, number, deadline - clock.GetUtcNow(), random());
                if (!decision.Retry)
                {
                    if (number == 1)
                        throw;
                    throw new RetriesExhaustedException(error, number, clock.GetUtcNow() - started);
                }
                await delay(decision.Delay, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
