using ActorVision.Cluster.Devices;

namespace ActorVision.Node.Observability;

/// <summary>The loads of one node's device routers, published every second on <see cref="DeviceLoadMonitor.Topic"/>.</summary>
public sealed record DeviceLoadReport(string Node, DateTime At, IReadOnlyList<DeviceLoad> Loads);
