using System.Text.Json;
using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Imaging;
using ActorVision.Core.Rules;
using ActorVision.Core.Tests.Scenes;
using ActorVision.Core.Tracking;

namespace ActorVision.Core.Tests.Rules;

/// <summary>
/// A job checkpoints between two frames and resumes on another node: the resumed run must give exactly the events of
/// an uninterrupted run, ids included. The state goes through JSON on the way, as it would to a journal.
/// </summary>
public class CaptureRestoreTests
{
    private static readonly Polygon Middle = Polygon.Rectangle(0.3f, 0.3f, 0.7f, 0.95f);

    internal static IReadOnlyList<RuleSpec> AllRules() =>
    [
        new ZoneRuleSpec { Id = "zone", Polygon = Middle, Cooldown = TimeSpan.FromSeconds(2) },
        new LineCrossingRuleSpec { Id = "line", A = new(0.5f, 0.05f), B = new(0.5f, 0.95f), Cooldown = TimeSpan.FromSeconds(1) },
        new LoiteringRuleSpec { Id = "loiter", Polygon = Middle, Threshold = TimeSpan.FromSeconds(6) },
        new OccupancyRuleSpec { Id = "busy", Polygon = Middle, Limit = 2, Duration = TimeSpan.FromSeconds(2) },
        new StationaryObjectRuleSpec { Id = "still", Threshold = TimeSpan.FromSeconds(5), Classes = ClassFilter.Of("suitcase") },
        new CameraHealthRuleSpec { Id = "health", FrozenAfter = TimeSpan.FromSeconds(3), BlackoutAfter = TimeSpan.FromSeconds(2) },
    ];

    internal static Scene BusyScene() => new(
        SceneObject.Person((0, 0.1f, 0.5f), (10, 0.9f, 0.7f)).HiddenBetween(4, 4.6),
        SceneObject.Person((0, 0.9f, 0.5f), (10, 0.1f, 0.7f)),
        SceneObject.Person((2, 0.35f, 0.9f), (5, 0.5f, 0.6f), (16, 0.55f, 0.6f), (19, 0.95f, 0.6f)),
        SceneObject.Person((6, 0.2f, 0.4f), (9, 0.6f, 0.4f), (12, 0.6f, 0.45f), (14, 0.2f, 0.45f)),
        SceneObject.Car((1, 0.05f, 0.98f), (7, 0.95f, 0.98f)),
        new SceneObject { Label = "suitcase", ClassId = 28, Size = new(0.03f, 0.05f), Waypoints = [(3, 0.45f, 0.8f), (15, 0.45f, 0.8f)] });

    /// <summary>Image statistics that freeze from 8 s to 12 s and black out from 14 s to 17 s.</summary>
    internal static FrameStatistics StatisticsAt(TimeSpan time) => time.TotalSeconds switch
    {
        >= 8 and < 12 => new(110f, 40f, 0f, true),
        >= 14 and < 14.1 => new(3f, 1f, 90f, true),
        >= 14.1 and < 17 => new(3f, 1f, 0.2f, true),
        _ => new(110f, 40f, 3f, true),
    };

    internal static List<AnalyticsEvent> RunUninterrupted(IReadOnlyList<TimeSpan> times)
    {
        var scene = BusyScene();
        var pipeline = new Pipeline(AllRules());
        foreach (var time in times) pipeline.Step(time, scene.DetectionsAt(time), StatisticsAt(time));
        return pipeline.Events;
    }

    public static TheoryData<int> SplitFrames => new() { 1, 7, 40, 45, 83, 120, 151, 199 };

    [Theory]
    [MemberData(nameof(SplitFrames))]
    public void Resumed_run_gives_exactly_the_uninterrupted_events(int split)
    {
        var times = FrameTimes.Irregular(0.05, 0.2, 22, seed: 21);
        var expected = RunUninterrupted(times);
        Assert.True(expected.Count > 20, $"the scene should be eventful, got {expected.Count} events");

        var scene = BusyScene();
        var first = new Pipeline(AllRules());
        foreach (var time in times.Take(split)) first.Step(time, scene.DetectionsAt(time), StatisticsAt(time));
        var trackerJson = JsonSerializer.Serialize(first.Tracker.Capture());
        var engineJson = JsonSerializer.Serialize(first.Engine.Capture());

        var resumed = Pipeline.Restore(
            JsonSerializer.Deserialize<TrackerState>(trackerJson)!,
            JsonSerializer.Deserialize<RuleEngineState>(engineJson)!);
        foreach (var time in times.Skip(split)) resumed.Step(time, scene.DetectionsAt(time), StatisticsAt(time));

        Assert.Equal(expected, first.Events.Concat(resumed.Events).ToList());
    }

    [Fact]
    public void Captured_state_survives_json_unchanged()
    {
        var times = FrameTimes.Every(0.1, 10);
        var scene = BusyScene();
        var pipeline = new Pipeline(AllRules());
        foreach (var time in times) pipeline.Step(time, scene.DetectionsAt(time), StatisticsAt(time));
        var json = JsonSerializer.Serialize(pipeline.Engine.Capture());
        var again = JsonSerializer.Serialize(RuleEngine.Restore("cam-1", JsonSerializer.Deserialize<RuleEngineState>(json)!).Capture());
        Assert.Equal(json, again);
        Assert.Contains("\"kind\":\"loitering\"", json);
    }

    [Fact]
    public void Restored_engine_then_updated_keeps_unchanged_rules()
    {
        var pipeline = new Pipeline(AllRules());
        pipeline.Engine.SeedLineCounts("line", new LineCounts(3, 4));
        var restored = RuleEngine.Restore("cam-1", pipeline.Engine.Capture());
        restored.ReplaceRules([.. AllRules(), new ZoneRuleSpec { Id = "extra", Polygon = Middle }]);
        Assert.Equal(new LineCounts(3, 4), restored.GetLineCounts("line"));
    }

    [Fact]
    public void State_of_another_rule_kind_is_refused()
    {
        var state = new RuleEngine("cam", [new ZoneRuleSpec { Id = "x", Polygon = Middle }]).Capture();
        var mismatched = state with { Rules = [new LineCrossingRuleSpec { Id = "x", A = new(0, 0), B = new(1, 1) }] };
        var error = Assert.Throws<ArgumentException>(() => RuleEngine.Restore("cam", mismatched));
        Assert.Contains("cannot continue from a ZoneRuleState", error.Message);
    }
}
