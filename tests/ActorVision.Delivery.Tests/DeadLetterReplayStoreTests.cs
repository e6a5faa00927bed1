using Akka.Configuration;
using ActorVision.Persistence;
using static ActorVision.Delivery.Tests.DeliveryTestEvents;

namespace ActorVision.Delivery.Tests;

/// <summary>Dead letters and their replay marks on a real SQLite file, and the body a replay sends.</summary>
public sealed class DeadLetterReplayStoreTests : IAsyncLifetime
{
    private static readonly DateTime T0 = new(2026, 12, 3, 9, 0, 0, DateTimeKind.Utc);
    private readonly string _folder = Directory.CreateTempSubdirectory("av-dead-letters-").FullName;
    private DeliveryStore _store = null!;

    public async Task InitializeAsync()
    {
        var persistence = PersistenceSettings.FromConfig(ConfigurationFactory.ParseString("provider = sqlite, sqlite-file = delivery.db"), _folder);
        _store = new DeliveryStore(persistence, JournalTagTable.Default);
        foreach (var (sink, offset) in new[] { ("hook", 3L), ("hook", 5L), ("hook", 9L), ("other", 4L) })
            await _store.RecordDeadLetterAsync(Letter(sink, offset));
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Marking_offsets_for_replay_names_those_that_hold_no_dead_letter_and_marking_twice_changes_nothing()
    {
        var marked = await _store.RequestReplayAsync("hook", [9, 3, 4, 100]);
        Assert.Equal(2, marked.Pending);
        Assert.Equal([4L, 100], marked.NotFound); // 4 is the other sink's

        Assert.Equal(2, (await _store.RequestReplayAsync("hook", [3])).Pending);
        Assert.Equal([3L, 9], (await _store.ReplaysDueAsync("hook", 10)).Select(l => l.Offset));
        var listed = await _store.ListDeadLettersAsync("hook", 0, 10);
        Assert.Equal([true, false, true], listed.Select(l => l.ReplayPending));
    }

    [Fact]
    public async Task Replaying_all_marks_every_dead_letter_of_the_sink_only()
    {
        Assert.Equal(3, (await _store.RequestReplayAsync("hook", null)).Pending);
        Assert.Empty(await _store.ReplaysDueAsync("other", 10));
        Assert.Equal([3L, 5], (await _store.ReplaysDueAsync("hook", 2)).Select(l => l.Offset));
    }

    [Fact]
    public async Task A_delivered_replay_removes_the_dead_letter_and_a_refused_one_keeps_it_with_the_new_reason()
    {
        await _store.RequestReplayAsync("hook", null);
        await _store.ReplayDeliveredAsync("hook", 3);
        await _store.ReplayRefusedAsync("hook", 5, 2, "HTTP 404 Not Found: moved", T0.AddHours(1));

        Assert.Equal([9L], (await _store.ReplaysDueAsync("hook", 10)).Select(l => l.Offset));
        var left = await _store.ListDeadLettersAsync("hook", 0, 10);
        Assert.Equal([5L, 9], left.Select(l => l.Letter.Offset));
        var refused = left[0];
        Assert.Equal((5, "HTTP 404 Not Found: moved", T0.AddHours(1), false), (refused.Letter.Attempts, refused.Letter.LastError, refused.Letter.DeadAt, refused.ReplayPending));
        Assert.Equal(3, await _store.CountAllDeadLettersAsync(""));
        Assert.Equal(2, await _store.CountAllDeadLettersAsync("hook"));
    }

    [Fact]
    public async Task Listing_every_sink_pages_by_sink_then_offset()
    {
        var all = await _store.ListDeadLettersAsync("", 0, 10);
        Assert.Equal([("hook", 3L), ("hook", 5L), ("hook", 9L), ("other", 4L)], all.Select(l => (l.Letter.Sink, l.Letter.Offset)));
        Assert.Equal([9L], (await _store.ListDeadLettersAsync("hook", 5, 10)).Select(l => l.Letter.Offset));
    }

    [Fact]
    public void The_stored_body_reads_back_as_the_event_it_was_made_from()
    {
        var item = Item(42, "lobby") with { };
        var parsed = EventPayload.TryParse(EventPayload.Json(item), 42);

        Assert.NotNull(parsed);
        Assert.Equal(EventPayload.Json(item), EventPayload.Json(parsed));
        Assert.Null(EventPayload.TryParse("{\"id\": \"not a guid\"}", 1));
        Assert.Null(EventPayload.TryParse("not json", 1));
    }

    private static DeadLetter Letter(string sink, long offset)
    {
        var item = Item(offset);
        return new DeadLetter(sink, offset, item.Event.Id.ToString(), "lobby", "door", "LineCrossed", 3, "HTTP 410 Gone", EventPayload.Json(item), T0);
    }
}
