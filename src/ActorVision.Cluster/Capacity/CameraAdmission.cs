using Akka.Actor;
using Akka.Cluster;
using ActorVision.Core.Cameras;
using ActorVision.Domain.Capacity;

namespace ActorVision.Cluster.Capacity;

/// <summary>
/// Whether the cluster has room to start one more camera, judged on this node from the up, reachable ingest members
/// and the capacity reports it received from them (<see cref="Admission"/> decides).
/// </summary>
/// <param name="ingestRole">The role of the nodes that run cameras.</param>
public sealed class CameraAdmission(ActorSystem system, CapacityOptions options, string ingestRole)
{
    public AdmissionDecision Decide(CameraSpec spec)
    {
        if (!options.Admission) return new AdmissionDecision(true, "admission is off (actorvision.capacity.admission)");
        var state = Akka.Cluster.Cluster.Get(system).State;
        var capacity = ClusterCapacity.Get(system);
        var now = DateTime.UtcNow;
        var nodes = state.Members
            .Where(m => m.Status == MemberStatus.Up && m.HasRole(ingestRole) && !state.Unreachable.Contains(m))
            .Select(m => new IngestNode(m.Address.ToString(), capacity.Fresh(m.Address.ToString(), now, options.ReportMaxAge)))
            .ToArray();
        return Admission.Decide(spec.Id, options.Costs.Declared(spec), nodes);
    }
}
