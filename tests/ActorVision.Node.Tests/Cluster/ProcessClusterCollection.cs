namespace ActorVision.Node.Tests.Cluster;

/// <summary>
/// Tests that run a cluster of node processes with a dozen live cameras. They saturate a 2-core machine for two
/// minutes, so they run alone, after the parallel tests: latency checks elsewhere would otherwise measure this load.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessClusterCollection
{
    public const string Name = "process cluster";
}
