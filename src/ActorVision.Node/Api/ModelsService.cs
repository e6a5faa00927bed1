using Akka.Actor;
using Akka.Cluster;
using ActorVision.Cluster.Contracts;
using ActorVision.Cluster.Devices;
using ActorVision.Cluster.Hosting;
using ActorVision.Cluster.Nodes;
using ActorVision.Cluster.Remoting.Wire;
using ActorVision.Node.Access;
using Grpc.Core;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Api;

/// <summary>
/// Models and devices. Models are this node's catalog (every node loads the same configuration); devices are asked of
/// every reachable member with the <c>inference</c> role, each answering with its routers' current load.
/// </summary>
public sealed class ModelsService(ActorSystem system, ModelCatalog catalog, ILogger<ModelsService> log) : V1.Models.ModelsBase
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(3);

    [Requires(AccessRole.Viewer)]
    public override Task<V1.ListModelsReply> ListModels(V1.ListModelsRequest request, ServerCallContext context)
    {
        var reply = new V1.ListModelsReply { Node = Akka.Cluster.Cluster.Get(system).SelfAddress.ToString() };
        reply.Models.AddRange(ModelMapping.ToProto(catalog));
        return Task.FromResult(reply);
    }

    [Requires(AccessRole.Viewer)]
    public override async Task<V1.ListDevicesReply> ListDevices(V1.ListDevicesRequest request, ServerCallContext context)
    {
        var state = Akka.Cluster.Cluster.Get(system).State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var nodes = state.Members
            .Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving && m.HasRole(ActorVisionRoles.Inference) && !unreachable.Contains(m.Address))
            .Select(m => m.Address)
            .ToArray();
        var profiles = await Task.WhenAll(nodes.Select(ProfileAsync));
        var reply = new V1.ListDevicesReply();
        reply.Devices.AddRange(profiles.OfType<NodeProfile>()
            .OrderBy(p => p.Address, StringComparer.Ordinal)
            .SelectMany(p => p.Devices));
        return reply;
    }

    private async Task<NodeProfile?> ProfileAsync(Address address)
    {
        var profile = await NodeReporter.AskAsync(system, address, NodeTimeout);
        if (profile is null) log.LogWarning("node {Address} did not report its devices within {Timeout}", address, NodeTimeout);
        return profile;
    }
}
