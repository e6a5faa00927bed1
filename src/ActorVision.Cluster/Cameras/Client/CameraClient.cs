using Akka.Actor;
using ActorVision.Common.Resilience;
using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Cluster.Cameras.Client;

/// <summary>
/// Asks camera entities through the <c>camera</c> shard region (or its proxy) and rides out failover: each attempt
/// is a short ask, unanswered attempts are retried with exponential backoff and jitter until the deadline, and only
/// then the caller learns the camera is unavailable (with advice on when to retry). Camera commands are idempotent
/// at the entity (a repeated registration of the same spec is accepted, a repeated start or stop changes nothing),
/// which is what makes resending an unanswered command safe.
/// </summary>
public sealed class CameraClient
{
    private readonly IActorRef _region;
    private readonly TimeProvider _time;

    public CameraClient(IActorRef region, CameraClientSettings settings, TimeProvider? time = null)
    {
        _region = region;
        Settings = settings;
        _time = time ?? TimeProvider.System;
    }

    public CameraClientSettings Settings { get; }

    /// <summary>Sends a command and returns the camera as the command left it.</summary>
    /// <param name="deadline">Shortens the configured deadline (a caller's own deadline); null: the configured one.</param>
    /// <exception cref="CameraRejectedException">The camera refused the command.</exception>
    /// <exception cref="CameraUnavailableException">No answer before the deadline.</exception>
    public async Task<CameraView> SendAsync(ICameraCommand command, TimeSpan? deadline = null, CancellationToken cancellationToken = default)
    {
        var (reply, _) = await AskAsync(command, deadline, cancellationToken).ConfigureAwait(false);
        return reply switch
        {
            CameraAccepted accepted => accepted.Camera,
            CameraRejected rejected => throw new CameraRejectedException(rejected),
            _ => throw Unexpected(command, reply),
        };
    }

    /// <summary>Removes a camera. A NotFound after an unanswered attempt means that attempt removed it: success.</summary>
    public async Task RemoveAsync(RemoveCamera command, TimeSpan? deadline = null, CancellationToken cancellationToken = default)
    {
        var (reply, retried) = await AskAsync(command, deadline, cancellationToken).ConfigureAwait(false);
        switch (reply)
        {
            case CameraAccepted:
                return;
            case CameraRejected { Kind: RejectionKind.NotFound } when retried:
                return;
            case CameraRejected rejected:
                throw new CameraRejectedException(rejected);
            default:
                throw Unexpected(command, reply);
        }
    }

    /// <summary>The camera's spec and live status.</summary>
    public async Task<CameraView> GetAsync(string cameraId, TimeSpan? deadline = null, CancellationToken cancellationToken = default)
    {
        var query = new GetCamera(cameraId);
        var (reply, _) = await AskAsync(query, deadline, cancellationToken).ConfigureAwait(false);
        return reply switch
        {
            CameraView view => view,
            CameraRejected rejected => throw new CameraRejectedException(rejected),
            _ => throw Unexpected(query, reply),
        };
    }

    /// <summary>
    /// Views of many cameras, asked <see cref="CameraClientSettings.Parallelism"/> at a time. Cameras that turn out not
    /// to exist are left out; cameras that do not answer before the deadline are listed with the problem, so one
    /// failing-over shard does not hide every other camera.
    /// </summary>
    public async Task<IReadOnlyList<CameraLookup>> GetManyAsync(
        IReadOnlyCollection<string> cameraIds, TimeSpan? deadline = null, CancellationToken cancellationToken = default)
    {
        var results = new CameraLookup?[cameraIds.Count];
        var indexed = cameraIds.Select((id, i) => (id, i));
        await Parallel.ForEachAsync(
            indexed,
            new ParallelOptions { MaxDegreeOfParallelism = Settings.Parallelism, CancellationToken = cancellationToken },
            async (item, ct) =>
            {
                try
                {
                    results[item.i] = new CameraLookup(item.id, await GetAsync(item.id, deadline, ct).ConfigureAwait(false), null);
                }
                catch (CameraRejectedException ex) when (ex.Rejection.Kind == RejectionKind.NotFound)
                {
                    // removed between the directory read and this ask
                }
                catch (CameraUnavailableException ex)
                {
                    results[item.i] = new CameraLookup(item.id, null, ex.Message);
                }
            }).ConfigureAwait(false);
        return results.OfType<CameraLookup>().ToArray();
    }

    /// <returns>The reply, and whether an earlier attempt went unanswered (it may have been applied).</returns>
    private async Task<(object Reply, bool Retried)> AskAsync(IWithCameraId message, TimeSpan? deadline, CancellationToken cancellationToken)
    {
        var budget = deadline is { } d && d < Settings.Deadline ? d : Settings.Deadline;
        var started = _time.GetTimestamp();
        var attempt = 0;
        while (true)
        {
            attempt++;
            var remaining = budget - _time.GetElapsedTime(started);
            var timeout = remaining < Settings.AskTimeout ? remaining : Settings.AskTimeout;
            if (timeout > TimeSpan.Zero)
            {
                try
                {
                    var reply = await _region.Ask<object>(message, timeout, cancellationToken).ConfigureAwait(false);
                    return (reply, attempt > 1);
                }
                catch (AskTimeoutException) when (!cancellationToken.IsCancellationRequested)
                {
                    // No answer: the camera's node may be down and its shard not yet restarted elsewhere.
                }
            }
            var delay = Backoff(attempt);
            remaining = budget - _time.GetElapsedTime(started);
            if (remaining <= delay)
            {
                throw new CameraUnavailableException(
                    $"camera '{message.CameraId}' did not answer within {Format(budget)} ({attempt} attempts); its node may be failing over",
                    Settings.RetryAfter, attempt);
            }
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    // Spread by up to 20 % so the clients of a failed-over shard do not all come back at once.
    private TimeSpan Backoff(int attempt) =>
        new Backoff(Settings.MinBackoff, Settings.MaxBackoff, randomFactor: 0.2).Delay(attempt, Random.Shared.NextDouble());

    private static string Format(TimeSpan span) => span.TotalSeconds >= 1 ? $"{span.TotalSeconds:0.#} s" : $"{span.TotalMilliseconds:0} ms";

    private static InvalidOperationException Unexpected(IWithCameraId message, object reply) =>
        new($"camera '{message.CameraId}' answered {message.GetType().Name} with an unexpected {reply.GetType().Name}");
}
