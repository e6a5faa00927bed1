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
    public async Task A_node_runs_keep_majority_SBR_balanced_allocation_and_a_shutdown_budget_that_covers_hand_over()
    {
        await using var node = await TestNode.StartAsync();
        var system = node.System;
        var config = system.Settings.Config;

        Assert.Equal("Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster", config.GetString("akka.cluster.downing-provider-class"));
        Assert.Equal("keep-majority", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        Assert.Equal(TimeSpan.FromSeconds(7), config.GetTimeSpan("akka.cluster.split-brain-resolver.stable-after"));
        // With SBR, a crashed node's shards start elsewhere only after this margin (the other side of a partition
        // has stopped its copies by then): part of the kill-to-Running time docs/cluster.md reports.
        var downing = Akka.Cluster.Cluster.Get(system).DowningProvider;
        Assert.IsType<Akka.Cluster.SBR.SplitBrainResolverProvider>(downing);
        Assert.Equal(TimeSpan.FromSeconds(7), downing.DownRemovalMargin);

        var tuning = ClusterShardingSettings.Create(system).TuningParameters;
        Assert.Equal(10, tuning.LeastShardAllocationAbsoluteLimit);
        Assert.Equal(0.5, tuning.LeastShardAllocationRelativeLimit);
        Assert.Equal(TimeSpan.FromSeconds(10), tuning.RebalanceInterval);

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
