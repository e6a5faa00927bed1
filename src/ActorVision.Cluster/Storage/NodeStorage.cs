using Akka.Actor;
using ActorVision.Domain.Storage;

namespace ActorVision.Cluster.Storage;

/// <summary>
/// This node's storage state, as <see cref="DiskSpaceWatch"/> last measured it: read on the frame path (one volatile
/// read) by whatever writes snapshots and recordings, and by readiness. Changes are also published on the event
/// stream as <see cref="StorageState"/>. An extension, so that two nodes in one process keep their own.
/// </summary>
public sealed class NodeStorage : IExtension
{
    private volatile StorageState _current;

    public NodeStorage(string folder) => _current = StorageState.Unmeasured(folder);

    public StorageState Current => _current;

    /// <summary>True while snapshots and recordings must not be written.</summary>
    public bool WritesPaused => _current.WritesPaused;

    public static NodeStorage Get(ActorSystem system) => system.WithExtension<NodeStorage, NodeStorageProvider>();

    internal void Set(StorageState state) => _current = state;
}

public sealed class NodeStorageProvider : ExtensionIdProvider<NodeStorage>
{
    public override NodeStorage CreateExtension(ExtendedActorSystem system) =>
        new(system.Settings.Config.GetString("actorvision.node.data-folder", "data"));
}
