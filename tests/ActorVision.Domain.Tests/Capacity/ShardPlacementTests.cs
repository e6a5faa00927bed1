using ActorVision.Domain.Capacity;
using static ActorVision.Domain.Tests.Capacity.CapacityFixtures;

namespace ActorVision.Domain.Tests.Capacity;

public class ShardPlacementTests
{
    private static readonly DateTime Now = new(2026, 12, 6, 12, 0, 0, DateTimeKind.Utc);
    private static readonly IReadOnlySet<string> NothingMoving = new HashSet<string>();

    [Fact]
    public void A_new_shard_goes_to_the_node_with_the_lowest_declared_load_not_the_one_with_the_fewest_shards()
    {
        var a = Region("a", Report("a", 0.6, [Shard("1", 0.5)]), "1");
        var b = Region("b", Report("b", 0.3, [Shard("2", 0.05), Shard("3", 0.05), Shard("4", 0.05)]), "2", "3", "4");

        var decision = new ShardPlacement(PlacementSettings.Default).Allocate("9", [a, b], [], Known(a, b));

        Assert.Equal("b", decision.Node);
    }

    [Fact]
    public void A_node_whose_new_cameras_have_not_started_yet_does_not_look_empty_to_the_next_allocation()
    {
        // a's report lists its three shards before their cameras run (registered, waiting their turn): declared 0 each.
        var a = Region("a", Report("a", 0.1, [Shard("1", 0), Shard("2", 0), Shard("3", 0)]), "1", "2", "3");
        var b = Region("b", Report("b", 0.2, [Shard("4", 0.1)]), "4");

        Assert.Equal("b", new ShardPlacement(PlacementSettings.Default).Allocate("9", [a, b], [], Known(a, b)).Node);
    }

    [Fact]
    public void A_shard_that_moved_is_weighed_by_the_cost_last_reported_for_it()
    {
        // Shard 5 was worth 0.9 on a node that died; a is emptier by count but b can take it with less load after.
        var a = Region("a", Report("a", 0.5, [Shard("1", 0.4)]), "1");
        var b = Region("b", Report("b", 0.2, [Shard("2", 0.1), Shard("3", 0.1)]), "2", "3");
        var known = new Dictionary<string, ShardCost>(Known(a, b)) { ["5"] = Shard("5", 0.9) };

        Assert.Equal("b", new ShardPlacement(PlacementSettings.Default).Allocate("5", [a, b], [], known).Node);
    }

    [Fact]
    public void Allocation_waits_while_an_ingest_node_that_is_up_has_not_registered_its_region()
    {
        var a = Region("a", Report("a", 0.1), []);

        var decision = new ShardPlacement(PlacementSettings.Default).Allocate("1", [a], ["c"], Known(a));

        Assert.Null(decision.Node);
        Assert.Contains("c", decision.Reason);
    }

    [Fact]
    public void A_node_over_capacity_gets_no_new_shard_while_another_has_room()
    {
        var a = Region("a", Report("a", 1.7), []);
        var b = Region("b", Report("b", 0.4, [Shard("2", 0.3)]), "2");

        Assert.Equal("b", new ShardPlacement(PlacementSettings.Default).Allocate("1", [a, b], [], Known(a, b)).Node);
    }

    [Fact]
    public void Without_any_report_shards_are_spread_by_count()
    {
        var a = Region("a", null, "1", "2");
        var b = Region("b", null, "3");
        var c = Region("c", null, "4", "5");

        Assert.Equal("b", new ShardPlacement(PlacementSettings.Default).Allocate("9", [a, b, c], [], Known()).Node);
    }

    [Fact]
    public void A_leaving_node_gets_no_new_shard()
    {
        var a = new RegionView("a", [], Leaving: true, Report("a", 0));
        var b = Region("b", Report("b", 0.5, [Shard("2", 0.4)]), "2");

        Assert.Equal("b", new ShardPlacement(PlacementSettings.Default).Allocate("1", [a, b], [], Known(a, b)).Node);
    }

    [Fact]
    public void Balancing_moves_the_cheap_cameras_off_the_node_with_the_expensive_one_until_the_gap_cannot_narrow()
    {
        var cluster = new SimulatedCluster(["a", "b"]);
        cluster.Place("e", "a", 0.5);
        foreach (var (shard, node) in new[] { ("c1", "a"), ("c2", "a"), ("c3", "a"), ("c4", "b"), ("c5", "b"), ("c6", "b") })
            cluster.Place(shard, node, 0.03);

        var rounds = cluster.RebalanceUntilSettled(new ShardPlacement(PlacementSettings.Default));

        Assert.Equal(["e"], cluster.ShardsOf("a"));
        Assert.Equal(["c1", "c2", "c3", "c4", "c5", "c6"], cluster.ShardsOf("b"));
        Assert.InRange(rounds, 1, 2);
    }

    [Fact]
    public void Equal_cameras_end_up_spread_by_count_a_few_moves_per_round()
    {
        var cluster = new SimulatedCluster(["a", "b", "c"]);
        for (var i = 0; i < 12; i++) cluster.Place($"s{i:00}", i < 6 ? "a" : "b", 0.02);
        var placement = new ShardPlacement(PlacementSettings.Default with { MaxMovesPerRound = 3 });

        var rounds = cluster.RebalanceUntilSettled(placement, maxMovesSeen: out var mostInOneRound);

        Assert.Equal([4, 4, 4], new[] { "a", "b", "c" }.Select(n => cluster.ShardsOf(n).Count));
        Assert.Equal(2, rounds);
        Assert.Equal(3, mostInOneRound);
    }

    [Fact]
    public void A_balanced_cluster_moves_nothing()
    {
        var cluster = new SimulatedCluster(["a", "b"]);
        for (var i = 0; i < 5; i++) cluster.Place($"s{i}", i % 2 == 0 ? "a" : "b", 0.02);

        Assert.Empty(cluster.Round(new ShardPlacement(PlacementSettings.Default), Now));
    }

    [Fact]
    public void Shards_whose_cameras_do_not_run_are_never_moved_to_balance()
    {
        var cluster = new SimulatedCluster(["a", "b"]);
        for (var i = 0; i < 4; i++) cluster.Place($"idle{i}", "a", 0);

        Assert.Empty(cluster.Round(new ShardPlacement(PlacementSettings.Default), Now));
    }

    [Fact]
    public void An_overloaded_node_sheds_the_smallest_shard_that_frees_its_excess_to_a_node_with_room()
    {
        var a = Region("a", Report("a", 2.0, [Shard("big", 0.4, demand: 0.8), Shard("mid", 0.25, demand: 0.5), Shard("small", 0.05, demand: 0.1)], calibration: 2),
            "big", "mid", "small");
        var b = Region("b", Report("b", 0.4, [Shard("x", 0.3)]), "x");
        var placement = new ShardPlacement(PlacementSettings.Default);

        var moves = placement.Rebalance([a, b], NothingMoving, Known(a, b), Now);

        var move = Assert.Single(moves);
        Assert.Equal(("mid", "a", "b"), (move.ShardId, move.From, move.To));
        Assert.Contains("over capacity (CPU 2 of 1.6 cores)", move.Reason);
        Assert.Equal("b", placement.Allocate("mid", [a with { Shards = ["big", "small"] }, b], [], Known(a, b)).Node);
    }

    [Fact]
    public void A_node_over_capacity_for_dropped_frames_sheds_one_shard_per_round()
    {
        var drops = new CapacityProblem(CapacityProblemKind.Drops, "20% of frames due for analysis dropped (limit 5%)");
        var a = Region("a", Report("a", 1.0, [Shard("1", 0.1), Shard("2", 0.1), Shard("3", 0.1)], problems: drops), "1", "2", "3");
        var b = Region("b", Report("b", 0.1), []);

        Assert.Single(new ShardPlacement(PlacementSettings.Default).Rebalance([a, b], NothingMoving, Known(a, b), Now));
    }

    [Fact]
    public void Nothing_moves_off_an_overloaded_node_when_no_other_node_has_room_for_it()
    {
        var a = Region("a", Report("a", 2.0, [Shard("1", 0.5, demand: 0.9)]), "1");
        var b = Region("b", Report("b", 1.5, [Shard("2", 0.5)]), "2");

        Assert.Empty(new ShardPlacement(PlacementSettings.Default).Rebalance([a, b], NothingMoving, Known(a, b), Now));
    }

    [Fact]
    public void A_relieved_node_cools_down_before_it_is_relieved_again_or_given_shards_to_balance()
    {
        var settings = PlacementSettings.Default with { OverloadCooldown = TimeSpan.FromSeconds(30) };
        var placement = new ShardPlacement(settings);
        var a = Region("a", Report("a", 2.0, [Shard("1", 0.5), Shard("2", 0.3)]), "1", "2");
        var b = Region("b", Report("b", 0.2), []);
        Assert.Equal("1", Assert.Single(placement.Rebalance([a, b], NothingMoving, Known(a, b), Now)).ShardId);

        // Ten seconds on a still reads over capacity (its smoothed CPU lags): it is left alone.
        var aAfter = Region("a", Report("a", 1.9, [Shard("2", 0.3)]), "2");
        var bAfter = Region("b", Report("b", 1.2, [Shard("1", 0.5), Shard("3", 0.9), Shard("4", 0.9)]), "1", "3", "4");
        Assert.Empty(placement.Rebalance([aAfter, bAfter], NothingMoving, Known(aAfter, bAfter), Now.AddSeconds(10)));

        // Recovered, a is still not a receiver for balancing until the cool-down is over.
        var aCalm = Region("a", Report("a", 0.3, [Shard("2", 0.3)]), "2");
        Assert.Empty(placement.Rebalance([aCalm, bAfter], NothingMoving, Known(aCalm, bAfter), Now.AddSeconds(20)));
        Assert.NotEmpty(placement.Rebalance([aCalm, bAfter], NothingMoving, Known(aCalm, bAfter), Now.AddSeconds(31)));
    }

    [Fact]
    public void No_round_starts_while_shards_are_still_moving()
    {
        var cluster = new SimulatedCluster(["a", "b"]);
        for (var i = 0; i < 6; i++) cluster.Place($"s{i}", "a", 0.02);

        var moves = new ShardPlacement(PlacementSettings.Default).Rebalance(cluster.Regions(), new HashSet<string> { "s0" }, cluster.Known(), Now);

        Assert.Empty(moves);
    }

    /// <summary>Nodes with 1.6 cores of capacity whose reports list exactly the shards placed on them.</summary>
    private sealed class SimulatedCluster(IReadOnlyList<string> nodes)
    {
        private readonly Dictionary<string, (string Node, double Cost)> _shards = new();

        public void Place(string shard, string node, double cost) => _shards[shard] = (node, cost);

        public List<string> ShardsOf(string node) => _shards.Where(s => s.Value.Node == node).Select(s => s.Key).Order().ToList();

        public IReadOnlyList<RegionView> Regions() => nodes
            .Select(n => Region(n, Report(n, 0.1 + _shards.Values.Where(s => s.Node == n).Sum(s => s.Cost),
                ShardsOf(n).Select(s => Shard(s, _shards[s].Cost)).ToArray()), ShardsOf(n).ToArray()))
            .ToArray();

        public IReadOnlyDictionary<string, ShardCost> Known() => CapacityFixtures.Known(Regions().ToArray());

        public IReadOnlyList<ShardMove> Round(ShardPlacement placement, DateTime now)
        {
            var moves = placement.Rebalance(Regions(), NothingMoving, Known(), now);
            foreach (var move in moves)
            {
                // The coordinator hands the shard off, then asks where it goes: the allocation must follow the plan.
                var regions = Regions().Select(r => r with { Shards = r.Shards.Where(s => s != move.ShardId).ToArray() }).ToArray();
                var decision = placement.Allocate(move.ShardId, regions, [], Known());
                Assert.Equal(move.To, decision.Node);
                _shards[move.ShardId] = (move.To, _shards[move.ShardId].Cost);
            }
            return moves;
        }

        public int RebalanceUntilSettled(ShardPlacement placement) => RebalanceUntilSettled(placement, out _);

        public int RebalanceUntilSettled(ShardPlacement placement, out int maxMovesSeen)
        {
            maxMovesSeen = 0;
            for (var round = 0; round < 20; round++)
            {
                var moves = Round(placement, Now.AddSeconds(10 * round));
                if (moves.Count == 0) return round;
                maxMovesSeen = Math.Max(maxMovesSeen, moves.Count);
            }
            throw new Xunit.Sdk.XunitException("placement did not settle in 20 rounds");
        }
    }
}
