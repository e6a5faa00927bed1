using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using ActorVision.Cluster.Capacity;
using ActorVision.Cluster.Hosting;
using ActorVision.Domain.Capacity;
using ActorVision.Cluster.Nodes;
using ActorVision.Cluster.Remoting.Wire;
using ActorVision.Node.Access;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Api;

/// <summary>
/// Cluster operations as Akka operators know them: members (with the time each came Up, which only that node knows,
/// so each is asked), leave, down, down-unreachable, and shard statistics asked of every region on its own node, so
/// each count names where it comes from and a node that does not answer is listed as such rather than hidden.
/// </summary>
public sealed class ClusterAdminService(ActorSystem system, ActorVisionSettings settings, ILogger<ClusterAdminService> log) : V1.ClusterAdmin.ClusterAdminBase
{
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan RegionTimeout = TimeSpan.FromSeconds(3);

    private Akka.Cluster.Cluster Cluster => Akka.Cluster.Cluster.Get(system);

    [Requires(AccessRole.Viewer)]
    public override async Task<V1.MembersReply> GetMembers(V1.GetMembersRequest request, ServerCallContext context)
    {
        var state = Cluster.State;
        var self = Cluster.SelfAddress;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var members = state.Members.Where(m => m.Status != MemberStatus.Removed).ToArray();
        var profiles = await Task.WhenAll(members.Select(m => unreachable.Contains(m.Address) ? Task.FromResult<NodeProfile?>(null) : NodeReporter.AskAsync(system, m.Address, NodeTimeout)));
        var reply = new V1.MembersReply { Leader = state.Leader?.ToString() ?? "", SelfAddress = self.ToString() };
        var capacity = ClusterCapacity.Get(system);
        var now = DateTime.UtcNow;
        for (var i = 0; i < members.Length; i++)
        {
            var member = members[i];
            var proto = new V1.Member
            {
                Address = member.Address.ToString(),
                Status = member.Status.ToString(),
                Reachable = !unreachable.Contains(member.Address),
                IsLeader = member.Address.Equals(state.Leader),
                IsSelf = member.Address.Equals(self),
                UpSince = profiles[i] is { UpSinceUnixMs: > 0 } profile
                    ? Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(profile.UpSinceUnixMs))
                    : null,
                Capacity = capacity.Fresh(member.Address.ToString(), now, settings.Capacity.ReportMaxAge) is { } report ? ToProto(report) : null,
            };
            proto.Roles.AddRange(member.Roles.Order(StringComparer.Ordinal));
            reply.Members.Add(proto);
        }
        return reply;
    }

    [Requires(AccessRole.Admin)]
    public override Task<V1.ClusterActionReply> Leave(V1.AddressRequest request, ServerCallContext context)
    {
        var member = RequireMember(request.Address);
        log.LogWarning("cluster leave requested for {Address}", member.Address);
        Cluster.Leave(member.Address);
        return Task.FromResult(Reply($"{member.Address} is leaving: its shards hand over to the other nodes", member.Address));
    }

    [Requires(AccessRole.Admin)]
    public override Task<V1.ClusterActionReply> Down(V1.AddressRequest request, ServerCallContext context)
    {
        var member = RequireMember(request.Address);
        log.LogWarning("cluster down requested for {Address}", member.Address);
        Cluster.Down(member.Address);
        return Task.FromResult(Reply($"{member.Address} is marked down: its shards restart on the other nodes", member.Address));
    }

    [Requires(AccessRole.Admin)]
    public override Task<V1.ClusterActionReply> DownUnreachable(V1.DownUnreachableRequest request, ServerCallContext context)
    {
        var unreachable = Cluster.State.Unreachable.Select(m => m.Address).ToArray();
        foreach (var address in unreachable)
        {
            log.LogWarning("downing unreachable member {Address}", address);
            Cluster.Down(address);
        }
        return Task.FromResult(Reply(
            unreachable.Length == 0 ? "no member is unreachable" : $"{unreachable.Length} unreachable member(s) marked down",
            unreachable));
    }

    [Requires(AccessRole.Viewer)]
    public override async Task<V1.ShardStatsReply> GetShardStats(V1.ShardStatsRequest request, ServerCallContext context)
    {
        var sharding = ClusterSharding.Get(system);
        var known = sharding.ShardTypeNames.Order(StringComparer.Ordinal).ToArray();
        string[] regions;
        if (string.IsNullOrEmpty(request.Region)) regions = known;
        else if (known.Contains(request.Region)) regions = [request.Region];
        else throw ApiErrors.NotFound($"shard region '{request.Region}' (known: {string.Join(", ", known)})");

        var reply = new V1.ShardStatsReply();
        var silent = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var region in regions)
        {
            var nodes = await RegionNodesAsync(sharding.ShardRegion(region));
            var answers = await Task.WhenAll(nodes.Select(async node => (Node: node, Stats: await RegionStatsAsync(node, region))));
            foreach (var (node, stats) in answers.OrderBy(a => a.Node.ToString(), StringComparer.Ordinal))
            {
                if (stats is null)
                {
                    silent.Add(node.ToString());
                    continue;
                }
                var proto = new V1.RegionStats
                {
                    Region = region,
                    Node = node.ToString(),
                    Shards = stats.Stats.Count,
                    Entities = stats.Stats.Values.Sum(),
                };
                proto.EntitiesPerShard.Add(stats.Stats.ToDictionary(s => s.Key, s => s.Value));
                reply.Regions.Add(proto);
            }
        }
        reply.UnreachableNodes.AddRange(silent);
        return reply;
    }

    /// <summary>Where a region runs: the coordinator's list; when the coordinator does not answer (failing over), every ingest member.</summary>
    private async Task<IReadOnlyList<Address>> RegionNodesAsync(IActorRef region)
    {
        try
        {
            var current = await region.Ask<CurrentRegions>(GetCurrentRegions.Instance, RegionTimeout);
            // A region that has not registered yet is not on the list: add every reachable-or-not ingest member.
            return current.Regions.Union(IngestMembers()).ToArray();
        }
        catch (AskTimeoutException)
        {
            return IngestMembers().ToArray();
        }
    }

    private IEnumerable<Address> IngestMembers() => Cluster.State.Members
        .Where(m => m.Status is MemberStatus.Up or MemberStatus.Leaving && m.HasRole(ActorVisionRoles.Ingest))
        .Select(m => m.Address);

    private async Task<ShardRegionStats?> RegionStatsAsync(Address node, string region)
    {
        try
        {
            var selection = system.ActorSelection(ShardRegionPaths.On(node, region));
            return await selection.Ask<ShardRegionStats>(GetShardRegionStats.Instance, RegionTimeout);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
    }

    private Member RequireMember(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw ApiErrors.InvalidArgument("address", "is required");
        Address address;
        try
        {
            address = Address.Parse(text.Trim());
        }
        catch (Exception ex) when (ex is UriFormatException or ArgumentException or FormatException)
        {
            throw ApiErrors.InvalidArgument("address", $"'{text}' is not a member address such as akka.tcp://actorvision@10.0.0.5:4053");
        }
        return Cluster.State.Members.FirstOrDefault(m => m.Address.Equals(address) && m.Status != MemberStatus.Removed)
               ?? throw ApiErrors.NotFound($"member '{address}' (see `avctl cluster show`)");
    }

    private static V1.NodeCapacity ToProto(NodeCapacity report)
    {
        var proto = new V1.NodeCapacity
        {
            Cameras = report.Cameras,
            Cores = report.Cores,
            CapacityCores = report.CapacityCores,
            UsedCores = report.UsedCores,
            HeadroomCores = report.HeadroomCores,
            OverCapacity = report.OverCapacity,
            DroppedShare = report.DroppedShare,
            DeviceBusyShare = report.DeviceBusyShare,
            CoresPerCamera = report.Cameras > 0 ? report.Shards.Sum(s => s.DemandCores) / report.Cameras : 0,
            ReportedAt = Timestamp.FromDateTime(DateTime.SpecifyKind(report.At, DateTimeKind.Utc)),
        };
        proto.Reasons.AddRange(report.Problems.Select(p => p.Text));
        return proto;
    }

    private static V1.ClusterActionReply Reply(string message, params Address[] affected)
    {
        var reply = new V1.ClusterActionReply { Message = message };
        reply.Affected.AddRange(affected.Select(a => a.ToString()));
        return reply;
    }
}
