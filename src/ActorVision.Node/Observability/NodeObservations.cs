using Akka.Actor;
using Akka.Cluster;
using ActorVision.Cluster.Capacity;
using ActorVision.Cluster.Devices;
using ActorVision.Domain.Capacity;
using ActorVision.Cluster.Telemetry;

namespace ActorVision.Node.Observability;

/// <summary>
/// This node's answers to the metric gauges: membership from the cluster's state (a snapshot the cluster keeps
/// current, safe to read from any thread), the device loads the <see cref="DeviceLoadMonitor"/> last saw, and the node's
/// latest capacity estimate.
/// </summary>
public sealed class NodeObservations : INodeObservations
{
    private Akka.Cluster.Cluster? _cluster;
    private ClusterCapacity? _capacity;
    private volatile IReadOnlyList<DeviceLoad> _devices = [];

    public void Attach(ActorSystem system)
    {
        _cluster = Akka.Cluster.Cluster.Get(system);
        _capacity = ClusterCapacity.Get(system);
    }

    public NodeEstimate? Capacity() => _capacity?.Local;

    public void DevicesMeasured(IReadOnlyList<DeviceLoad> loads) => _devices = loads;

    public IReadOnlyList<DeviceLoad> DeviceLoads() => _devices;

    public IEnumerable<(string Status, int Count)> MembersByStatus()
    {
        if (_cluster is not { } cluster) return [];
        return cluster.State.Members
            .GroupBy(m => m.Status)
            .Select(g => (StatusName(g.Key), g.Count()))
            .ToArray();
    }

    public int UnreachableMembers() => _cluster?.State.Unreachable.Count ?? 0;

    public static string StatusName(MemberStatus status) => status switch
    {
        MemberStatus.Joining => "joining",
        MemberStatus.WeaklyUp => "weakly-up",
        MemberStatus.Up => "up",
        MemberStatus.Leaving => "leaving",
        MemberStatus.Exiting => "exiting",
        MemberStatus.Down => "down",
        MemberStatus.Removed => "removed",
        _ => status.ToString().ToLowerInvariant(),
    };
}
