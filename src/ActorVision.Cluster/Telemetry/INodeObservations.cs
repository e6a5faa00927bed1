using ActorVision.Cluster.Devices;
using ActorVision.Domain.Capacity;

namespace ActorVision.Cluster.Telemetry;

/// <summary>What a node reports to the gauges of <see cref="ActorVisionMetrics"/>, read once per scrape (keep it cheap: no asks).</summary>
public interface INodeObservations
{
    /// <summary>Cluster members by status (<c>up</c>, <c>joining</c>, <c>leaving</c>, ...), as this node sees them.</summary>
    IEnumerable<(string Status, int Count)> MembersByStatus();

    int UnreachableMembers();

    /// <summary>The latest load of each local device router.</summary>
    IReadOnlyList<DeviceLoad> DeviceLoads();

    /// <summary>This node's latest capacity estimate; null on nodes that run no cameras, or before the first.</summary>
    NodeEstimate? Capacity();
}
