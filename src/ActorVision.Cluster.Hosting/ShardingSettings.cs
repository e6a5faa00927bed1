using Akka.Configuration;

namespace ActorVision.Cluster.Hosting;

/// <summary>
/// Shard layout of the <c>camera</c> and <c>job</c> regions (<c>actorvision.sharding</c>). Which node runs which camera
/// shard is decided by cost (<c>actorvision.capacity.placement</c>); job shards by Akka's least-shard allocation, tuned
/// in <c>akka.cluster.sharding.least-shard-allocation-strategy</c>.
/// </summary>
public sealed record ShardingSettings(int NumberOfShards)
{
    public static ShardingSettings FromConfig(Config sharding)
    {
        var settings = new ShardingSettings(sharding.GetInt("number-of-shards", 100));
        if (settings.NumberOfShards < 1) throw new ConfigurationException("actorvision.sharding.number-of-shards must be at least 1");
        return settings;
    }
}
