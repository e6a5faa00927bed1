using ActorVision.Core.Events;
using static ActorVision.Delivery.Tests.DeliveryTestEvents;

namespace ActorVision.Delivery.Tests;

public sealed class SinkFilterTests
{
    [Fact]
    public void An_empty_filter_lets_everything_through()
    {
        Assert.True(SinkFilter.All.Matches(Event("any", "rule", AnalyticsEventType.ZoneExit)));
        Assert.Equal("all events", SinkFilter.All.ToString());
    }

    [Fact]
    public void Lists_combine_with_AND_and_entries_of_a_list_with_OR()
    {
        var filter = new SinkFilter(
            new HashSet<string> { "lobby", "gate" },
            new HashSet<string> { "door" },
            new HashSet<AnalyticsEventType> { AnalyticsEventType.LineCrossed, AnalyticsEventType.LoiteringStarted });
        Assert.True(filter.Matches(Event("lobby", "door", AnalyticsEventType.LineCrossed)));
        Assert.True(filter.Matches(Event("gate", "door", AnalyticsEventType.LoiteringStarted)));
        Assert.False(filter.Matches(Event("yard", "door", AnalyticsEventType.LineCrossed)));
        Assert.False(filter.Matches(Event("lobby", "window", AnalyticsEventType.LineCrossed)));
        Assert.False(filter.Matches(Event("lobby", "door", AnalyticsEventType.ZoneEnter)));
        Assert.Equal("cameras gate,lobby; rules door; types LineCrossed,LoiteringStarted", filter.ToString());
    }
}
