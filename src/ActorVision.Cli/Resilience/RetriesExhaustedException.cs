using Grpc.Core;

namespace ActorVision.Cli.Resilience;

/// <summary>A retried call that kept failing until its deadline; <see cref="Last"/> is the final failure.</summary>
public sealed class RetriesExhaustedException(RpcException last, int attempts, TimeSpan elapsed)
    : Exception($"gave up after {attempts} attempts in {elapsed.TotalSeconds:0.#}s: {last.Status.Detail}", last)
{
    public RpcException Last { get; } = last;
    public int Attempts { get; } = attempts;
    public TimeSpan Elapsed { get; } = elapsed;
}
