using Akka.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using ActorVision.Delivery.EventIndex;
using ActorVision.Persistence;

namespace ActorVision.Delivery.Tests.EventIndex;

/// <summary>The event index table on a real SQLite file: idempotent writes, filters, paging, and the live feed over it.</summary>
public sealed class EventIndexStoreTests : IAsyncLifetime
{
    private static readonly DateTime T0 = new(2026, 11, 26, 12, 0, 0, DateTimeKind.Utc);
    private readonly string _folder = Directory.CreateTempSubdirectory("av-index-").FullName;
    private EventIndexStore _store = null!;

    public Task InitializeAsync()
    {
        var persistence = PersistenceSettings.FromConfig(ConfigurationFactory.ParseString("provider = sqlite, sqlite-file = index.db"), _folder);
        _store = new EventIndexStore(persistence);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Writes_are_idempotent_and_move_the_projection_offset_with_the_rows()
    {
        Assert.Equal(0, await _store.ProjectedOffsetAsync());
        await _store.WriteAsync([Row(3, "door"), Row(7, "door")], offset: 8);
        await _store.WriteAsync([Row(7, "door"), Row(9, "yard")], offset: 9); // a replayed batch overlaps

        Assert.Equal(9, await _store.ProjectedOffsetAsync());
        Assert.Equal([3L, 7, 9], (await _store.QueryAsync(EventQueryFilter.All, 0, 100)).Select(r => r.Offset));
        Assert.Equal(9, await _store.MaxOffsetAsync());
        var proto = (await _store.QueryAsync(EventQueryFilter.All, 8, 1))[0].ToProto();
        Assert.Equal((9L, "yard"), (proto.Offset, proto.RuleId));
    }

    [Fact]
    public async Task Queries_filter_by_camera_rule_type_job_and_time_and_page_by_offset()
    {
        await _store.WriteAsync(
        [
            Row(1, "door", camera: "lobby", type: "LineCrossed", minute: 0),
            Row(2, "hall", camera: "lobby", type: "ZoneEnter", minute: 1),
            Row(3, "door", camera: "garage", type: "LineCrossed", minute: 2),
            Row(4, "door", camera: "", job: "j-1", type: "LineCrossed", minute: 3),
            Row(5, "door", camera: "lobby", type: "LineCrossed", minute: 4),
        ], offset: 5);

        async Task<long[]> Offsets(EventQueryFilter filter, long after = 0, int limit = 100) =>
            (await _store.QueryAsync(filter, after, limit)).Select(r => r.Offset).ToArray();

        Assert.Equal(new long[] {1, 2, 5}, await Offsets(new EventQueryFilter(CameraId: "lobby")));
        Assert.Equal(new long[] {1, 3, 4, 5}, await Offsets(new EventQueryFilter(RuleId: "door")));
        Assert.Equal(new long[] {2}, await Offsets(new EventQueryFilter(Type: "ZoneEnter")));
        Assert.Equal(new long[] {4}, await Offsets(new EventQueryFilter(JobId: "j-1")));
        Assert.Equal(new long[] {2, 3}, await Offsets(new EventQueryFilter(From: T0.AddMinutes(1), To: T0.AddMinutes(3))));
        Assert.Equal(new long[] {5}, await Offsets(new EventQueryFilter(CameraId: "lobby", RuleId: "door"), after: 1));
        Assert.Equal(new long[] {3, 4}, await Offsets(EventQueryFilter.All, after: 2, limit: 2));
    }

    [Fact]
    public async Task The_feed_hands_each_subscription_every_later_event_once_in_order()
    {
        await _store.WriteAsync([Row(1, "door")], offset: 1);
        await using var feed = new EventFeed(_store, EventIndexSettings.Default with { FeedPollInterval = TimeSpan.FromMinutes(10) }, NullLogger<EventFeed>.Instance);
        using var subscription = await feed.SubscribeAsync(CancellationToken.None);
        Assert.Equal(1, subscription.Position);

        await _store.WriteAsync([Row(2, "door"), Row(4, "door")], offset: 4);
        feed.Notify(4);
        await _store.WriteAsync([Row(6, "yard")], offset: 6);
        feed.Notify(6);

        var received = new List<long>();
        await foreach (var row in subscription.Events.ReadAllAsync())
        {
            received.Add(row.Offset);
            if (received.Count == 3) break;
        }
        Assert.Equal([2L, 4, 6], received);
    }

    [Fact]
    public async Task A_subscription_that_falls_behind_its_buffer_is_ended_as_overflowed()
    {
        await using var feed = new EventFeed(_store, EventIndexSettings.Default with { SubscriberBuffer = 2, FeedPollInterval = TimeSpan.FromMinutes(10) },
            NullLogger<EventFeed>.Instance);
        using var slow = await feed.SubscribeAsync(CancellationToken.None);

        await _store.WriteAsync([Row(1, "door"), Row(2, "door"), Row(3, "door")], offset: 3);
        feed.Notify(3);

        var kept = new List<long>();
        await foreach (var row in slow.Events.ReadAllAsync()) kept.Add(row.Offset);
        Assert.True(slow.Overflowed);
        Assert.Equal([1L, 2], kept);
    }

    private static IndexedEvent Row(long offset, string rule, string camera = "lobby", string job = "", string type = "LineCrossed", int minute = 0)
    {
        var proto = new Protocol.V1.AnalyticsEvent { Id = Guid.NewGuid().ToString(), CameraId = camera, JobId = job, RuleId = rule, Type = type };
        return new IndexedEvent(offset, proto.Id, camera, job, rule, type, T0.AddMinutes(minute), Google.Protobuf.MessageExtensions.ToByteArray(proto));
    }
}
