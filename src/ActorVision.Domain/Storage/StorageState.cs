namespace ActorVision.Domain.Storage;

/// <summary>
/// Whether a node writes event snapshots and recordings, and why not. Events are persisted either way: the journal is
/// the record, snapshots and recordings are what a full disk can do without.
/// </summary>
/// <param name="Reason">Why writes are paused; null while they are not.</param>
public sealed record StorageState(bool WritesPaused, DiskSpace Space, string Folder, string? Reason)
{
    /// <summary>Before the first measurement: nothing is paused.</summary>
    public static StorageState Unmeasured(string folder) => new(false, default, folder, null);
}
