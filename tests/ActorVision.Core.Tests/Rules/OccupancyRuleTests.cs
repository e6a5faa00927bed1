using ActorVision.Core.Events;
using ActorVision.Core.Geometry;
using ActorVision.Core.Rules;
using ActorVision.Core.Tests.Scenes;

namespace ActorVision.Core.Tests.Rules;

public class OccupancyRuleTests
{
    private static readonly Polygon Queue = Polygon.Rectangle(0.4f, 0.3f, 0.8f, 0.9f);
    private static readonly OccupancyRuleSpec Crowd = new() { Id = "queue", Polygon = Queue, Limit = 2, Duration = TimeSpan.FromSeconds(3) };

    private static SceneObject Visitor(double arrive, double leave, float y) =>
        SceneObject.Person((arrive, 0.2f, y), (arrive + 2, 0.6f, y), (leave, 0.6f, y), (leave + 2, 0.95f, y));

    [Fact]
    public void Above_the_limit_long_enough_raises_one_event_and_one_when_it_ends()
    {
        var scene = new Scene(Visitor(0, 20, 0.4f), Visitor(1, 20, 0.6f), Visitor(4, 12, 0.8f));
        var pipeline = new Pipeline([Crowd]).Run(scene, FrameTimes.Every(0.1, 24));
        Assert.Equal(["OccupancyAbove", "OccupancyNormal"], pipeline.Summary());
        var above = pipeline.Events[0];
        var normal = pipeline.Events[1];
        Assert.Equal((3, TimeSpan.FromSeconds(3)), (above.Occupancy, above.Duration));
        Assert.Null(above.TrackId);
        Assert.Equal(2, normal.Occupancy);
        Assert.Equal(normal.StreamTime - above.StreamTime + TimeSpan.FromSeconds(3), normal.Duration);
    }

    [Fact]
    public void Brief_crowding_is_not_reported()
    {
        var scene = new Scene(Visitor(0, 20, 0.4f), Visitor(1, 20, 0.6f), Visitor(4, 5, 0.8f));
        Assert.Empty(new Pipeline([Crowd]).Run(scene, FrameTimes.Every(0.1, 24)).Events);
    }

    [Fact]
    public void Hidden_people_still_count_at_their_last_place()
    {
        var scene = new Scene(Visitor(0, 20, 0.4f), Visitor(1, 20, 0.6f).HiddenBetween(8, 9.5), Visitor(2, 20, 0.8f));
        Assert.Equal(["OccupancyAbove"], new Pipeline([Crowd]).Run(scene, FrameTimes.Every(0.1, 20)).Summary());
    }

    [Fact]
    public void Fewer_than_the_limit_reports_an_empty_post()
    {
        var post = new OccupancyRuleSpec { Id = "desk", Polygon = Queue, Condition = OccupancyCondition.FewerThan, Limit = 1, Duration = TimeSpan.FromSeconds(5) };
        var scene = new Scene(Visitor(8, 30, 0.6f));
        var pipeline = new Pipeline([post]).Run(scene, FrameTimes.Every(0.1, 20));
        Assert.Equal(["OccupancyBelow", "OccupancyNormal"], pipeline.Summary());
        Assert.Equal((0, TimeSpan.FromSeconds(5)), (pipeline.Events[0].Occupancy, pipeline.Events[0].Duration));
        Assert.Equal(AnalyticsEventType.OccupancyNormal, pipeline.Events[1].EventType);
        Assert.InRange(pipeline.Events[1].StreamTime.TotalSeconds, 9, 10.5);
    }

    [Fact]
    public void Only_the_filtered_class_counts()
    {
        var scene = new Scene(Visitor(0, 20, 0.4f), Visitor(1, 20, 0.6f), SceneObject.Car((0, 0.6f, 0.8f), (20, 0.6f, 0.8f)));
        Assert.Single(new Pipeline([Crowd with { Limit = 1 }]).Run(scene, FrameTimes.Every(0.1, 10)).Events);
        Assert.Empty(new Pipeline([Crowd with { Limit = 1, Classes = ClassFilter.Of("car") }]).Run(scene, FrameTimes.Every(0.1, 10)).Events);
    }
}
