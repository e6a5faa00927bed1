using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Actor;
using ActorVision.Domain.Capacity;

namespace ActorVision.Cluster.Capacity;

/// <summary>
/// What this node knows about the capacity of every node: the latest report of each (from the
/// <see cref="CapacityListener"/>), with when it arrived here (nodes' clocks differ, arrival does not), the last cost
/// reported for every shard, and this node's own latest estimate with its per-camera figures (for its gauges). One per
/// actor system; any thread reads it.
/// </summary>
public sealed class ClusterCapacity : IExtension
{
    private readonly ConcurrentDictionary<string, (NodeCapacity Report, DateTime ReceivedAt)> _reports = new(StringComparer.Ordinal);
    private ImmutableDictionary<string, ShardCost> _shards = ImmutableDictionary.Create<string, ShardCost>(StringComparer.Ordinal);
    private volatile NodeEstimate? _local;

    public static ClusterCapacity Get(ActorSystem system) => system.WithExtension<ClusterCapacity, ClusterCapacityProvider>();

    /// <summary>This node's latest estimate; null before its first (or on nodes without the ingest role).</summary>
    public NodeEstimate? Local => _local;

    /// <summary>The last cost any node reported for each shard; a shard that moved keeps its cost until its new node reports.</summary>
    public IReadOnlyDictionary<string, ShardCost> KnownShards => _shards;

    public void SetLocal(NodeEstimate estimate) => _local = estimate;

    public void Received(NodeCapacity report, DateTime receivedAt)
    {
        _reports[report.Node] = (report, receivedAt);
        ImmutableInterlocked.Update(ref _shards, static (shards, shardCosts) => shards.SetItems(shardCosts.Select(s => KeyValuePair.Create(s.ShardId, s))), report.Shards);
    }

    public void Forget(string node) => _reports.TryRemove(node, out _);

    /// <summary>The node's latest report if it arrived within <paramref name="maxAge"/> of <paramref name="now"/>.</summary>
    public NodeCapacity? Fresh(string node, DateTime now, TimeSpan maxAge) =>
        _reports.TryGetValue(node, out var entry) && now - entry.ReceivedAt <= maxAge ? entry.Report : null;

    /// <summary>Every node's latest report, however old.</summary>
    public IReadOnlyDictionary<string, NodeCapacity> Latest() => _reports.ToDictionary(r => r.Key, r => r.Value.Report, StringComparer.Ordinal);
}

public sealed class ClusterCapacityProvider : ExtensionIdProvider<ClusterCapacity>
{
    public override ClusterCapacity CreateExtension(ExtendedActorSystem system) => new();
}
