using System.Runtime.CompilerServices;
using Grpc.Core;

namespace ActorVision.Cli.Tests.Support;

/// <summary>Streams with a scripted end: the items, then either a clean end or the given failure.</summary>
public static class Scripted
{
    public static async IAsyncEnumerable<T> Stream<T>(IEnumerable<T> items, Exception? end = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var item in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            yield return item;
        }
        if (end is not null)
            throw end;
    }

    public static RpcException Status(StatusCode code, string detail = "", Metadata? trailers = null) =>
        new(new Grpc.Core.Status(code, detail), trailers ?? new Metadata());
}
