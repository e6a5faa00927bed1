using Akka.Configuration;

namespace ActorVision.Cluster.Hosting;

/// <summary>Shard layout of the <c>camera</c> and <c>job</c> regions (<c>actorvision.sharding</c>).</summary>
public sealed record ShardingSettings(int NumberOfShards, int RebalanceThreshold, int MaxSimultaneousRebalance)
{
    public static ShardingSettings FromConfig(Config sharding)
    {
        var settings = new ShardingSettings(
            sharding.GetInt("number-of-shards", 100),
            sharding.GetInt("rebalance-threshold", 1),
            sharding.GetInt("max-simultaneous-rebalance", 5));
        if (settings.NumberOfShards < 1) throw new ConfigurationException("actorvision.sharding.number-of-shards must be at least 1");
        return settings;
    }
}
