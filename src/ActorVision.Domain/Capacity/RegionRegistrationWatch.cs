namespace ActorVision.Domain.Capacity;

/// <summary>An ingest member as the shard coordinator's node sees it.</summary>
/// <param name="Incarnation">Identifies this incarnation of the node (a restarted node on the same address is new).</param>
/// <param name="Node">Cluster address, as regions are named.</param>
/// <param name="Phase">Where the member is in its life.</param>
/// <param name="Reachable">Whether the failure detector reaches it.</param>
public sealed record IngestMember(string Incarnation, string Node, MemberPhase Phase, bool Reachable);

public enum MemberPhase
{
    /// <summary>Joining or weakly up: not up in this node's view yet, though it may be in others' (gossip lags).</summary>
    Joining,
    Up,
    /// <summary>Leaving, exiting, down or removed: never takes new shards.</summary>
    Going,
}

/// <summary>
/// Which ingest nodes placement should wait for: joining or up, reachable, without a registered camera region yet,
/// and not waited for longer than the grace since first seen. Members still joining count: another node may already
/// see them up and send cameras, and placing those on the one region registered so far put all twelve cameras of a
/// three-node test on one node. Not thread-safe.
/// </summary>
public sealed class RegionRegistrationWatch(TimeSpan grace)
{
    private readonly Dictionary<string, DateTime> _firstSeen = new(StringComparer.Ordinal);

    public IReadOnlyCollection<string> Starting(IReadOnlyCollection<IngestMember> members, IEnumerable<string> registered, DateTime now)
    {
        var known = registered.ToHashSet(StringComparer.Ordinal);
        var starting = new List<string>();
        foreach (var member in members.Where(m => m.Phase != MemberPhase.Going && m.Reachable))
        {
            if (!_firstSeen.TryGetValue(member.Incarnation, out var since)) _firstSeen[member.Incarnation] = since = now;
            if (!known.Contains(member.Node) && now - since < grace) starting.Add(member.Node);
        }
        var present = members.Select(m => m.Incarnation).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _firstSeen.Keys.Where(id => !present.Contains(id)).ToArray()) _firstSeen.Remove(gone);
        return starting;
    }
}
