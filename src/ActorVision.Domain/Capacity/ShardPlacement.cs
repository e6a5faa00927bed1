using System.Globalization;

namespace ActorVision.Domain.Capacity;

/// <summary>A node's camera region as placement sees it: the shards it holds and its latest capacity report (null: none yet).</summary>
public sealed record RegionView(string Node, IReadOnlyList<string> Shards, bool Leaving, NodeCapacity? Capacity);

/// <param name="MaxMovesPerRound">Shards moved in one rebalance round at most (each move pauses its cameras for a hand-over).</param>
/// <param name="OverloadCooldown">After shards moved off an overloaded node, how long it is neither relieved again nor given
/// shards to balance: its measurements need that long to show the move.</param>
/// <param name="DefaultShardCores">Declared cost assumed for a shard nothing is known about, before any camera reported.</param>
public sealed record PlacementSettings(int MaxMovesPerRound, TimeSpan OverloadCooldown, double DefaultShardCores)
{
    public static PlacementSettings Default { get; } = new(10, TimeSpan.FromSeconds(30), 0.02);
}

/// <summary>Where a shard goes; <see cref="Node"/> null: not yet (<see cref="Reason"/> says why).</summary>
public sealed record AllocationDecision(string? Node, string Reason);

/// <summary>A shard to move in this rebalance round, where it is meant to go and why.</summary>
public sealed record ShardMove(string ShardId, string From, string To, string Reason);

/// <summary>
/// Which node runs which camera shard, by cost rather than by count. A shard's cost is the declared cost of its
/// cameras (<see cref="ShardCost.DeclaredCores"/>, from their specs: stable, so balancing does not chase measurement
/// noise); a node's load is the sum over its shards, relative to its capacity. New shards go to the node whose load
/// after taking them is lowest. Every round, shards move off nodes that measure over capacity (by what they measured
/// the shards to need, to nodes with measured room), and otherwise from the most to the least loaded node while that
/// strictly narrows the gap, at most <see cref="PlacementSettings.MaxMovesPerRound"/> per round. Keeps the moves it
/// planned so the allocation that follows sends each shard where it was planned; not thread-safe.
/// </summary>
public sealed class ShardPlacement(PlacementSettings settings)
{
    private static readonly TimeSpan PlanLifetime = TimeSpan.FromMinutes(1);
    private const double Tolerance = 1e-9;
    private readonly Dictionary<string, DateTime> _relievedAt = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Node, DateTime At)> _planned = new(StringComparer.Ordinal);

    /// <param name="shardId">The shard to place.</param>
    /// <param name="regions">Registered regions, with their shards.</param>
    /// <param name="regionsStarting">Ingest nodes that are up but whose region has not registered yet.</param>
    /// <param name="knownShards">The last cost any node reported for each shard (a shard that moved keeps its cost).</param>
    public AllocationDecision Allocate(string shardId, IReadOnlyList<RegionView> regions, IReadOnlyCollection<string> regionsStarting,
        IReadOnlyDictionary<string, ShardCost> knownShards)
    {
        if (regions.Count == 0) return new AllocationDecision(null, "no camera region has registered yet");
        if (_planned.Remove(shardId, out var plan) && regions.FirstOrDefault(r => r.Node == plan.Node) is { Leaving: false } planned)
            return new AllocationDecision(planned.Node, "planned by the last rebalance");
        if (regionsStarting.Count > 0)
            return new AllocationDecision(null, $"waiting for the camera regions of {string.Join(", ", regionsStarting)} to register");

        var candidates = regions.Where(r => !r.Leaving).ToArray();
        if (candidates.Length == 0) candidates = regions.ToArray();
        var withRoom = candidates.Where(r => r.Capacity is not { OverCapacity: true }).ToArray();
        if (withRoom.Length > 0) candidates = withRoom;

        // A node reports the shards of cameras that are not running yet (registered a moment ago, waiting their turn
        // to start) at no cost: counted so, a node whose cameras start slowly would look empty and take every new shard.
        var loads = new Loads(regions, knownShards, settings.DefaultShardCores, idleAsTypical: true);
        var cost = loads.ShardCost(shardId, null);
        var best = candidates
            .OrderBy(r => (loads.Of(r.Node) + cost) / loads.Capacity(r.Node))
            .ThenBy(r => r.Shards.Count)
            .ThenBy(r => r.Node, StringComparer.Ordinal)
            .First();
        return new AllocationDecision(best.Node, Text($"lowest load after taking {cost:0.000} declared cores"));
    }

    /// <param name="regions">Registered regions, with their shards.</param>
    /// <param name="inProgress">Shards being moved now: no new round starts until they are placed.</param>
    /// <param name="knownShards">The last cost any node reported for each shard.</param>
    /// <param name="now">For the cool-down after relieving a node.</param>
    public IReadOnlyList<ShardMove> Rebalance(IReadOnlyList<RegionView> regions, IReadOnlyCollection<string> inProgress,
        IReadOnlyDictionary<string, ShardCost> knownShards, DateTime now)
    {
        foreach (var stale in _planned.Where(p => now - p.Value.At > PlanLifetime).Select(p => p.Key).ToArray()) _planned.Remove(stale);
        if (inProgress.Count > 0 || regions.Count < 2 || settings.MaxMovesPerRound <= 0) return [];
        var moves = Relieve(regions, now);
        if (moves.Count == 0) moves = Balance(regions, knownShards, now);
        foreach (var move in moves) _planned[move.ShardId] = (move.To, now);
        return moves;
    }

    private bool CoolingDown(string node, DateTime now) => _relievedAt.TryGetValue(node, out var at) && now - at < settings.OverloadCooldown;

    /// <summary>Moves shards off nodes that measure over capacity, to nodes whose measured room fits them.</summary>
    private List<ShardMove> Relieve(IReadOnlyList<RegionView> regions, DateTime now)
    {
        var moves = new List<ShardMove>();
        var room = regions
            .Where(r => !r.Leaving && r.Capacity is { OverCapacity: false })
            .ToDictionary(r => r.Node, r => r.Capacity!.AvailableCores, StringComparer.Ordinal);
        var donors = regions
            .Where(r => !r.Leaving && r.Capacity is { OverCapacity: true } && !CoolingDown(r.Node, now))
            .OrderByDescending(r => r.Capacity!.Load)
            .ThenBy(r => r.Node, StringComparer.Ordinal);
        foreach (var donor in donors)
        {
            var report = donor.Capacity!;
            var held = donor.Shards.ToHashSet(StringComparer.Ordinal);
            var shards = report.Shards.Where(s => s.DemandCores > 0 && held.Contains(s.ShardId)).ToList();
            // Over on CPU: free the excess. Over on drops or a device: one shard per round, then measure again.
            var excess = Math.Max(0, report.UsedCores - report.CapacityCores);
            var freed = 0.0;
            var movedHere = 0;
            while (moves.Count < settings.MaxMovesPerRound && shards.Count > 0 && (movedHere == 0 || freed < excess))
            {
                var needed = excess - freed;
                // The smallest shard that frees what is still needed, else the largest there is: few moves, small ones.
                var ordered = shards.OrderBy(s => s.DemandCores >= needed ? 0 : 1)
                    .ThenBy(s => s.DemandCores >= needed ? s.DemandCores : -s.DemandCores)
                    .ThenBy(s => s.ShardId, StringComparer.Ordinal);
                ShardMove? move = null;
                foreach (var shard in ordered)
                {
                    var target = regions
                        .Where(r => r.Node != donor.Node && room.ContainsKey(r.Node))
                        .Select(r => (r.Node, Cost: r.Capacity!.Scaled(shard.DeclaredCores)))
                        .Where(t => room[t.Node] >= t.Cost)
                        .OrderByDescending(t => room[t.Node] - t.Cost)
                        .ThenBy(t => t.Node, StringComparer.Ordinal)
                        .FirstOrDefault();
                    if (target.Node is null) continue;
                    room[target.Node] -= target.Cost;
                    freed += shard.DemandCores;
                    shards.Remove(shard);
                    move = new ShardMove(shard.ShardId, donor.Node, target.Node,
                        Text($"{donor.Node} is over capacity ({report.Why}); shard {shard.ShardId} ({shard.Cameras} cameras) needs {shard.DemandCores:0.00} cores there, {target.Node} has room for {target.Cost:0.00}"));
                    break;
                }
                if (move is null) break;
                moves.Add(move);
                movedHere++;
            }
            if (movedHere > 0) _relievedAt[donor.Node] = now;
        }
        return moves;
    }

    /// <summary>Evens out declared load: each move takes a shard from the most loaded node while the receiver stays below it.</summary>
    private List<ShardMove> Balance(IReadOnlyList<RegionView> regions, IReadOnlyDictionary<string, ShardCost> knownShards, DateTime now)
    {
        var moves = new List<ShardMove>();
        var loads = new Loads(regions, knownShards, settings.DefaultShardCores);
        var held = regions.ToDictionary(r => r.Node, r => r.Shards.ToList(), StringComparer.Ordinal);
        var room = regions.Where(r => r.Capacity is not null)
            .ToDictionary(r => r.Node, r => r.Capacity!.AvailableCores, StringComparer.Ordinal);
        var receivers = regions
            .Where(r => !r.Leaving && r.Capacity is not { OverCapacity: true } && !CoolingDown(r.Node, now))
            .ToDictionary(r => r.Node, r => r, StringComparer.Ordinal);
        while (moves.Count < settings.MaxMovesPerRound)
        {
            var donor = regions.Where(r => !r.Leaving)
                .OrderByDescending(r => loads.Of(r.Node) / loads.Capacity(r.Node))
                .ThenBy(r => r.Node, StringComparer.Ordinal)
                .FirstOrDefault();
            if (donor is null) break;
            var donorShare = loads.Of(donor.Node) / loads.Capacity(donor.Node);
            ShardMove? move = null;
            foreach (var receiver in receivers.Values
                         .Where(r => r.Node != donor.Node)
                         .OrderBy(r => loads.Of(r.Node) / loads.Capacity(r.Node))
                         .ThenBy(r => r.Node, StringComparer.Ordinal))
            {
                var shard = held[donor.Node]
                    .Select(id => (Id: id, Cost: loads.ShardCost(id, donor.Node)))
                    .Where(s => s.Cost > 0)
                    .Where(s => (loads.Of(receiver.Node) + s.Cost) / loads.Capacity(receiver.Node) < donorShare - Tolerance)
                    .Where(s => !room.TryGetValue(receiver.Node, out var free) || free >= receiver.Capacity!.Scaled(s.Cost))
                    .OrderByDescending(s => s.Cost)
                    .ThenBy(s => s.Id, StringComparer.Ordinal)
                    .FirstOrDefault();
                if (shard.Id is null) continue;
                if (room.ContainsKey(receiver.Node)) room[receiver.Node] -= receiver.Capacity!.Scaled(shard.Cost);
                loads.Move(shard.Id, donor.Node, receiver.Node, shard.Cost);
                held[donor.Node].Remove(shard.Id);
                held[receiver.Node].Add(shard.Id);
                move = new ShardMove(shard.Id, donor.Node, receiver.Node,
                    Text($"balancing declared load: {donor.Node} {NodeLoadEstimator.Percent(donorShare)} of its capacity; shard {shard.Id} costs {shard.Cost:0.000} cores"));
                break;
            }
            if (move is null) break;
            moves.Add(move);
        }
        return moves;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Declared load per node, from each node's own report, else the last cost known anywhere, else the typical shard.</summary>
    private sealed class Loads
    {
        private readonly Dictionary<string, double> _load = new(StringComparer.Ordinal);
        private readonly Dictionary<string, double> _capacity = new(StringComparer.Ordinal);
        private readonly Dictionary<string, NodeCapacity?> _reports = new(StringComparer.Ordinal);
        private readonly IReadOnlyDictionary<string, ShardCost> _known;
        private readonly double _typical;
        private readonly double _defaultCapacity;
        private readonly bool _idleAsTypical;

        /// <param name="idleAsTypical">A shard reported at no cost (no camera running in it) weighs as a typical one.</param>
        public Loads(IReadOnlyList<RegionView> regions, IReadOnlyDictionary<string, ShardCost> known, double defaultShardCores, bool idleAsTypical = false)
        {
            _known = known;
            _idleAsTypical = idleAsTypical;
            var costs = known.Values.Select(s => s.DeclaredCores).Where(c => c > 0).ToArray();
            _typical = costs.Length > 0 ? costs.Average() : defaultShardCores;
            var capacities = regions.Select(r => r.Capacity?.CapacityCores ?? 0).Where(c => c > 0).ToArray();
            _defaultCapacity = capacities.Length > 0 ? capacities.Average() : 1;
            foreach (var region in regions) _reports[region.Node] = region.Capacity;
            foreach (var region in regions)
            {
                _capacity[region.Node] = region.Capacity is { CapacityCores: > 0 } c ? c.CapacityCores : _defaultCapacity;
                _load[region.Node] = region.Shards.Sum(s => ShardCost(s, region.Node));
            }
        }

        public double Of(string node) => _load[node];

        public double Capacity(string node) => _capacity[node];

        /// <summary>A shard's declared cost as its node reports it; a shard none reports (new, or its cameras starting) counts as typical.</summary>
        public double ShardCost(string shardId, string? node)
        {
            var reported = node is not null && _reports.GetValueOrDefault(node)?.Shards.FirstOrDefault(s => s.ShardId == shardId) is { } own
                ? own.DeclaredCores
                : _known.TryGetValue(shardId, out var known) ? known.DeclaredCores : _typical;
            return reported <= 0 && _idleAsTypical ? _typical : reported;
        }

        public void Move(string shardId, string from, string to, double cost)
        {
            _load[from] -= cost;
            _load[to] += cost;
        }
    }
}
