using System.Globalization;
using ActorVision.Common.Resilience;
using Google.Rpc;
using Grpc.Core;

namespace ActorVision.Cli.Resilience;

/// <summary>
/// Which failures are worth another attempt and how long to wait first. Only transient statuses retry
/// (Unavailable, as a node answers during failover; Aborted; DeadlineExceeded raised by the node while our own
/// deadline still has time; a broken HTTP/2 connection). The node's retry advice wins over the exponential
/// backoff; a wait that would not end before the deadline means giving up now, with the reason.
/// </summary>
public sealed record RetryPolicy(Backoff Schedule)
{
    /// <summary>Trailer (milliseconds) a node sends with Unavailable to say when to try again.</summary>
    public const string RetryAfterTrailer = "retry-after-ms";

    public static RetryPolicy Default { get; } = new(new Backoff(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(3), randomFactor: 0.2));

    public static bool IsTransient(RpcException error) => error.StatusCode switch
    {
        StatusCode.Unavailable or StatusCode.Aborted or StatusCode.DeadlineExceeded => true,
        // The connection broke under a call (a node killed mid-stream): the transport says so, not the node.
        StatusCode.Internal or StatusCode.Unknown => error.Status.DebugException is IOException or HttpRequestException,
        _ => false,
    };

    /// <param name="error">The failure of attempt number <paramref name="attempt"/> (1-based).</param>
    /// <param name="remaining">Time left before the caller's deadline.</param>
    /// <param name="random01">A uniform sample in [0, 1) for the jitter; injected so decisions are reproducible.</param>
    public RetryDecision Decide(RpcException error, int attempt, TimeSpan remaining, double random01)
    {
        if (!IsTransient(error) || remaining <= TimeSpan.Zero)
            return RetryDecision.GiveUp;
        var delay = RetryAdvice(error) ?? Backoff(attempt, random01);
        return delay < remaining ? RetryDecision.After(delay) : RetryDecision.GiveUp;
    }

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based), from the <see cref="Schedule"/>.</summary>
    public TimeSpan Backoff(int attempt, double random01) => Schedule.Delay(attempt, random01);

    /// <summary>The node's advice: the retry-after-ms trailer, else a google.rpc.RetryInfo detail.</summary>
    public static TimeSpan? RetryAdvice(RpcException error)
    {
        var trailer = error.Trailers.GetValue(RetryAfterTrailer);
        if (trailer is not null && long.TryParse(trailer, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
            return TimeSpan.FromMilliseconds(ms);
        var info = RichStatus.Of(error)?.GetDetail<RetryInfo>();
        return info?.RetryDelay?.ToTimeSpan() is { } d && d >= TimeSpan.Zero ? d : null;
    }
}
