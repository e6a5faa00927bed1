using ActorVision.Core.Events;
using ActorVision.Core.Rules;
using ActorVision.Core.Tests.Scenes;

namespace ActorVision.Core.Tests.Rules;

public class LineCrossingRuleTests
{
    // Drawn left to right: walking down the image crosses In, walking up crosses Out.
    private static readonly LineCrossingRuleSpec Line = new() { Id = "door", A = new(0.2f, 0.5f), B = new(0.8f, 0.5f) };

    public static TheoryData<string, SceneObject[], string[]> Trajectories => new()
    {
        {
            "walks down across",
            [SceneObject.Person((0, 0.5f, 0.2f), (6, 0.5f, 0.8f))],
            ["LineCrossed#1:In"]
        },
        {
            "walks up across",
            [SceneObject.Person((0, 0.5f, 0.8f), (6, 0.5f, 0.2f))],
            ["LineCrossed#1:Out"]
        },
        {
            "flickers on the line, then crosses once",
            [SceneObject.Person(
                [(0, 0.5f, 0.3f), (2, 0.5f, 0.5f),
                 .. Enumerable.Range(1, 20).Select(i => (2 + i * 0.2, 0.5f, i % 2 == 0 ? 0.495f : 0.508f)),
                 (8, 0.5f, 0.5f), (10, 0.5f, 0.7f)])],
            ["LineCrossed#1:In"]
        },
        {
            "stops on the line and goes back: no crossing",
            [SceneObject.Person((0, 0.5f, 0.3f), (3, 0.5f, 0.51f), (5, 0.5f, 0.51f), (8, 0.5f, 0.3f))],
            []
        },
        {
            "crosses, comes back, crosses again",
            [SceneObject.Person((0, 0.5f, 0.3f), (3, 0.5f, 0.7f), (6, 0.5f, 0.3f), (9, 0.5f, 0.7f))],
            ["LineCrossed#1:In", "LineCrossed#1:Out", "LineCrossed#1:In"]
        },
        {
            "passes beyond the end of the segment",
            [SceneObject.Person((0, 0.9f, 0.2f), (6, 0.9f, 0.8f))],
            []
        },
        {
            "walks round the end of the line",
            [SceneObject.Person((0, 0.5f, 0.3f), (3, 0.9f, 0.3f), (5, 0.9f, 0.7f), (8, 0.5f, 0.7f))],
            []
        },
        {
            "crosses where the detector misses it",
            [SceneObject.Person((0, 0.5f, 0.2f), (6, 0.5f, 0.8f)).HiddenBetween(2.5, 3.5)],
            ["LineCrossed#1:In"]
        },
        {
            "two people crossing each other on the line",
            [SceneObject.Person((0, 0.3f, 0.2f), (6, 0.7f, 0.8f)), SceneObject.Person((0, 0.7f, 0.2f), (6, 0.3f, 0.8f))],
            ["LineCrossed#1:In", "LineCrossed#2:In"]
        },
        {
            "two people passing each other in opposite directions",
            [SceneObject.Person((0, 0.45f, 0.2f), (6, 0.45f, 0.8f)), SceneObject.Person((0, 0.55f, 0.8f), (6, 0.55f, 0.2f))],
            ["LineCrossed#1:In", "LineCrossed#2:Out"]
        },
        {
            "leaves the frame and comes back later: counted again under a new id",
            [SceneObject.Person((0, 0.5f, 0.2f), (3, 0.5f, 0.8f), (7, 0.5f, 0.8f), (10, 0.5f, 0.2f)).HiddenBetween(3.5, 7)],
            ["LineCrossed#1:In", "LineCrossed#2:Out"]
        },
    };

    [Theory]
    [MemberData(nameof(Trajectories))]
    public void Trajectory_gives_expected_crossings(string description, SceneObject[] objects, string[] expected)
    {
        var pipeline = new Pipeline([Line]).Run(new Scene(objects), FrameTimes.Every(0.1, 12));
        var crossings = pipeline.Events.Select(e => $"{e.EventType}#{e.TrackId}:{e.Direction}").ToArray();
        Assert.True(expected.SequenceEqual(crossings), $"{description}: got [{string.Join(", ", crossings)}]");
    }

    [Fact]
    public void Without_hysteresis_the_same_flicker_would_count_many_times()
    {
        var flicker = SceneObject.Person(
        [
            (0, 0.5f, 0.3f), (2, 0.5f, 0.5f),
            .. Enumerable.Range(1, 20).Select(i => (2 + i * 0.2, 0.5f, i % 2 == 0 ? 0.495f : 0.508f)),
            (8, 0.5f, 0.5f), (10, 0.5f, 0.7f),
        ]);
        var pipeline = new Pipeline([Line with { Hysteresis = 0f }]).Run(new Scene(flicker), FrameTimes.Every(0.1, 12));
        Assert.True(pipeline.Events.Count > 5, $"{pipeline.Events.Count} crossings");
    }

    [Fact]
    public void Crossing_at_an_irregular_frame_rate_counts_once()
    {
        foreach (var seed in Enumerable.Range(1, 10))
        {
            var pipeline = new Pipeline([Line]).Run(new Scene(SceneObject.Person((0, 0.5f, 0.2f), (6, 0.5f, 0.8f))), FrameTimes.Irregular(0.04, 0.5, 8, seed));
            Assert.Equal(["LineCrossed#1"], pipeline.Summary());
        }
    }

    [Fact]
    public void Counts_run_in_both_directions_and_travel_with_each_event()
    {
        var scene = new Scene(
            SceneObject.Person((0, 0.3f, 0.2f), (4, 0.3f, 0.8f)),
            SceneObject.Person((1, 0.5f, 0.2f), (5, 0.5f, 0.8f)),
            SceneObject.Person((2, 0.7f, 0.8f), (6, 0.7f, 0.2f)));
        var pipeline = new Pipeline([Line]).Run(scene, FrameTimes.Every(0.1, 8));
        Assert.Equal([(1L, 0L), (2L, 0L), (2L, 1L)], pipeline.Events.Select(e => (e.InCount!.Value, e.OutCount!.Value)).ToArray());
        Assert.Equal(new LineCounts(2, 1), pipeline.Engine.GetLineCounts("door"));
    }

    [Fact]
    public void Direction_filter_chooses_events_but_both_ways_are_counted()
    {
        var scene = new Scene(
            SceneObject.Person((0, 0.3f, 0.2f), (4, 0.3f, 0.8f)),
            SceneObject.Person((0, 0.7f, 0.8f), (4, 0.7f, 0.2f)));
        var pipeline = new Pipeline([Line with { Direction = CrossingDirection.Out }]).Run(scene, FrameTimes.Every(0.1, 6));
        var crossing = Assert.Single(pipeline.Events);
        Assert.Equal(CrossingDirection.Out, crossing.Direction);
        Assert.Equal(new LineCounts(1, 1), pipeline.Engine.GetLineCounts("door"));
    }

    [Fact]
    public void Seeded_counts_continue()
    {
        var pipeline = new Pipeline([Line]);
        pipeline.Engine.SeedLineCounts("door", new LineCounts(120, 97));
        pipeline.Run(new Scene(SceneObject.Person((0, 0.5f, 0.2f), (6, 0.5f, 0.8f))), FrameTimes.Every(0.1, 8));
        var crossing = Assert.Single(pipeline.Events);
        Assert.Equal((121L, 97L), (crossing.InCount, crossing.OutCount));
        Assert.Throws<ArgumentException>(() => pipeline.Engine.SeedLineCounts("nope", new LineCounts(1, 1)));
    }

    [Fact]
    public void Class_filter_counts_only_the_chosen_class()
    {
        var scene = new Scene(
            SceneObject.Person((0, 0.3f, 0.2f), (4, 0.3f, 0.8f)),
            SceneObject.Car((0, 0.6f, 0.2f), (4, 0.6f, 0.8f)));
        var pipeline = new Pipeline([Line with { Classes = ClassFilter.Of("car") }]).Run(scene, FrameTimes.Every(0.1, 6));
        var crossing = Assert.Single(pipeline.Events);
        Assert.Equal("car", crossing.Label);
        Assert.Equal(AnalyticsEventType.LineCrossed, crossing.EventType);
    }

    [Fact]
    public void Cooldown_holds_back_events_but_not_counts()
    {
        // Crosses In at about 1 s, Out at 3 s and In again at 5 s.
        var scene = new Scene(SceneObject.Person((0, 0.5f, 0.3f), (2, 0.5f, 0.7f), (4, 0.5f, 0.3f), (6, 0.5f, 0.7f)));
        var pipeline = new Pipeline([Line with { Cooldown = TimeSpan.FromSeconds(3) }]).Run(scene, FrameTimes.Every(0.1, 8));
        Assert.Equal([CrossingDirection.In, CrossingDirection.In], pipeline.Events.Select(e => e.Direction!.Value));
        Assert.Equal((2L, 1L), (pipeline.Events[1].InCount, pipeline.Events[1].OutCount));
        Assert.Equal(new LineCounts(2, 1), pipeline.Engine.GetLineCounts("door"));
    }
}
