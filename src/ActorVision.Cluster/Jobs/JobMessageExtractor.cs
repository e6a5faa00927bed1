using Akka.Cluster.Sharding;
using ActorVision.Domain.Jobs.Messages;

namespace ActorVision.Cluster.Jobs;

/// <summary>
/// Routes every <see cref="IWithJobId"/> message to its job's shard. The base class also routes
/// <see cref="ShardRegion.StartEntity"/>, which remember-entities uses to resume jobs after a node died.
/// </summary>
public sealed class JobMessageExtractor(int numberOfShards) : HashCodeMessageExtractor(numberOfShards)
{
    public override string? EntityId(object message) => message switch
    {
        IWithJobId m => m.JobId,
        _ => null,
    };
}
