using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;
using ActorVision.Core.Tests.Scenes;

namespace ActorVision.Core.Tests.Rules;

public class StationaryObjectRuleTests
{
    private static readonly StationaryObjectRuleSpec Rule = new() { Id = "left-luggage", Threshold = TimeSpan.FromSeconds(10), MaxMovement = 0.02f };

    private static SceneObject Bag(double placed, double taken) =>
        new() { Label = "suitcase", ClassId = 28, Size = new(0.03f, 0.05f), Waypoints = [(placed, 0.5f, 0.7f), (taken, 0.5f, 0.7f)] };

    public static TheoryData<string, SceneObject[], string[]> Trajectories => new()
    {
        { "bag left 15 s, then taken", [Bag(0, 15)], ["StationaryObject#1", "StationaryEnded#1"] },
        { "bag left 8 s", [Bag(0, 8)], [] },
        { "walking person", [SceneObject.Person((0, 0.1f, 0.6f), (20, 0.9f, 0.6f))], [] },
        {
            "person stops 12 s, walks off",
            [SceneObject.Person((0, 0.1f, 0.6f), (3, 0.4f, 0.6f), (15, 0.405f, 0.6f), (18, 0.7f, 0.6f), (24, 0.95f, 0.6f))],
            ["StationaryObject#1", "StationaryEnded#1"]
        },
        {
            "person fidgets within the allowed movement",
            [SceneObject.Person([(0, 0.4f, 0.6f), .. Enumerable.Range(1, 30).Select(i => (i * 0.5, i % 2 == 0 ? 0.4f : 0.41f, 0.6f)), (24, 0.4f, 0.6f)])],
            ["StationaryObject#1"]
        },
        {
            "bag hidden briefly by a passer-by",
            [Bag(0, 24).HiddenBetween(5, 6.5)],
            ["StationaryObject#1"]
        },
    };

    [Theory]
    [MemberData(nameof(Trajectories))]
    public void Trajectory_gives_expected_events(string description, SceneObject[] objects, string[] expected)
    {
        new Pipeline([Rule]).Run(new Scene(objects), FrameTimes.Every(0.1, 24)).AssertSummary(description, expected);
    }

    [Fact]
    public void Event_says_how_long_the_object_stood_still()
    {
        var pipeline = new Pipeline([Rule]).Run(new Scene(Bag(0, 15)), FrameTimes.Every(0.1, 20));
        Assert.Equal(TimeSpan.FromSeconds(10), pipeline.Events[0].Duration);
        Assert.Equal("suitcase", pipeline.Events[0].Label);
        // Taken at 15 s: the end measures to the last sighting; the track was confirmed at 0.2 s.
        Assert.Equal(TimeSpan.FromSeconds(14.8), pipeline.Events[1].Duration);
    }

    [Fact]
    public void Polygon_limits_where_objects_are_watched()
    {
        var elsewhere = Rule with { Polygon = Polygon.Rectangle(0f, 0f, 0.3f, 0.3f) };
        Assert.Empty(new Pipeline([elsewhere]).Run(new Scene(Bag(0, 15)), FrameTimes.Every(0.1, 20)).Events);
        var here = Rule with { Polygon = Polygon.Rectangle(0.4f, 0.6f, 0.6f, 0.8f) };
        Assert.Equal(2, new Pipeline([here]).Run(new Scene(Bag(0, 15)), FrameTimes.Every(0.1, 20)).Events.Count);
    }
}
