using System.Text.Json;
using ActorVision.Core.Rules;
using ActorVision.Core.Tests.Scenes;

namespace ActorVision.Core.Tests.Rules;

public class DeterminismTests
{
    [Fact]
    public void Same_detections_give_the_same_events_ids_included()
    {
        var times = FrameTimes.Irregular(0.05, 0.25, 22, seed: 8);
        var first = CaptureRestoreTests.RunUninterrupted(times);
        var second = CaptureRestoreTests.RunUninterrupted(times);
        Assert.NotEmpty(first);
        Assert.Equal(first, second);
        Assert.Equal(first.Count, first.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public void Rule_specs_round_trip_through_json_by_value()
    {
        var rules = CaptureRestoreTests.AllRules();
        var json = JsonSerializer.Serialize(rules);
        var back = JsonSerializer.Deserialize<List<RuleSpec>>(json)!;
        Assert.Equal(rules, back);
        Assert.Contains("\"kind\":\"zone\"", json);
    }
}
