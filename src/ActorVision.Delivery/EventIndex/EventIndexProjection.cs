using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using ActorVision.Delivery.EventIndex.Wire;
using Google.Protobuf;
using ActorVision.Domain.Analytics;
using ActorVision.Persistence.Cameras;
using ActorVision.Protocol.Mapping;

namespace ActorVision.Delivery.EventIndex;

/// <summary>
/// Keeps the event index up to date: reads every journal entry tagged <c>analytics</c> after the offset it last wrote,
/// writes them in batches (rows and offset in one transaction), and announces the new offset on
/// <see cref="Topic"/> so the live feeds of every API node read the rows at once. A cluster singleton: one writer.
/// A failure (database down) restarts the stream with backoff from the offset the index holds, so nothing is lost;
/// meanwhile queries and subscriptions see the index as it was, and catch up when it does.
/// </summary>
public sealed class EventIndexProjection : ReceiveActor
{
    /// <summary>Distributed pub/sub topic of <see cref="EventIndexAdvanced"/> notifications.</summary>
    public const string Topic = "event-index";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly EventIndexStore _store;
    private readonly EventIndexSettings _settings;
    private UniqueKillSwitch? _killSwitch;

    public EventIndexProjection(EventIndexStore store, EventIndexSettings settings)
    {
        _store = store;
        _settings = settings;
        Receive<Status.Failure>(f => _log.Error(f.Cause, "event index: the projection stopped"));
    }

    public static Props Props(EventIndexStore store, EventIndexSettings settings) =>
        Akka.Actor.Props.Create(() => new EventIndexProjection(store, settings));

    /// <summary>The index row of a journal entry; null for entries that record no analytics event.</summary>
    public static IndexedEvent? ToRow(EventEnvelope envelope)
    {
        if (envelope.Event is not IAnalyticsRecord recorded || envelope.Offset is not Sequence { Value: var offset }) return null;
        var e = recorded.Event;
        var proto = AnalyticsEventMapping.ToProto(e);
        if (recorded.JobId is { Length: > 0 } job)
        {
            // A job's rule engine runs under the job's id: the event belongs to the job, not to a camera.
            proto.JobId = job;
            proto.CameraId = "";
        }
        return new IndexedEvent(offset, proto.Id, proto.CameraId, proto.JobId, proto.RuleId, proto.Type, e.WallTime, proto.ToByteArray());
    }

    protected override void PreStart()
    {
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var mediator = DistributedPubSub.Get(Context.System).Mediator;
        var restart = RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2);
        var source = RestartSource.OnFailuresWithBackoff(() =>
            Source.FromTask(_store.ProjectedOffsetAsync())
                .ConcatMany(from =>
                {
                    _log.Info("event index: projecting analytics events after offset {0}", from);
                    return journal.EventsByTag(CameraEventTagger.AnalyticsTag, Offset.Sequence(from))
                        .Where(envelope => envelope.Offset is Sequence { Value: var o } && o > from)
                        .GroupedWithin(_settings.BatchSize, _settings.BatchDelay)
                        .SelectAsync(1, WriteAsync);
                }), restart);
        var (killSwitch, done) = source
            .ViaMaterialized(KillSwitches.Single<long>(), Keep.Right)
            .ToMaterialized(Sink.ForEach<long>(offset => mediator.Tell(new Publish(Topic, new EventIndexAdvanced { Offset = offset }))), Keep.Both)
            .Run(Context.Materializer());
        _killSwitch = killSwitch;
        done.PipeTo(Self, failure: ex => new Status.Failure(ex));
    }

    protected override void PostStop() => _killSwitch?.Shutdown();

    private async Task<long> WriteAsync(IEnumerable<EventEnvelope> batch)
    {
        var envelopes = batch.ToArray();
        var rows = envelopes.Select(ToRow).OfType<IndexedEvent>().ToArray();
        var offset = envelopes.Max(e => ((Sequence)e.Offset).Value);
        try
        {
            await _store.WriteAsync(rows, offset).ConfigureAwait(false);
            return offset;
        }
        catch (Exception ex)
        {
            _log.Warning("event index: writing {0} events up to offset {1} failed, retrying from the stored offset: {2}", rows.Length, offset, ex.Message);
            throw;
        }
    }
}
