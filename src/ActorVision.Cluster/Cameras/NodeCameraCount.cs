namespace ActorVision.Cluster.Cameras;

/// <summary>
/// How many cameras this node's camera entities hold (registered or recovered here), what
/// <c>actorvision.cameras.max-per-node</c> caps. Each entity counts itself once while its camera exists.
/// </summary>
public sealed class NodeCameraCount
{
    private int _count;

    public int Current => Volatile.Read(ref _count);

    public void Add() => Interlocked.Increment(ref _count);

    public void Remove() => Interlocked.Decrement(ref _count);
}
