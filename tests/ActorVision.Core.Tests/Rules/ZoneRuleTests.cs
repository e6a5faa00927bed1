using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;
using ActorVision.Core.Tests.Scenes;
using ActorVision.Core.Tracking;

namespace ActorVision.Core.Tests.Rules;

public class ZoneRuleTests
{
    private static readonly Polygon Zone = Polygon.Rectangle(0.4f, 0.4f, 0.6f, 0.8f);
    private static readonly ZoneRuleSpec Rule = new() { Id = "zone", Name = "Loading bay", Polygon = Zone };

    public static TheoryData<string, SceneObject[], string[]> Trajectories => new()
    {
        {
            "walks through",
            [SceneObject.Person((0, 0.2f, 0.6f), (8, 0.8f, 0.6f))],
            ["ZoneEnter#1", "ZoneExit#1"]
        },
        {
            "walks past outside",
            [SceneObject.Person((0, 0.2f, 0.9f), (8, 0.8f, 0.9f))],
            []
        },
        {
            "first seen inside, stays",
            [SceneObject.Person((0, 0.5f, 0.6f), (16, 0.52f, 0.6f))],
            ["ZoneEnter#1"]
        },
        {
            "missed detections inside do not exit",
            [SceneObject.Person((0, 0.2f, 0.6f), (8, 0.8f, 0.6f)).HiddenBetween(3.5, 4.3)],
            ["ZoneEnter#1", "ZoneExit#1"]
        },
        {
            "leaves and comes back as the same track",
            [SceneObject.Person((0, 0.3f, 0.6f), (2, 0.5f, 0.6f), (4, 0.7f, 0.6f), (6, 0.5f, 0.6f), (8, 0.3f, 0.6f))],
            ["ZoneEnter#1", "ZoneExit#1", "ZoneEnter#1", "ZoneExit#1"]
        },
        {
            "disappears inside: exit when the track is removed",
            [SceneObject.Person((0, 0.2f, 0.6f), (3, 0.5f, 0.6f))],
            ["ZoneEnter#1", "ZoneExit#1"]
        },
        {
            "gone long, back later: a new track, ids not reused",
            [SceneObject.Person((0, 0.2f, 0.6f), (3, 0.5f, 0.6f), (12, 0.5f, 0.6f), (15, 0.8f, 0.6f)).HiddenBetween(4, 9)],
            ["ZoneEnter#1", "ZoneExit#1", "ZoneEnter#2", "ZoneExit#2"]
        },
        {
            "two people, interleaved",
            [SceneObject.Person((0, 0.2f, 0.6f), (8, 0.8f, 0.6f)), SceneObject.Person((2, 0.5f, 0.95f), (10, 0.5f, 0.45f), (16, 0.5f, 0.45f))],
            ["ZoneEnter#1", "ZoneEnter#2", "ZoneExit#1"]
        },
    };

    [Theory]
    [MemberData(nameof(Trajectories))]
    public void Trajectory_gives_expected_events(string description, SceneObject[] objects, string[] expected)
    {
        new Pipeline([Rule]).Run(new Scene(objects), FrameTimes.Every(0.1, 16)).AssertSummary(description, expected);
    }

    [Fact]
    public void Events_carry_times_dwell_box_and_occupancy()
    {
        var pipeline = new Pipeline([Rule]).Run(new Scene(SceneObject.Person((0, 0.2f, 0.6f), (8, 0.8f, 0.6f))), FrameTimes.Every(0.1, 10));
        var enter = pipeline.Events[0];
        var exit = pipeline.Events[1];
        Assert.Equal(("cam-1", "zone", "Loading bay", 1L, "person", 1), (enter.CameraId, enter.RuleId, enter.RuleName, enter.TrackId, enter.Label, enter.Occupancy));
        // The anchor reaches x = 0.4 at 2.67 s and x = 0.6 at 5.33 s.
        Assert.InRange(enter.StreamTime.TotalSeconds, 2.6, 2.9);
        Assert.InRange(exit.StreamTime.TotalSeconds, 5.3, 5.6);
        Assert.Equal(Pipeline.Epoch + enter.StreamTime, enter.WallTime);
        Assert.Equal(exit.StreamTime - enter.StreamTime, exit.Dwell);
        Assert.Equal(0, exit.Occupancy);
        Assert.InRange(enter.Box!.Value.Center.X, 0.38f, 0.42f);
        Assert.InRange(enter.Box.Value.Y2, 0.59f, 0.61f);
        Assert.Equal(0.9f, enter.Confidence);
    }

    [Fact]
    public void Exit_after_disappearing_measures_dwell_to_the_last_sighting()
    {
        var pipeline = new Pipeline([Rule]).Run(new Scene(SceneObject.Person((0, 0.2f, 0.6f), (3, 0.5f, 0.6f))), FrameTimes.Every(0.1, 8));
        var enter = pipeline.Events[0];
        var exit = pipeline.Events[1];
        Assert.Equal(AnalyticsEventType.ZoneExit, exit.EventType);
        Assert.Equal(TimeSpan.FromSeconds(3) - enter.StreamTime, exit.Dwell);
        Assert.True(exit.StreamTime > TimeSpan.FromSeconds(5), "reported when the tracker gives up on the track");
    }

    [Theory]
    [InlineData(true, false, new[] { "ZoneEnter#1" })]
    [InlineData(false, true, new[] { "ZoneExit#1" })]
    public void Enter_and_exit_reports_can_be_turned_off(bool enter, bool exit, string[] expected)
    {
        var rule = Rule with { ReportEnter = enter, ReportExit = exit };
        var pipeline = new Pipeline([rule]).Run(new Scene(SceneObject.Person((0, 0.2f, 0.6f), (8, 0.8f, 0.6f))), FrameTimes.Every(0.1, 10));
        Assert.Equal(expected, pipeline.Summary());
    }

    [Fact]
    public void Object_is_ignored_until_its_class_confidence_and_size_qualify()
    {
        // A car is ignored by a person-only rule.
        var car = new Pipeline([Rule with { Classes = ClassFilter.Of("person") }])
            .Run(new Scene(SceneObject.Car((0, 0.2f, 0.6f), (8, 0.8f, 0.6f))), FrameTimes.Every(0.1, 10));
        Assert.Empty(car.Events);

        // Confidence 0.6 stays under a 0.7 minimum; 0.9 passes.
        var faint = new Pipeline([Rule with { MinConfidence = 0.7f }])
            .Run(new Scene(SceneObject.Person((0, 0.2f, 0.6f), (8, 0.8f, 0.6f)) with { Score = 0.65f }), FrameTimes.Every(0.1, 10));
        Assert.Empty(faint.Events);
        var clear = new Pipeline([Rule with { MinConfidence = 0.7f }])
            .Run(new Scene(SceneObject.Person((0, 0.2f, 0.6f), (8, 0.8f, 0.6f))), FrameTimes.Every(0.1, 10));
        Assert.Equal(2, clear.Events.Count);

        // A person 0.15 of the frame high is below a 0.2 minimum height.
        var small = new Pipeline([Rule with { MinBoxSize = new SizeF(0f, 0.2f) }])
            .Run(new Scene(SceneObject.Person((0, 0.2f, 0.6f), (8, 0.8f, 0.6f))), FrameTimes.Every(0.1, 10));
        Assert.Empty(small.Events);
    }

    [Theory]
    [InlineData(AnchorPoint.BottomCenter, true)]
    [InlineData(AnchorPoint.Center, false)]
    [InlineData(AnchorPoint.TopCenter, false)]
    public void Anchor_decides_which_part_of_the_box_must_be_inside(AnchorPoint anchor, bool expectEnter)
    {
        // Feet cross the zone's top band (y 0.4..0.45); the box centre stays above the zone.
        var zone = new ZoneRuleSpec { Id = "band", Polygon = Polygon.Rectangle(0.1f, 0.4f, 0.9f, 0.45f), Anchor = anchor };
        var pipeline = new Pipeline([zone]).Run(new Scene(SceneObject.Person((0, 0.2f, 0.42f), (8, 0.8f, 0.42f))), FrameTimes.Every(0.1, 10));
        Assert.Equal(expectEnter, pipeline.Events.Any(e => e.EventType == AnalyticsEventType.ZoneEnter));
    }

    [Fact]
    public void Cooldown_holds_back_repeats_for_the_same_track()
    {
        // Pacing across the zone edge every 1 s for 10 s.
        var waypoints = Enumerable.Range(0, 11).Select(i => (i * 1.0, i % 2 == 0 ? 0.35f : 0.45f, 0.6f)).ToArray();
        var scene = new Scene(SceneObject.Person(waypoints));
        var uncooled = new Pipeline([Rule]).Run(scene, FrameTimes.Every(0.1, 10));
        var cooled = new Pipeline([Rule with { Cooldown = TimeSpan.FromSeconds(5) }]).Run(scene, FrameTimes.Every(0.1, 10));
        Assert.True(uncooled.Events.Count >= 8, $"{uncooled.Events.Count} events without cooldown");
        var enters = cooled.Events.Where(e => e.EventType == AnalyticsEventType.ZoneEnter).Select(e => e.StreamTime).ToArray();
        Assert.InRange(enters.Length, 2, 3);
        Assert.All(enters.Zip(enters.Skip(1)), pair => Assert.True(pair.Second - pair.First >= TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Lost_tracks_are_not_judged_by_their_predicted_box()
    {
        // Hidden just before the zone edge while walking towards it: the prediction would carry the box inside.
        var scene = new Scene(SceneObject.Person((0, 0.2f, 0.6f), (4, 0.38f, 0.6f), (5.5, 0.38f, 0.6f)).HiddenBetween(4, 5.5));
        var pipeline = new Pipeline([Rule]).Run(scene, FrameTimes.Every(0.1, 8));
        Assert.Empty(pipeline.Events);
        Assert.Equal(TrackState.Lost, new Pipeline([Rule]).Run(scene, FrameTimes.Every(0.1, 5)).Tracker.Capture().Tracks.Single().State);
    }
}
