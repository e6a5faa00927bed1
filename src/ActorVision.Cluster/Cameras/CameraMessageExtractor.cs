using Akka.Cluster.Sharding;
using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Cluster.Cameras;

/// <summary>
/// Routes every <see cref="IWithCameraId"/> message to its camera's shard. The base class also routes
/// <see cref="ShardRegion.StartEntity"/>, which remember-entities uses to restart cameras.
/// </summary>
public sealed class CameraMessageExtractor(int numberOfShards) : HashCodeMessageExtractor(numberOfShards)
{
    public override string? EntityId(object message) => message switch
    {
        IWithCameraId m => m.CameraId,
        _ => null,
    };
}
