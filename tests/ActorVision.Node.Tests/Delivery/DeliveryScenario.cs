using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using ActorVision.Core.Cameras;
using ActorVision.Core.Events;
using ActorVision.Node.Tests.Cameras;
using ActorVision.Node.Tests.Support;
using ActorVision.Tests;
using Microsoft.Extensions.DependencyInjection;
using ActorVision.Delivery;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Persistence.Cameras;

namespace ActorVision.Node.Tests.Delivery;

/// <summary>An analytics event as the journal holds it: the truth deliveries are compared with.</summary>
public sealed record JournalEvent(long Offset, AnalyticsEvent Event)
{
    public string Id => Event.Id.ToString();
}

/// <summary>Shared steps of the delivery tests: file cameras over the scripted crossing clip, the journal, sink health.</summary>
public static class DeliveryScenario
{
    public static readonly TimeSpan Long = TimeSpan.FromSeconds(90);

    /// <summary>Sink defaults that make tests quick: short backoff and commit interval, the whole journal.</summary>
    public const string FastSinkDefaults = """
        actorvision.delivery {
          health-interval = 200ms
          sink-defaults { start-from = earliest, min-backoff = 50ms, max-backoff = 400ms, commit-interval = 200ms, timeout = 5s }
        }
        """;

    /// <summary>Plays the scripted crossing file once on each camera (as fast as it decodes) and waits until all have finished.</summary>
    public static async Task PlayFilesAsync(TestNode node, params string[] cameraIds)
    {
        var cameras = new Support.Cameras(await node.CameraRegionAsync());
        foreach (var id in cameraIds)
            await cameras.RegisterAsync(CameraScenes.Crossing(id, TestAssets.ScriptedCrossing, SourceMode.File));
        foreach (var id in cameraIds)
            await cameras.WaitForStateAsync(id, CameraRunState.Completed, Long);
    }

    /// <summary>Every analytics event of the node's journal, in journal order.</summary>
    public static async Task<IReadOnlyList<JournalEvent>> JournalAsync(TestNode node)
    {
        var journal = PersistenceQuery.Get(node.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var envelopes = await journal.CurrentEventsByTag(CameraEventTagger.AnalyticsTag, Offset.NoOffset())
            .RunWith(Sink.Seq<EventEnvelope>(), node.System.Materializer());
        return envelopes
            .Where(e => e.Event is AnalyticsEventRecorded)
            .Select(e => new JournalEvent(((Sequence)e.Offset).Value, ((AnalyticsEventRecorded)e.Event).Event))
            .ToArray();
    }

    public static Task<IReadOnlyList<SinkHealth>> HealthAsync(TestNode node) =>
        node.Services.GetRequiredService<DeliverySinks>().HealthAsync();

    /// <summary>Polls the sink's health until <paramref name="condition"/> holds; fails with the last report.</summary>
    public static async Task<SinkHealth> WaitForSinkAsync(TestNode node, string sink, Func<SinkHealth, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Long;
        SinkHealth? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = (await HealthAsync(node)).Single(h => h.Name == sink);
            if (condition(last)) return last;
            await Task.Delay(100);
        }
        throw new TimeoutException($"sink {sink}: {what} not reached within {Long.TotalSeconds:0} s; last health: {last}");
    }
}
