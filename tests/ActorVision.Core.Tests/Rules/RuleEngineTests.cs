using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;
using ActorVision.Core.Tests.Scenes;
using ActorVision.Core.Tracking;

namespace ActorVision.Core.Tests.Rules;

public class RuleEngineTests
{
    private static readonly ZoneRuleSpec Zone = new() { Id = "zone", Polygon = Polygon.Rectangle(0.3f, 0.3f, 0.7f, 0.9f) };
    private static readonly LineCrossingRuleSpec Line = new() { Id = "line", A = new(0.5f, 0f), B = new(0.5f, 1f) };
    // Walks right through the zone and across the vertical line at x = 0.5 (at 4 s).
    private static readonly Scene Walker = new(SceneObject.Person((0, 0.1f, 0.6f), (8, 0.9f, 0.6f), (20, 0.9f, 0.6f)));

    [Fact]
    public void Unchanged_rules_keep_their_state_across_a_rule_update()
    {
        var pipeline = new Pipeline([Zone, Line]);
        var times = FrameTimes.Every(0.1, 10);
        pipeline.Run(Walker, times.Where(t => t.TotalSeconds < 3));
        Assert.Equal(["ZoneEnter#1"], pipeline.Summary());

        // Equal specs rebuilt from configuration, a new rule added, and the line replaced by a changed one.
        pipeline.Engine.ReplaceRules(
        [
            Zone with { Polygon = Polygon.Rectangle(0.3f, 0.3f, 0.7f, 0.9f) },
            new ZoneRuleSpec { Id = "new-zone", Polygon = Polygon.Rectangle(0f, 0f, 1f, 1f) },
        ]);
        pipeline.Run(Walker, times.Where(t => t.TotalSeconds >= 3));

        var exit = pipeline.Events.Single(e => e.RuleId == "zone" && e.EventType == AnalyticsEventType.ZoneExit);
        // Inside from x = 0.3 (2 s) to x = 0.7 (6 s).
        Assert.InRange(exit.Dwell!.Value.TotalSeconds, 3.8, 4.2);
        // The new rule meets the person already inside; the removed line raises nothing.
        Assert.Equal(["ZoneEnter#1", "ZoneEnter#1", "ZoneExit#1"], pipeline.Summary());
        Assert.Equal("new-zone", pipeline.Events[1].RuleId);
        Assert.DoesNotContain(pipeline.Events, e => e.RuleId == "line");
    }

    [Fact]
    public void Changed_rule_starts_afresh()
    {
        var pipeline = new Pipeline([Line]);
        pipeline.Engine.SeedLineCounts("line", new LineCounts(10, 10));
        pipeline.Engine.ReplaceRules([Line]);
        Assert.Equal(new LineCounts(10, 10), pipeline.Engine.GetLineCounts("line"));
        pipeline.Engine.ReplaceRules([Line with { Hysteresis = 0.05f }]);
        Assert.Equal(new LineCounts(0, 0), pipeline.Engine.GetLineCounts("line"));
    }

    [Fact]
    public void Invalid_update_leaves_the_running_rules_in_force()
    {
        var pipeline = new Pipeline([Zone]);
        Assert.Throws<RuleSetValidationException>(() => pipeline.Engine.ReplaceRules([Zone, Zone]));
        Assert.Equal([Zone], pipeline.Engine.Rules);
    }

    [Fact]
    public void Disabled_rule_is_silent()
    {
        var pipeline = new Pipeline([Zone with { Enabled = false }, Line]).Run(Walker, FrameTimes.Every(0.1, 10));
        Assert.All(pipeline.Events, e => Assert.Equal("line", e.RuleId));
        Assert.Single(pipeline.Events);
    }

    [Fact]
    public void Events_of_a_frame_come_in_rule_order_then_track_order()
    {
        // Three people enter both zones in the same frame.
        var scene = new Scene(
            SceneObject.Person((0, 0.4f, 0.6f), (5, 0.4f, 0.6f)),
            SceneObject.Person((0, 0.5f, 0.6f), (5, 0.5f, 0.6f)),
            SceneObject.Person((0, 0.6f, 0.6f), (5, 0.6f, 0.6f)));
        var second = Zone with { Id = "b-zone" };
        var pipeline = new Pipeline([second, Zone]).Run(scene, FrameTimes.Every(0.1, 1));
        Assert.Equal(
            [("b-zone", 1L), ("b-zone", 2L), ("b-zone", 3L), ("zone", 1L), ("zone", 2L), ("zone", 3L)],
            pipeline.Events.Select(e => (e.RuleId, e.TrackId!.Value)).ToArray());
    }

    [Fact]
    public void Tracks_out_of_id_order_are_refused()
    {
        var tracker = new ByteTracker(new TrackerOptions { ConfirmHits = 1 });
        var tracks = tracker.Update(new Scene(SceneObject.Person((0, 0.2f, 0.5f), (1, 0.2f, 0.5f)), SceneObject.Person((0, 0.6f, 0.5f), (1, 0.6f, 0.5f))).DetectionsAt(TimeSpan.Zero), TimeSpan.Zero);
        var engine = new RuleEngine("cam", [Zone]);
        var error = Assert.Throws<ArgumentException>(() => engine.Evaluate(new FrameAnalysis(1280, 720, TimeSpan.Zero, Pipeline.Epoch), tracks.Reverse().ToArray(), []));
        Assert.Contains("ordered by id", error.Message);
    }

    [Fact]
    public void Engine_says_whether_it_needs_image_statistics_and_idle_ticks()
    {
        Assert.False(new RuleEngine("cam", [Zone, Line]).UsesFrameStatistics);
        Assert.False(new RuleEngine("cam", [Zone, Line]).UsesIdleTicks);
        var noFramesOnly = new RuleEngine("cam", [new CameraHealthRuleSpec { Id = "h", FrozenAfter = null, BlackoutAfter = null }]);
        Assert.False(noFramesOnly.UsesFrameStatistics);
        Assert.True(noFramesOnly.UsesIdleTicks);
        Assert.True(new RuleEngine("cam", [new CameraHealthRuleSpec { Id = "h" }]).UsesFrameStatistics);
        Assert.False(new RuleEngine("cam", [new CameraHealthRuleSpec { Id = "h", Enabled = false }]).UsesFrameStatistics);
    }

    [Fact]
    public void Rule_name_defaults_to_the_id()
    {
        var pipeline = new Pipeline([Zone with { Name = "" }, Line with { Name = "Main entrance" }]).Run(Walker, FrameTimes.Every(0.1, 10));
        Assert.Equal(["zone", "Main entrance", "zone"], pipeline.Events.Select(e => e.RuleName));
    }

    [Fact]
    public void Steady_state_evaluation_allocates_nothing()
    {
        // Thirty people sway in place: every rule does its work, nothing crosses a boundary after the first minute.
        var people = Enumerable.Range(0, 30).Select(i => SceneObject.Person(
            Enumerable.Range(0, 121).Select(k => (k * 1.0, 0.05f + i % 10 * 0.09f + (k % 2) * 0.01f, 0.3f + i / 10 * 0.3f)).ToArray())).ToArray();
        var scene = new Scene(people);
        RuleSpec[] rules =
        [
            Zone, Line,
            new LoiteringRuleSpec { Id = "loiter", Polygon = Polygon.Rectangle(0f, 0f, 0.5f, 1f), Threshold = TimeSpan.FromSeconds(20) },
            new OccupancyRuleSpec { Id = "occupancy", Polygon = Polygon.Rectangle(0f, 0f, 1f, 1f), Limit = 10, Duration = TimeSpan.FromSeconds(5) },
            new StationaryObjectRuleSpec { Id = "still", Threshold = TimeSpan.FromSeconds(10), MaxMovement = 0.05f },
            new CameraHealthRuleSpec { Id = "health" },
        ];
        var frames = FrameTimes.Every(0.1, 120).Select(t => (t, scene.DetectionsAt(t))).ToArray();
        var pipeline = new Pipeline(rules);
        foreach (var (time, detections) in frames.Take(600)) pipeline.Step(time, detections, new(100f, 40f, 3f, true));
        var eventsBefore = pipeline.Events.Count;
        pipeline.Events.Capacity = eventsBefore + 100;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 600; i < frames.Length; i++) pipeline.Step(frames[i].Item1, frames[i].Item2, new(100f, 40f, 3f, true));
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(eventsBefore, pipeline.Events.Count);
        Assert.Equal(30, pipeline.Tracker.Capture().Tracks.Count(t => t.State == TrackState.Confirmed));
    }
}
