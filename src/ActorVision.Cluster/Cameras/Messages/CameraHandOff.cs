namespace ActorVision.Cluster.Cameras.Messages;

/// <summary>
/// Sent by the shard to a camera that moves to another node (rebalance, or this node leaving). Unlike PoisonPill it
/// waits in the entity's stash behind a persist in flight, so the camera stops only after its journal write finished.
/// </summary>
public sealed record CameraHandOff
{
    public static CameraHandOff Instance { get; } = new();

    private CameraHandOff() { }
}
