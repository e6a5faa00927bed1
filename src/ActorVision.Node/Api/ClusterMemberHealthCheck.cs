using Akka.Actor;
using Akka.Cluster;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorVision.Node.Api;

/// <summary>
/// Healthy while this node is an Up member of the cluster: a node that has not joined, or is leaving, cannot route
/// camera commands, so the gRPC health service reports it NOT_SERVING and load balancers send callers elsewhere.
/// </summary>
public sealed class ClusterMemberHealthCheck(ActorSystem system) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var self = Akka.Cluster.Cluster.Get(system).SelfMember;
        return Task.FromResult(self.Status is MemberStatus.Up or MemberStatus.WeaklyUp
            ? HealthCheckResult.Healthy($"{self.Address} is {self.Status}")
            : HealthCheckResult.Unhealthy($"{self.Address} is {self.Status}, not Up"));
    }
}
