namespace ActorVision.Domain.Storage;

/// <summary>A file (or a folder counted as one, such as a job's outputs) that retention may delete.</summary>
/// <param name="Group">Items of one group are one growing series (the segments of one camera's recording): the newest
/// of each group is never chosen, since it may still be written.</param>
public sealed record StoredItem(string Path, long Bytes, DateTime LastWriteUtc, string? Group = null);
