using ActorVision.Cli.Errors;
using ActorVision.Cli.Events;
using ActorVision.Protocol.V1;

namespace ActorVision.Cli.Tests;

public class EventPagerTests
{
    /// <summary>Serves a store of <paramref name="total"/> events in pages, honouring page_size and tokens.</summary>
    private static Func<EventQuery, CancellationToken, Task<EventPage>> Store(int total, List<EventQuery> asked, int? oversend = null) => (query, _) =>
    {
        asked.Add(query.Clone());
        var start = query.PageToken.Length == 0 ? 0 : int.Parse(query.PageToken, System.Globalization.CultureInfo.InvariantCulture);
        var size = oversend ?? (query.PageSize == 0 ? 100 : query.PageSize);
        var page = new EventPage();
        for (var i = start; i < Math.Min(total, start + size); i++)
            page.Events.Add(new AnalyticsEvent { Offset = i + 1 });
        page.NextPageToken = start + size < total ? (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : "";
        return Task.FromResult(page);
    };

    [Fact]
    public async Task Pages_are_followed_to_the_end()
    {
        var asked = new List<EventQuery>();

        var result = await EventPager.CollectAsync(Store(2500, asked), new EventFilter { CameraId = "lobby" }, 5000, "", CancellationToken.None);

        Assert.Equal(2500, result.Page.Events.Count);
        Assert.Equal(Enumerable.Range(1, 2500).Select(i => (long)i), result.Page.Events.Select(e => e.Offset));
        Assert.False(result.More);
        Assert.Equal("", result.Page.NextPageToken);
        Assert.Equal([1000, 1000, 1000], asked.Select(q => q.PageSize));
        Assert.All(asked, q => Assert.Equal("lobby", q.Filter.CameraId));
    }

    [Fact]
    public async Task The_limit_stops_paging_and_asks_for_no_more_than_it_keeps()
    {
        var asked = new List<EventQuery>();

        var result = await EventPager.CollectAsync(Store(2500, asked), new EventFilter(), 1200, "", CancellationToken.None);

        Assert.Equal(1200, result.Page.Events.Count);
        Assert.True(result.More);
        Assert.Equal("1200", result.Page.NextPageToken);
        Assert.Equal([1000, 200], asked.Select(q => q.PageSize));
    }

    [Fact]
    public async Task A_page_token_continues_a_previous_query()
    {
        var asked = new List<EventQuery>();

        var result = await EventPager.CollectAsync(Store(300, asked), new EventFilter(), 100, "250", CancellationToken.None);

        Assert.Equal(251, result.Page.Events[0].Offset);
        Assert.Equal(50, result.Page.Events.Count);
        Assert.False(result.More);
    }

    [Fact]
    public async Task A_node_that_sends_more_than_asked_is_cut_at_the_limit_without_a_misleading_token()
    {
        var asked = new List<EventQuery>();

        var result = await EventPager.CollectAsync(Store(1000, asked, oversend: 500), new EventFilter(), 120, "", CancellationToken.None);

        Assert.Equal(120, result.Page.Events.Count);
        Assert.True(result.More);
        Assert.Equal("", result.Page.NextPageToken);
    }

    [Fact]
    public async Task A_node_repeating_its_page_token_does_not_loop_forever()
    {
        var error = await Assert.ThrowsAsync<CommandFailedException>(() => EventPager.CollectAsync(
            (_, _) => Task.FromResult(new EventPage { Events = { new AnalyticsEvent() }, NextPageToken = "same" }),
            new EventFilter(), 1000, "", CancellationToken.None));

        Assert.Contains("same page token twice", error.Message);
    }
}
