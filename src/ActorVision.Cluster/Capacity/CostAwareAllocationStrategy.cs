using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Akka.Event;
using ActorVision.Domain.Capacity;

namespace ActorVision.Cluster.Capacity;

/// <summary>
/// The camera region's shard allocation strategy: Akka's side of <see cref="ShardPlacement"/>, which decides. It turns
/// the coordinator's region references into nodes with their latest capacity reports (<see cref="ClusterCapacity"/>)
/// and back. A shard that must wait for a region still registering is answered with <see cref="ActorRefs.Nobody"/>:
/// the coordinator ignores an answer that is not a registered region, and the shard is asked for again (the region
/// retries every <c>akka.cluster.sharding.retry-interval</c>, remembered shards when a region registers).
/// </summary>
public sealed class CostAwareAllocationStrategy(CapacityOptions options, string role) : IActorSystemDependentAllocationStrategy
{
    private static readonly ImmutableHashSet<MemberStatus> Leaving = [MemberStatus.Leaving, MemberStatus.Exiting, MemberStatus.Down];
    private readonly ShardPlacement _placement = new(options.Placement);
    private readonly RegionRegistrationWatch _registrations = new(options.RegistrationGrace);
    private readonly object _gate = new();
    private Akka.Cluster.Cluster _cluster = null!;
    private ClusterCapacity _capacity = null!;
    private ILoggingAdapter _log = null!;

    public void Start(ActorSystem system)
    {
        _cluster = Akka.Cluster.Cluster.Get(system);
        _capacity = ClusterCapacity.Get(system);
        _log = Logging.GetLogger(system, typeof(CostAwareAllocationStrategy));
    }

    public Task<IActorRef> AllocateShard(IActorRef requester, string shardId, IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations)
    {
        lock (_gate)
        {
            var now = DateTime.UtcNow;
            var (regions, refs) = Regions(currentShardAllocations, now);
            var decision = _placement.Allocate(shardId, regions, StartingRegions(refs.Keys, now), _capacity.KnownShards);
            if (decision.Node is not { } node)
            {
                _log.Debug("shard {0} not placed yet: {1}", shardId, decision.Reason);
                return Task.FromResult<IActorRef>(ActorRefs.Nobody);
            }
            _log.Debug("shard {0} goes to {1}: {2}", shardId, node, decision.Reason);
            return Task.FromResult(refs[node]);
        }
    }

    public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations, IImmutableSet<string> rebalanceInProgress)
    {
        lock (_gate)
        {
            // Hand-overs need every region to answer; a member still joining should be placed first; and the shards of
            // a region whose node is gone (removed, its shards about to restart elsewhere) must be placed before anything
            // moves by cost.
            var state = _cluster.State;
            var members = state.Members.Select(m => m.Address).ToHashSet();
            if (state.Unreachable.Count > 0
                || state.Members.Any(m => m.Status is MemberStatus.Joining or MemberStatus.WeaklyUp)
                || currentShardAllocations.Keys.Any(r => !r.Path.Address.HasLocalScope && !members.Contains(r.Path.Address)))
                return Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);
            var now = DateTime.UtcNow;
            var (regions, _) = Regions(currentShardAllocations, now);
            var moves = _placement.Rebalance(regions, rebalanceInProgress, _capacity.KnownShards, now);
            foreach (var move in moves)
                _log.Info("moving camera shard {0} from {1} to {2}: {3}", move.ShardId, move.From, move.To, move.Reason);
            return Task.FromResult<IImmutableSet<string>>(moves.Select(m => m.ShardId).ToImmutableHashSet());
        }
    }

    /// <summary>The registered regions as placement sees them, and each node's region reference.</summary>
    private (IReadOnlyList<RegionView> Regions, IReadOnlyDictionary<string, IActorRef> Refs) Regions(
        IImmutableDictionary<IActorRef, IImmutableList<string>> allocations, DateTime now)
    {
        var members = _cluster.State.Members.ToDictionary(m => m.Address);
        var views = new List<RegionView>();
        var refs = new Dictionary<string, IActorRef>(StringComparer.Ordinal);
        foreach (var (region, shards) in allocations)
        {
            var address = region.Path.Address.HasLocalScope ? _cluster.SelfAddress : region.Path.Address;
            // A member this node does not know yet (its view lags) is left out of this decision, as Akka's own strategy does.
            if (!members.TryGetValue(address, out var member)) continue;
            var node = address.ToString();
            refs[node] = region;
            views.Add(new RegionView(node, shards, Leaving.Contains(member.Status), _capacity.Fresh(node, now, options.ReportMaxAge)));
        }
        return (views, refs);
    }

    /// <summary>Ingest members joining or up, reachable, with no registered region yet, for no longer than the registration grace.</summary>
    private IReadOnlyCollection<string> StartingRegions(IEnumerable<string> registered, DateTime now)
    {
        var state = _cluster.State;
        var members = state.Members
            .Where(m => m.HasRole(role))
            .Select(m => new IngestMember(m.UniqueAddress.ToString(), m.Address.ToString(), Phase(m.Status), !state.Unreachable.Contains(m)))
            .ToArray();
        return _registrations.Starting(members, registered, now);
    }

    private static MemberPhase Phase(MemberStatus status) => status switch
    {
        MemberStatus.Joining or MemberStatus.WeaklyUp => MemberPhase.Joining,
        MemberStatus.Up => MemberPhase.Up,
        _ => MemberPhase.Going,
    };
}
