using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;
using ActorVision.Core.Tests.Scenes;
using ActorVision.Core.Tracking;

namespace ActorVision.Core.Tests.Rules;

public class LoiteringRuleTests
{
    private static readonly LoiteringRuleSpec Rule = new() { Id = "atm", Polygon = Polygon.Rectangle(0.4f, 0.4f, 0.6f, 0.8f), Threshold = TimeSpan.FromSeconds(10) };

    public static TheoryData<string, SceneObject[], string[]> Trajectories => new()
    {
        {
            "stays 14 s, leaves",
            [SceneObject.Person((0, 0.3f, 0.6f), (1, 0.45f, 0.6f), (15, 0.55f, 0.6f), (16, 0.7f, 0.6f), (20, 0.9f, 0.6f))],
            ["LoiteringStarted#1", "DwellEnded#1"]
        },
        {
            "stays 8 s: too short",
            [SceneObject.Person((0, 0.3f, 0.6f), (1, 0.45f, 0.6f), (9, 0.55f, 0.6f), (10, 0.7f, 0.6f), (20, 0.9f, 0.6f))],
            []
        },
        {
            "steps out and back: the clock restarts",
            [SceneObject.Person((0, 0.45f, 0.6f), (6, 0.55f, 0.6f), (7, 0.7f, 0.6f), (8, 0.55f, 0.6f), (14, 0.45f, 0.6f), (15, 0.3f, 0.6f), (20, 0.1f, 0.6f))],
            []
        },
        {
            "hidden for a moment inside: the clock runs on",
            [SceneObject.Person((0, 0.45f, 0.6f), (14, 0.55f, 0.6f), (15, 0.7f, 0.6f), (20, 0.9f, 0.6f)).HiddenBetween(5, 6.5)],
            ["LoiteringStarted#1", "DwellEnded#1"]
        },
        {
            "disappears inside after loitering",
            [SceneObject.Person((0, 0.45f, 0.6f), (13, 0.5f, 0.6f))],
            ["LoiteringStarted#1", "DwellEnded#1"]
        },
        {
            "any class by default: a parked car loiters too",
            [SceneObject.Car((0, 0.45f, 0.6f), (20, 0.5f, 0.6f))],
            ["LoiteringStarted#1"]
        },
    };

    [Theory]
    [MemberData(nameof(Trajectories))]
    public void Trajectory_gives_expected_events(string description, SceneObject[] objects, string[] expected)
    {
        new Pipeline([Rule]).Run(new Scene(objects), FrameTimes.Every(0.1, 20)).AssertSummary(description, expected);
    }

    [Fact]
    public void Events_carry_dwell_so_far_and_total_dwell()
    {
        var scene = new Scene(SceneObject.Person((0, 0.3f, 0.6f), (1, 0.45f, 0.6f), (15, 0.55f, 0.6f), (16, 0.7f, 0.6f), (20, 0.9f, 0.6f)));
        var pipeline = new Pipeline([Rule]).Run(scene, FrameTimes.Every(0.1, 20));
        var started = pipeline.Events[0];
        var ended = pipeline.Events[1];
        Assert.InRange(started.Dwell!.Value.TotalSeconds, 10, 10.1);
        // Inside from about 0.67 s (x = 0.4) to about 15.33 s (x = 0.6).
        Assert.InRange(ended.Dwell!.Value.TotalSeconds, 14.4, 14.9);
        Assert.Equal(ended.StreamTime - ended.Dwell, started.StreamTime - started.Dwell);
    }

    [Fact]
    public void Threshold_is_measured_in_stream_time_whatever_the_frame_rate()
    {
        var scene = new Scene(SceneObject.Person((0, 0.45f, 0.6f), (20, 0.55f, 0.6f)));
        foreach (var times in new[] { FrameTimes.Every(0.04, 20), FrameTimes.Every(1, 20), FrameTimes.Irregular(0.05, 0.8, 20, seed: 4) })
        {
            var pipeline = new Pipeline([Rule], new TrackerOptions { ConfirmHits = 2 }).Run(scene, times);
            var started = Assert.Single(pipeline.Events);
            Assert.Equal(AnalyticsEventType.LoiteringStarted, started.EventType);
            Assert.InRange(started.StreamTime.TotalSeconds, 10, 12);
        }
    }
}
