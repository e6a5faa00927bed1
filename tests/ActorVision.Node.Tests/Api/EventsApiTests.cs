using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using V1 = ActorVision.Protocol.V1;

namespace ActorVision.Node.Tests.Api;

/// <summary>
/// Events from a real file-mode camera over media/scripted-crossing.mp4 (a box crosses x=0.5 once per 5 s pass),
/// persisted, projected into the event index, and read back through QueryEvents and SubscribeEvents.
/// </summary>
[Collection(ApiNodeCollection.Name)]
public sealed class EventsApiTests(ApiNodeFixture fixture)
{
    private V1.Events.EventsClient Events => fixture.Clients.Events;

    [Fact]
    public async Task Query_pages_by_offset_and_filters_by_rule_type_and_time()
    {
        var spec = CameraSpecs.ScriptedCrossing("crossing-query");
        spec.Rules.Add(CameraSpecs.Zone("right-half", (0.5f, 0), (1, 0), (1, 1), (0.5f, 1)));
        var all = await FileCameraRun.RunToEndAsync(fixture.Clients, spec);

        var crossings = all.Where(e => e.Type == "LineCrossed").ToArray();
        Assert.InRange(crossings.Length, 4, 8); // 30 s of clip, one pass per 5 s
        // Left to right across a line drawn top to bottom is OUT (IN is from the left of A->B to its right).
        Assert.All(crossings, e => Assert.Equal(("crossing-query", "walkway", V1.CrossingDirection.Out), (e.CameraId, e.RuleId, e.Direction)));
        Assert.Equal(Enumerable.Range(1, crossings.Length).Select(i => (long)i), crossings.Select(e => e.OutCount));
        Assert.Contains(all, e => e.Type == "ZoneEnter" && e.RuleId == "right-half");
        AssertIncreasing(all.Select(e => e.Offset));

        // Pages of two chain through every event, in order.
        var paged = new List<V1.AnalyticsEvent>();
        var token = "";
        do
        {
            var page = await Events.QueryEventsAsync(new V1.EventQuery { Filter = new V1.EventFilter { CameraId = "crossing-query" }, PageSize = 2, PageToken = token });
            Assert.InRange(page.Events.Count, 1, 2);
            paged.AddRange(page.Events);
            token = page.NextPageToken;
        } while (token.Length > 0);
        Assert.Equal(all.Select(e => e.Id), paged.Select(e => e.Id));

        var byType = await FileCameraRun.AllAsync(fixture.Clients, new V1.EventFilter { CameraId = "crossing-query", Type = "LineCrossed" });
        Assert.Equal(crossings.Select(e => e.Id), byType.Select(e => e.Id));
        var byRule = await FileCameraRun.AllAsync(fixture.Clients, new V1.EventFilter { CameraId = "crossing-query", RuleId = "right-half" });
        Assert.Equal(all.Where(e => e.RuleId == "right-half").Select(e => e.Id), byRule.Select(e => e.Id));

        // From is inclusive, to exclusive.
        var from = crossings[1].WallTime;
        var to = crossings[^1].WallTime;
        var window = await FileCameraRun.AllAsync(fixture.Clients, new V1.EventFilter { CameraId = "crossing-query", Type = "LineCrossed", From = from, To = to });
        Assert.Equal(crossings.Where(e => e.WallTime.ToDateTime() >= from.ToDateTime() && e.WallTime.ToDateTime() < to.ToDateTime()).Select(e => e.Id),
            window.Select(e => e.Id));
        Assert.Contains(window, e => e.Id == crossings[1].Id);
        Assert.DoesNotContain(window, e => e.Id == crossings[^1].Id);

        Assert.Empty(await FileCameraRun.AllAsync(fixture.Clients, new V1.EventFilter { CameraId = "no-such-camera" }));
    }

    [Fact]
    public async Task Invalid_queries_name_the_field()
    {
        async Task<IReadOnlyList<string>> Fields(V1.EventQuery query) =>
            RpcAssert.FieldViolations(await RpcAssert.FailsAsync(StatusCode.InvalidArgument, () => Events.QueryEventsAsync(query)));

        Assert.Equal(["filter.type"], await Fields(new V1.EventQuery { Filter = new V1.EventFilter { Type = "Explosion" } }));
        Assert.Equal(["page_size"], await Fields(new V1.EventQuery { PageSize = 5000 }));
        Assert.Equal(["page_token"], await Fields(new V1.EventQuery { PageToken = "next-please" }));
        var now = DateTime.UtcNow;
        Assert.Equal(["filter.to"], await Fields(new V1.EventQuery
        {
            Filter = new V1.EventFilter { From = Timestamp.FromDateTime(now), To = Timestamp.FromDateTime(now.AddHours(-1)) },
        }));
        var subscribe = await RpcAssert.FailsAsync(StatusCode.InvalidArgument, async () =>
        {
            using var call = Events.SubscribeEvents(new V1.EventSubscription { Filter = new V1.EventFilter { Type = "Explosion" } });
            await call.ResponseStream.MoveNext();
        });
        Assert.Equal(["filter.type"], RpcAssert.FieldViolations(subscribe));
    }

    [Fact]
    public async Task A_subscriber_that_reconnects_from_its_last_offset_misses_nothing_and_repeats_nothing()
    {
        var filter = new V1.EventFilter { CameraId = "crossing-tail" };
        var received = new List<V1.AnalyticsEvent>();

        // Live only, subscribed before the camera starts: it sees the first events as they are indexed.
        using (var first = new CancellationTokenSource())
        using (var call = Events.SubscribeEvents(new V1.EventSubscription { Filter = filter }, cancellationToken: first.Token))
        {
            await fixture.Clients.Cameras.AddCameraAsync(new V1.AddCameraRequest { Spec = CameraSpecs.ScriptedCrossing("crossing-tail"), Start = true });
            while (received.Count < 2 && await call.ResponseStream.MoveNext(first.Token)) received.Add(call.ResponseStream.Current);
            first.Cancel(); // the connection drops; the camera keeps producing events
        }
        Assert.Equal(2, received.Count);

        var all = await FileCameraRun.IndexedAsync(fixture.Clients, "crossing-tail");
        using (var resumed = Events.SubscribeEvents(new V1.EventSubscription { Filter = filter, FromOffset = received[^1].Offset, HasFromOffset = true }))
        {
            while (received.Count < all.Count && await resumed.ResponseStream.MoveNext()) received.Add(resumed.ResponseStream.Current);
        }

        Assert.Equal(all.Select(e => (e.Offset, e.Id)), received.Select(e => (e.Offset, e.Id)));
        AssertIncreasing(received.Select(e => e.Offset));
    }

    [Fact]
    public async Task A_subscription_from_an_offset_replays_then_follows_live_events()
    {
        var spec = CameraSpecs.ScriptedCrossing("crossing-replay");
        var first = await FileCameraRun.RunToEndAsync(fixture.Clients, spec);
        var filter = new V1.EventFilter { CameraId = "crossing-replay", Type = "LineCrossed" };
        var crossings = first.Where(e => e.Type == "LineCrossed").ToArray();

        using var call = Events.SubscribeEvents(new V1.EventSubscription { Filter = filter, FromOffset = crossings[0].Offset, HasFromOffset = true });
        var received = new List<V1.AnalyticsEvent>();
        while (received.Count < crossings.Length - 1 && await call.ResponseStream.MoveNext()) received.Add(call.ResponseStream.Current);
        Assert.Equal(crossings.Skip(1).Select(e => e.Id), received.Select(e => e.Id));

        // Running the file again adds crossings that arrive on the same stream, after the replayed ones.
        await fixture.Clients.Cameras.StartCameraAsync(new V1.CameraIdRequest { CameraId = "crossing-replay" });
        Assert.True(await call.ResponseStream.MoveNext());
        var live = call.ResponseStream.Current;
        Assert.Equal("LineCrossed", live.Type);
        Assert.True(live.Offset > received[^1].Offset);
        Assert.Equal(crossings.Length + 1, live.OutCount); // counting resumed where it stopped
    }

    private static void AssertIncreasing(IEnumerable<long> offsets)
    {
        var list = offsets.ToArray();
        for (var i = 1; i < list.Length; i++) Assert.True(list[i] > list[i - 1], $"offset {list[i]} after {list[i - 1]}");
    }
}
