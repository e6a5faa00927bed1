namespace ActorVision.Cluster.Storage;

/// <summary>
/// The dispatcher of the storage actors (<c>actorvision.storage.dispatcher</c>, a thread of their own each): they
/// stat, walk and delete files, which blocks, and must never hold up Akka's default dispatcher.
/// </summary>
public static class StorageDispatcher
{
    public const string Id = "actorvision.storage.dispatcher";
}
