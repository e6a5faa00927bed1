namespace ActorVision.Domain.Storage;

/// <summary>What one retention pass did to one kind of output.</summary>
/// <param name="Deleted">Files, folders or rows deleted.</param>
/// <param name="BytesFreed">Bytes of the deleted files; 0 for database rows (the database decides when space returns).</param>
/// <param name="Error">Why the pass stopped early; null when it ran through.</param>
public sealed record RetentionReport(string Kind, long Deleted, long BytesFreed, string? Error = null)
{
    public override string ToString() =>
        $"{Kind}: {Deleted} deleted" + (BytesFreed > 0 ? $", {DiskSpace.Size(BytesFreed)} freed" : "") + (Error is null ? "" : $" (stopped: {Error})");
}

/// <summary>One kind of output a node keeps within its retention settings, enforced by one pass at a time.</summary>
public interface IRetentionStep
{
    /// <summary>What it keeps: snapshots, recordings, jobs, event-index, journal.</summary>
    string Kind { get; }

    /// <summary>Shared state (database tables) is enforced by one node of the cluster; files by every node, each its own.</summary>
    bool OncePerCluster { get; }

    Task<RetentionReport> RunAsync(DateTime now, CancellationToken cancellationToken);
}
