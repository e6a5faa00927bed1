using ActorVision.Common;
using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using ActorVision.Delivery.Wire;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Persistence.Cameras;

namespace ActorVision.Delivery;

/// <summary>
/// Runs one sink, as a cluster singleton: reads the journal's <c>analytics</c> tag from the sink's stored position
/// (independently of the cameras, which never wait for it), sends each event through a <see cref="DeliveryQueue"/>
/// (one at a time per camera, cameras in parallel, failures retried with backoff, dead letters recorded and skipped),
/// and stores the position every commit-interval once everything before it is finished. The journal is read with
/// backpressure: at max-pending unfinished events the sink stops reading until the receiver catches up.
/// <para>
/// Dead letters an operator marks for replay (<see cref="DeliveryStore.RequestReplayAsync"/>, then
/// <c>ReplayRequested</c>) go out beside the journal's stream, a batch at a time, with the same retries: delivered,
/// one is no longer a dead letter; refused again, it stays one with the new reason. The marks are stored, so a replay
/// carries on where the sink moves.
/// </para>
/// </summary>
public sealed class SinkRunner : ReceiveActor, IWithTimers
{
    private static readonly SinkTimer RetryTimer = new("retry");
    private static readonly SinkTimer StoreTimer = new("store");
    private static readonly SinkTimer HealthTimer = new("health");
    private static readonly SinkTimer StartTimer = new("start");
    private static readonly SinkTimer StopTimer = new("stop");
    private static readonly SinkTimer ReplayRetryTimer = new("replay-retry");
    private static readonly SinkTimer ReplayCheckTimer = new("replay-check");
    /// <summary>Dead letters replayed at a time; also how often marks made while no node got the nudge are found.</summary>
    private const int ReplayBatch = 100;
    private static readonly TimeSpan ReplayCheckInterval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StoreRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan StopBudget = TimeSpan.FromSeconds(5);
    // The journal query restarts on failure (a database restart, a dropped connection) after 1 s, doubling to 30 s.
    private static readonly RestartSettings ReaderRestarts = RestartSettings.Create(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), 0.2);

    private readonly SinkSettings _settings;
    private readonly Func<IEventSink> _createSink;
    private readonly DeliveryStore _store;
    private readonly TimeSpan _healthInterval;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly DeliveryMetrics _metrics = DeliveryMetrics.Get(Context.System);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Random _random = new();
    private readonly DateTime _since = DateTime.UtcNow;
    private readonly string _node;
    private IEventSink? _sink;
    private DeliveryQueue? _queue;
    /// <summary>The batch of dead letters being replayed; null when none.</summary>
    private DeliveryQueue? _replays;
    private bool _loadingReplays;
    private UniqueKillSwitch? _reader;
    private IActorRef? _owedAck;
    // Where a (re)started journal query reads from: the highest offset the runner has taken, written by the runner,
    // read by the query's restart on the stream's thread.
    private long _readFrom;
    private long _stored;
    private bool _storing;
    private DateTime _lastStoredAt = DateTime.MinValue;
    private JournalHead _head;
    private long _delivered;
    private long _failures;
    private long _deadLetters;
    private string _lastError = "";
    private DateTime? _lastErrorAt;
    private DateTime? _lastDeliveredAt;
    private DateTime? _failingSince;
    private long _failedInOutage;
    private bool _stopRequested;

    public SinkRunner(SinkSettings settings, Func<IEventSink> createSink, DeliveryStore store, TimeSpan healthInterval)
    {
        _settings = settings;
        _createSink = createSink;
        _store = store;
        _healthInterval = healthInterval;
        _node = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();
        Starting();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(SinkSettings settings, Func<IEventSink> createSink, DeliveryStore store, TimeSpan healthInterval) =>
        Akka.Actor.Props.Create(() => new SinkRunner(settings, createSink, store, healthInterval));

    protected override void PreStart()
    {
        _sink = _createSink();
        LoadPosition();
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        _reader?.Shutdown();
        _metrics.SinkStopped(_settings.Name);
        if (_sink is { } sink) _ = sink.DisposeAsync().AsTask();
        _stopping.Dispose();
    }

    private void Starting()
    {
        Receive<SinkStarted>(started =>
        {
            _queue = new DeliveryQueue(_settings.Retry, _settings.Parallelism, started.Offset);
            _stored = started.Offset;
            _deadLetters = started.DeadLetters;
            _log.Info("sink {0} ({1} -> {2}, {3}): delivering after offset {4}", _settings.Name, _settings.Kind, _sink!.Target, _settings.Filter, started.Offset);
            Become(Running);
            StartReader();
            Timers.StartPeriodicTimer(HealthTimer, HealthTimer, TimeSpan.Zero, _healthInterval);
            Timers.StartPeriodicTimer(ReplayCheckTimer, ReplayCheckTimer, TimeSpan.Zero, ReplayCheckInterval);
        });
        Receive<SinkStartFailed>(failed =>
        {
            _lastError = "cannot read the sink's position: " + UrlRedaction.RedactInText(failed.Cause.Message);
            _lastErrorAt = DateTime.UtcNow;
            _log.Warning("sink {0}: {1}; trying again in {2} s", _settings.Name, _lastError, StoreRetry.TotalSeconds);
            Timers.StartSingleTimer(StartTimer, StartTimer, StoreRetry);
        });
        Receive<SinkTimer>(t => t == StartTimer, _ => LoadPosition());
        Receive<StopSink>(_ => Context.Stop(Self));
        Common();
    }

    private void Running()
    {
        Receive<ReaderInit>(_ => Sender.Tell(ReaderAck.Instance));
        Receive<JournalEntry>(entry =>
        {
            // A restarted query may repeat what was in flight when it failed.
            if (entry.Offset <= _queue!.HighestSeen)
            {
                Sender.Tell(ReaderAck.Instance);
                return;
            }
            if (entry.Event is { } e && _settings.Filter.Matches(e)) _queue.Add(new DeliveryItem(entry.Offset, e));
            else _queue.Skip(entry.Offset);
            Volatile.Write(ref _readFrom, _queue.HighestSeen);
            Dispatch();
            if (_queue.Pending < _settings.MaxPending) Sender.Tell(ReaderAck.Instance);
            else _owedAck = Sender;
            MaybeStore();
        });
        Receive<ReaderEnded>(ended =>
        {
            // The query restarts by itself; only a stop (or a bug past the restarts) ends the reader.
            _owedAck = null;
            if (_stopRequested) return;
            _log.Error(ended.Cause, "sink {0}: reading the journal ended after offset {1}; starting it again", _settings.Name, _queue!.HighestSeen);
            StartReader();
        });
        Receive<AttemptEnded>(ended =>
        {
            if (ended.Replay) HandleReplayAttempt(ended);
            else HandleAttempt(ended);
        });
        Receive<ReplayRequested>(_ => LoadReplays());
        Receive<ReplaysLoaded>(OnReplaysLoaded);
        Receive<ReplaysNotLoaded>(failed =>
        {
            _loadingReplays = false;
            _log.Warning("sink {0}: cannot read the dead letters to replay ({1}); trying again in {2} s", _settings.Name, failed.Cause.Message, ReplayCheckInterval.TotalSeconds);
        });
        Receive<RecordReplay>(RecordReplayAsync);
        Receive<ReplayRecorded>(recorded => ReplayFinished(recorded.Record));
        Receive<ReplayNotRecorded>(failed =>
        {
            _log.Error(failed.Cause, "sink {0}: cannot record how the replay of offset {1} ended; trying again in {2} s", _settings.Name, failed.Record.Offset, StoreRetry.TotalSeconds);
            Timers.StartSingleTimer("replay-record-" + failed.Record.Offset, failed.Record, StoreRetry);
        });
        Receive<StoreDeadLetter>(store => StoreDeadLetterAsync(store.Letter, store.Item));
        Receive<DeadLetterStored>(stored =>
        {
            _deadLetters++;
            _metrics.DeadLettered(_settings.Name);
            _queue!.Finished(stored.Item.Offset);
            Progressed();
        });
        Receive<DeadLetterNotStored>(failed =>
        {
            _log.Error(failed.Cause, "sink {0}: cannot record the dead letter of offset {1}; trying again in {2} s", _settings.Name, failed.Letter.Offset, StoreRetry.TotalSeconds);
            Timers.StartSingleTimer("dead-letter-" + failed.Letter.Offset, new StoreDeadLetter(failed.Letter, failed.Item), StoreRetry);
        });
        Receive<PositionStored>(stored =>
        {
            _storing = false;
            _stored = Math.Max(_stored, stored.Offset);
            _lastStoredAt = DateTime.UtcNow;
            if (_stopRequested) Context.Stop(Self);
            else MaybeStore();
        });
        Receive<PositionNotStored>(failed =>
        {
            _storing = false;
            _lastStoredAt = DateTime.UtcNow;
            if (_stopRequested)
            {
                _log.Warning("sink {0}: could not store its position on stopping ({1}); events after offset {2} will be delivered again", _settings.Name, failed.Cause.Message, _stored);
                Context.Stop(Self);
                return;
            }
            _log.Warning("sink {0}: cannot store its position: {1}", _settings.Name, failed.Cause.Message);
            MaybeStore();
        });
        Receive<HeadMeasured>(measured =>
        {
            _head = measured.Head;
            _metrics.Report(Health());
        });
        Receive<SinkTimer>(timer =>
        {
            if (timer == RetryTimer) Dispatch();
            else if (timer == ReplayRetryTimer) DispatchReplays();
            else if (timer == ReplayCheckTimer) LoadReplays();
            else if (timer == StoreTimer) MaybeStore();
            else if (timer == HealthTimer) MeasureHead();
            else if (timer == StopTimer) Context.Stop(Self);
        });
        Receive<StopSink>(_ => Stop());
        Common();
    }

    private void Common()
    {
        Receive<GetSinkHealth>(_ => Sender.Tell(SinkHealthWire.ToWire(Health())));
        Receive<Status.Failure>(f => _log.Debug("sink {0}: {1}", _settings.Name, f.Cause.Message));
    }

    private void LoadPosition()
    {
        async Task<SinkStarted> Load()
        {
            var stored = await _store.LoadOffsetAsync(_settings.Name).ConfigureAwait(false);
            if (stored is not { } offset)
            {
                offset = _settings.StartFrom == StartPosition.Latest
                    ? (await _store.JournalHeadAsync(CameraEventTagger.AnalyticsTag, long.MaxValue).ConfigureAwait(false)).Offset
                    : 0;
                // Stored at once: a sink that starts from the head must not jump ahead again after a restart.
                await _store.SaveOffsetAsync(_settings.Name, offset).ConfigureAwait(false);
            }
            return new SinkStarted(offset, await _store.CountDeadLettersAsync(_settings.Name).ConfigureAwait(false));
        }
        Load().PipeTo(Self, success: started => started, failure: ex => new SinkStartFailed(ex));
    }

    /// <summary>
    /// Reads the analytics tag from the runner's position, one entry at a time with acknowledgement (the runner holds
    /// back its ack at max-pending). A query that fails is started again with backoff from where the runner got to.
    /// </summary>
    private void StartReader()
    {
        Volatile.Write(ref _readFrom, _queue!.HighestSeen);
        var journal = PersistenceQuery.Get(Context.System).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var log = _log;
        var sink = _settings.Name;
        _reader = RestartSource.OnFailuresWithBackoff(() =>
            {
                var from = Volatile.Read(ref _readFrom);
                return journal.EventsByTag(CameraEventTagger.AnalyticsTag, Offset.Sequence(from))
                    .Select(ToEntry)
                    .Where(entry => entry.Offset > from)
                    .SelectError(ex =>
                    {
                        log.Warning("sink {0}: reading the journal failed ({1}); reading on after offset {2} with backoff", sink, ex.Message, from);
                        return ex;
                    });
            }, ReaderRestarts)
            .ViaMaterialized(KillSwitches.Single<JournalEntry>(), Keep.Right)
            .To(Sink.ActorRefWithAck<JournalEntry>(Self, ReaderInit.Instance, ReaderAck.Instance, new ReaderEnded(null), ex => new ReaderEnded(ex)))
            .Run(Context.Materializer());
    }

    private static JournalEntry ToEntry(EventEnvelope envelope) => new(
        envelope.Offset is Sequence { Value: var offset } ? offset : -1,
        envelope.Event is AnalyticsEventRecorded recorded ? recorded.Event : null);

    private void Dispatch()
    {
        if (_stopRequested) return;
        foreach (var attempt in _queue!.Start(DateTime.UtcNow)) Send(attempt);
        if (_queue.NextRetryAt is { } due)
        {
            var wait = due - DateTime.UtcNow;
            Timers.StartSingleTimer(RetryTimer, RetryTimer, wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        }
    }

    private void Send(DeliveryAttempt attempt, bool replay = false)
    {
        var started = Stopwatch.GetTimestamp();
        Task<DeliveryOutcome> sending;
        try
        {
            sending = _sink!.SendAsync(attempt.Item, _stopping.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            sending = Task.FromResult(DeliveryOutcome.Unreachable(ex.Message));
        }
        sending.PipeTo(Self,
            success: outcome => new AttemptEnded(attempt, outcome, Stopwatch.GetElapsedTime(started), replay),
            failure: ex => new AttemptEnded(attempt, DeliveryOutcome.Unreachable(ex.Message), Stopwatch.GetElapsedTime(started), replay));
    }

    private void HandleAttempt(AttemptEnded ended)
    {
        if (_stopRequested) return;
        var (attempt, outcome, duration, _) = ended;
        var item = attempt.Item;
        var now = DateTime.UtcNow;
        _metrics.Attempted(_settings.Name, outcome, duration);
        if (outcome is DeliveredOutcome)
        {
            _delivered++;
            _lastDeliveredAt = now;
            _queue!.Finished(item.Offset);
            if (_failingSince is { } since)
            {
                _log.Info("sink {0}: delivering again after {1} failed attempts over {2:0} s", _settings.Name, _failedInOutage, (now - since).TotalSeconds);
                _failingSince = null;
                _failedInOutage = 0;
            }
            Progressed();
            return;
        }

        var reason = Reason(outcome);
        _failures++;
        _failedInOutage++;
        _lastError = reason;
        _lastErrorAt = now;
        var decision = _queue!.Failed(item.Offset, outcome, now, _random.NextDouble());
        if (_failingSince is null)
        {
            _failingSince = now;
            _log.Warning("sink {0}: event {1} of camera {2} (offset {3}) not delivered: {4}; retrying with backoff",
                _settings.Name, item.Event.Id, item.Key, item.Offset, reason);
        }
        if (decision.DeadLetter)
        {
            _log.Warning("sink {0}: gave up on event {1} of camera {2} (offset {3}) after {4} attempts ({5}); recorded as a dead letter",
                _settings.Name, item.Event.Id, item.Key, item.Offset, decision.Attempts, reason);
            StoreDeadLetterAsync(new DeadLetter(
                _settings.Name, item.Offset, item.Event.Id.ToString(), item.Event.CameraId, item.Event.RuleId, item.Event.EventType.ToString(),
                decision.Attempts, reason, EventPayload.Json(item), now), item);
        }
        else
        {
            Dispatch();
        }
    }

    /// <summary>A failure in words. A receiver's error may quote its own URL back (with its token): shown and stored redacted.</summary>
    private static string Reason(DeliveryOutcome outcome) => UrlRedaction.RedactInText(outcome switch
    {
        RejectedOutcome rejected => rejected.Reason,
        UnreachableOutcome unreachable => unreachable.Reason,
        UnavailableOutcome unavailable => unavailable.Reason,
        _ => outcome.ToString(),
    });

    /// <summary>Reads the next batch of dead letters marked for replay, unless a batch is under way.</summary>
    private void LoadReplays()
    {
        if (_stopRequested || _loadingReplays || _replays is not null) return;
        _loadingReplays = true;
        var sink = _settings.Name;
        async Task<ReplaysLoaded> Load()
        {
            var letters = await _store.ReplaysDueAsync(sink, ReplayBatch).ConfigureAwait(false);
            var items = new List<DeliveryItem>(letters.Count);
            foreach (var letter in letters)
            {
                if (EventPayload.TryParse(letter.Payload, letter.Offset) is { } item) items.Add(item);
                else await _store.ReplayRefusedAsync(sink, letter.Offset, 0, "cannot replay: the stored body is not an event", DateTime.UtcNow).ConfigureAwait(false);
            }
            return new ReplaysLoaded(items);
        }
        Load().PipeTo(Self, failure: ex => new ReplaysNotLoaded(ex));
    }

    private void OnReplaysLoaded(ReplaysLoaded loaded)
    {
        _loadingReplays = false;
        if (loaded.Items.Count == 0 || _stopRequested) return;
        _log.Info("sink {0}: replaying {1} dead letter(s) from offset {2}", _settings.Name, loaded.Items.Count, loaded.Items[0].Offset);
        // A queue of its own: the replayed events are older than the sink's position, and go one at a time per camera too.
        _replays = new DeliveryQueue(_settings.Retry, _settings.Parallelism, loaded.Items[0].Offset - 1);
        foreach (var item in loaded.Items) _replays.Add(item);
        DispatchReplays();
    }

    private void DispatchReplays()
    {
        if (_stopRequested || _replays is null) return;
        foreach (var attempt in _replays.Start(DateTime.UtcNow)) Send(attempt, replay: true);
        if (_replays.NextRetryAt is { } due)
        {
            var wait = due - DateTime.UtcNow;
            Timers.StartSingleTimer(ReplayRetryTimer, ReplayRetryTimer, wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
        }
    }

    private void HandleReplayAttempt(AttemptEnded ended)
    {
        if (_stopRequested || _replays is null) return;
        var (attempt, outcome, duration, _) = ended;
        var now = DateTime.UtcNow;
        _metrics.Attempted(_settings.Name, outcome, duration);
        if (outcome is DeliveredOutcome)
        {
            _delivered++;
            _lastDeliveredAt = now;
            RecordReplayAsync(new RecordReplay(attempt.Item.Offset, true, 0, "", now));
            return;
        }
        var reason = Reason(outcome);
        _failures++;
        _lastError = reason;
        _lastErrorAt = now;
        var decision = _replays.Failed(attempt.Item.Offset, outcome, now, _random.NextDouble());
        if (decision.DeadLetter)
        {
            _log.Warning("sink {0}: the replay of event {1} (offset {2}) was refused again after {3} attempts ({4}); it stays a dead letter",
                _settings.Name, attempt.Item.Event.Id, attempt.Item.Offset, decision.Attempts, reason);
            RecordReplayAsync(new RecordReplay(attempt.Item.Offset, false, decision.Attempts, reason, now));
        }
        else
        {
            DispatchReplays();
        }
    }

    private void RecordReplayAsync(RecordReplay record)
    {
        var stored = record.Delivered
            ? _store.ReplayDeliveredAsync(_settings.Name, record.Offset)
            : _store.ReplayRefusedAsync(_settings.Name, record.Offset, record.Attempts, record.Error, record.At);
        stored.PipeTo(Self, success: () => new ReplayRecorded(record), failure: ex => new ReplayNotRecorded(record, ex));
    }

    private void ReplayFinished(RecordReplay record)
    {
        if (_replays is null) return;
        if (record.Delivered)
        {
            _deadLetters = Math.Max(0, _deadLetters - 1);
            _metrics.Replayed(_settings.Name);
        }
        _replays.Finished(record.Offset);
        if (_replays.Pending > 0)
        {
            DispatchReplays();
            return;
        }
        _replays = null;
        Timers.Cancel(ReplayRetryTimer);
        LoadReplays();
    }

    private void StoreDeadLetterAsync(DeadLetter letter, DeliveryItem item) =>
        _store.RecordDeadLetterAsync(letter).PipeTo(Self,
            success: () => new DeadLetterStored(item),
            failure: ex => new DeadLetterNotStored(letter, item, ex));

    /// <summary>An event finished: the camera's next may go, the reader may read on, the position may be stored.</summary>
    private void Progressed()
    {
        Dispatch();
        if (_owedAck is { } reader && _queue!.Pending < _settings.MaxPending)
        {
            _owedAck = null;
            reader.Tell(ReaderAck.Instance);
        }
        MaybeStore();
    }

    private void MaybeStore()
    {
        var position = _queue!.Watermark;
        if (position <= _stored || _storing) return;
        var wait = _settings.CommitInterval - (DateTime.UtcNow - _lastStoredAt);
        if (wait > TimeSpan.Zero)
        {
            if (!Timers.IsTimerActive(StoreTimer)) Timers.StartSingleTimer(StoreTimer, StoreTimer, wait);
            return;
        }
        Store(position);
    }

    private void Store(long position)
    {
        _storing = true;
        _store.SaveOffsetAsync(_settings.Name, position).PipeTo(Self,
            success: () => new PositionStored(position),
            failure: ex => new PositionNotStored(ex));
    }

    private void MeasureHead()
    {
        var position = _queue!.Watermark;
        _store.JournalHeadAsync(CameraEventTagger.AnalyticsTag, position).PipeTo(Self,
            success: head => new HeadMeasured(head),
            failure: ex => new Status.Failure(ex, null));
    }

    /// <summary>Hand-over or shutdown: stop reading and sending, store the position, stop (within a budget).</summary>
    private void Stop()
    {
        if (_stopRequested) return;
        _stopRequested = true;
        _reader?.Shutdown();
        _stopping.Cancel();
        Timers.StartSingleTimer(StopTimer, StopTimer, StopBudget);
        var position = _queue!.Watermark;
        _log.Info("sink {0}: stopping at offset {1}", _settings.Name, position);
        if (position > _stored && !_storing) Store(position);
        else if (!_storing) Context.Stop(Self);
    }

    private SinkHealth Health()
    {
        var now = DateTime.UtcNow;
        var queue = _queue;
        var oldest = queue?.Oldest;
        var state = queue is null ? SinkState.Starting
            : queue.Retrying > 0 || (_failingSince is not null && queue.Pending > 0) ? SinkState.Retrying
            : SinkState.Delivering;
        var position = queue?.Watermark ?? _stored;
        return new SinkHealth(
            _settings.Name,
            _settings.Kind,
            _sink?.Target ?? "",
            _settings.Filter.ToString(),
            _node,
            state,
            position,
            _stored,
            Math.Max(_head.Offset, queue?.HighestSeen ?? 0),
            _head.Behind,
            oldest is null ? 0 : Math.Max(0, (now - oldest.Event.WallTime).TotalSeconds),
            queue?.Pending ?? 0,
            queue?.InFlight ?? 0,
            queue?.Retrying ?? 0,
            _delivered,
            _failures,
            _deadLetters,
            _lastError,
            _lastErrorAt,
            _lastDeliveredAt,
            _since) { Replaying = _replays?.Pending ?? 0 };
    }
}
