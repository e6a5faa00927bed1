using Akka.Actor;
using Akka.Cluster.Sharding;
using ActorVision.Node.Tests.Support;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace ActorVision.Node.Tests.Cluster;

/// <summary>
/// The settings a running node ends up with once Akka.Hosting has layered its generated configuration over hocon/:
/// what docs/cluster.md promises operators (split-brain resolver, allocation, shutdown budget) is what Akka uses.
/// </summary>
public sealed class ClusterConfigurationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_node_runs_keep_majority_SBR_with_failover_timings_cost_placement_and_a_shutdown_budget_that_covers_hand_over()
    {
        await using var node = await TestNode.StartAsync();
        var system = node.System;
        var config = system.Settings.Config;

        Assert.Equal("Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster", config.GetString("akka.cluster.downing-provider-class"));
        Assert.Equal("keep-majority", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal(TimeSpan.FromSeconds(3), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        Assert.Equal(TimeSpan.FromSeconds(2), config.GetTimeSpan("akka.cluster.failure-detector.acceptable-heartbeat-pause"));
        Assert.Equal(TimeSpan.FromMilliseconds(500), Akka.Cluster.Cluster.Get(system).Settings.UnreachableNodesReaperInterval);
        // With SBR, a crashed node's shards start elsewhere only after this margin (the other side of a partition
        // has stopped its copies by then): part of the kill-to-Running time docs/cluster.md reports.
        var downing = Akka.Cluster.Cluster.Get(system).DowningProvider;
        Assert.IsType<Akka.Cluster.SBR.SplitBrainResolverProvider>(downing);
        Assert.Equal(TimeSpan.FromSeconds(3), downing.DownRemovalMargin);
        // A side that decides late because its view keeps changing has downed itself before the margin runs out.
        var sbr = new Akka.Cluster.SBR.SplitBrainResolverSettings(config);
        Assert.True(sbr.DownAllWhenUnstable < downing.DownRemovalMargin, $"down-all-when-unstable {sbr.DownAllWhenUnstable}");

        // Camera shards are placed by cost, at most ten moves per rebalance round (job shards: least-shard).
        var tuning = ClusterShardingSettings.Create(system).TuningParameters;
        Assert.Equal(TimeSpan.FromSeconds(10), tuning.RebalanceInterval);
        Assert.Equal(10, node.Services.GetRequiredService<ActorVision.Cluster.Hosting.ActorVisionSettings>().Capacity.Placement.MaxMovesPerRound);

        // The .NET host must wait for coordinated shutdown (hand-over, leaving) rather than cut it short.
        var host = node.Services.GetRequiredService<IOptions<HostOptions>>().Value;
        var shutdown = CoordinatedShutdown.Get(system);
        var handOver = shutdown.Timeout(CoordinatedShutdown.PhaseClusterShardingShutdownRegion)
                       + shutdown.Timeout(CoordinatedShutdown.PhaseClusterLeave)
                       + shutdown.Timeout(CoordinatedShutdown.PhaseClusterExiting)
                       + shutdown.Timeout(CoordinatedShutdown.PhaseClusterExitingDone);
        output.WriteLine($"host shutdown timeout {host.ShutdownTimeout.TotalSeconds} s; hand-over and leave phases at most {handOver.TotalSeconds} s");
        Assert.Equal(TimeSpan.FromSeconds(60), host.ShutdownTimeout);
        Assert.True(host.ShutdownTimeout > handOver, $"{host.ShutdownTimeout} does not cover {handOver}");
    }
}
