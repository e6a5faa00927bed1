using ActorVision.Cli.Errors;
using ActorVision.Cli.Resilience;
using ActorVision.Protocol.V1;
using Grpc.Core;

namespace ActorVision.Cli.Jobs;

/// <summary>
/// Copies a job's result export (JSON lines or CSV) to stdout or a file. A file is written as "name.partial"
/// and renamed when complete, so a broken stream is retried from the start without leaving half a file;
/// stdout cannot be rewound, so there a break after the first byte is reported instead of retried.
/// </summary>
public sealed class JobResultWriter(
    Func<JobResultsRequest, CancellationToken, IAsyncEnumerable<ReadOnlyMemory<byte>>> results,
    StreamReconnect reconnect)
{
    /// <returns>Bytes written.</returns>
    public async Task<long> WriteAsync(JobResultsRequest request, string? path, Func<Stream> openStandardOutput, CancellationToken cancellationToken)
    {
        if (path is null)
        {
            var stdout = openStandardOutput();
            await using (stdout.ConfigureAwait(false))
                return await CopyAsync(request, stdout, rewindable: false, cancellationToken).ConfigureAwait(false);
        }
        var full = Path.GetFullPath(path);
        var partial = full + ".partial";
        try
        {
            long written;
            var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using (file.ConfigureAwait(false))
                written = await CopyAsync(request, file, rewindable: true, cancellationToken).ConfigureAwait(false);
            File.Move(partial, full, overwrite: true);
            return written;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
    }

    private async Task<long> CopyAsync(JobResultsRequest request, Stream target, bool rewindable, CancellationToken cancellationToken)
    {
        while (true)
        {
            long written = 0;
            RpcException failure;
            reconnect.AttemptStarting();
            try
            {
                await foreach (var chunk in results(request, cancellationToken).ConfigureAwait(false))
                {
                    reconnect.Delivered();
                    await target.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
                    written += chunk.Length;
                }
                await target.FlushAsync(cancellationToken).ConfigureAwait(false);
                return written;
            }
            catch (RpcException e) when (!cancellationToken.IsCancellationRequested && RetryPolicy.IsTransient(e))
            {
                failure = e;
            }
            if (written > 0 && !rewindable)
                throw new CommandFailedException(ExitCodes.Unavailable,
                    $"the result stream broke after {written} bytes ({failure.Status.Detail}); the output is incomplete: use --out <file> to retry safely");
            if (rewindable)
            {
                target.SetLength(0);
                target.Position = 0;
            }
            await reconnect.BeforeReconnectAsync(failure, cancellationToken).ConfigureAwait(false);
        }
    }
}
