using Akka.Actor;
using Akka.Event;
using Akka.Cluster.Sharding;
using Akka.Persistence;

namespace ActorVision.Cluster.Entities;

/// <summary>
/// The shape every sharded, event-sourced entity of the engine shares (cameras, jobs): a state record decides what
/// a command causes and evolves by one event at a time; the actor only persists what was decided, applies it as
/// each event is stored (and again on recovery), and answers after the last one is durable. It snapshots every
/// <see cref="EntityJournalSettings.SnapshotEvery"/> events and deletes the snapshots a newer one replaces (and the
/// events it covers, where <see cref="EntityJournalSettings.DeleteEventsCoveredBySnapshots"/> says that is safe),
/// and stops itself through its shard (<see cref="PassivateNow"/>, <see cref="PassivateWhenIdle"/>).
/// </summary>
/// <typeparam name="TState">The state record; also what a snapshot holds.</typeparam>
/// <typeparam name="TEvent">The marker interface of the entity's persisted events.</typeparam>
public abstract class EventSourcedEntity<TState, TEvent> : ReceivePersistentActor
    where TState : class
    where TEvent : class
{
    private readonly EntityJournalSettings _journal;
    private bool _passivating;

    protected EventSourcedEntity(string persistenceId, TState initial, EntityJournalSettings journal)
    {
        PersistenceId = persistenceId;
        State = initial;
        _journal = journal;

        Recover<SnapshotOffer>(offer => State = (TState)offer.Snapshot);
        Recover<TEvent>(e => State = Evolve(State, e));

        Command<SaveSnapshotSuccess>(OnSnapshotSaved);
        Command<SaveSnapshotFailure>(m => Log.Warning(m.Cause, "{0}: snapshot failed; recovery replays more events", PersistenceId));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(m => Log.Warning(m.Cause, "{0}: deleting older snapshots failed", PersistenceId));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(m => Log.Warning(m.Cause, "{0}: deleting events covered by a snapshot failed", PersistenceId));
        Command<ReceiveTimeout>(_ =>
        {
            if (MayPassivateWhenIdle) PassivateNow();
        });
        // The shard hands this back after Passivate: it goes through the mailbox (stashed while a persist is under
        // way), so an entity never stops between persisting an event and answering for it.
        Command<StopEntity>(_ => Context.Stop(Self));
    }

    public sealed override string PersistenceId { get; }

    /// <summary>The state as of the last event persisted (or recovered).</summary>
    protected TState State { get; private set; }

    /// <summary>The state after one more event: the state record's Apply.</summary>
    protected abstract TState Evolve(TState state, TEvent @event);

    /// <summary>Recovery replayed the snapshot and events: bring what runs in line with <see cref="State"/>.</summary>
    protected abstract void OnRecovered();

    /// <summary>Asked when the idle time of <see cref="PassivateWhenIdle"/> passes: whether stopping now is right.</summary>
    protected virtual bool MayPassivateWhenIdle => true;

    protected sealed override void OnReplaySuccess() => OnRecovered();

    /// <summary>
    /// Persists what the state decided, applies each event as it is stored (<paramref name="applied"/> sees it just
    /// after), then calls <paramref name="done"/> once, after the last event is durable; at once when there is none.
    /// Commands arriving meanwhile wait in the stash, so nothing interleaves with a decision being persisted.
    /// </summary>
    protected void PersistDecided(IReadOnlyList<TEvent> events, Action done, Action<TEvent>? applied = null)
    {
        if (events.Count == 0)
        {
            done();
            return;
        }
        var remaining = events.Count;
        PersistAll(events, e =>
        {
            State = Evolve(State, e);
            applied?.Invoke(e);
            if (LastSequenceNr % _journal.SnapshotEvery == 0) SaveSnapshot(State);
            if (--remaining == 0) done();
        });
    }

    /// <summary>Asks the shard to stop this entity now; with remember-entities it is then not started again until asked.</summary>
    protected void PassivateNow()
    {
        if (_passivating) return;
        _passivating = true;
        Context.Parent.Tell(new Passivate(StopEntity.Instance));
    }

    /// <summary>Passivates after <paramref name="idle"/> without a message (if <see cref="MayPassivateWhenIdle"/> then); null: stay.</summary>
    protected void PassivateWhenIdle(TimeSpan? idle)
    {
        if (idle is { } after) SetReceiveTimeout(after);
        else SetReceiveTimeout(null);
    }

    private void OnSnapshotSaved(SaveSnapshotSuccess saved)
    {
        // Recovery needs only the newest snapshot and what follows it.
        DeleteSnapshots(new SnapshotSelectionCriteria(saved.Metadata.SequenceNr - 1));
        if (_journal.DeleteEventsCoveredBySnapshots) DeleteMessages(saved.Metadata.SequenceNr);
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        // Akka stops the entity (the journal's state is unknown); the shard starts it again on the next message and
        // it recovers what was stored. Whoever waited for an answer gets none and retries.
        Log.Error(cause, "{0}: persisting {1} (sequence {2}) failed; stopping, the next message recovers from the journal",
            PersistenceId, @event.GetType().Name, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        Log.Error(cause, "{0}: the journal rejected {1} (sequence {2}); it is not stored", PersistenceId, @event.GetType().Name, sequenceNr);
    }

    protected override void OnRecoveryFailure(Exception reason, object? message = null)
    {
        Log.Error(reason, "{0}: recovery failed; stopping (the next message tries again)", PersistenceId);
    }

    /// <summary>What the shard hands back after <see cref="Passivate"/>.</summary>
    private sealed record StopEntity
    {
        public static StopEntity Instance { get; } = new();
    }
}

/// <summary>How an entity keeps its journal short.</summary>
/// <param name="SnapshotEvery">Snapshot the state every this many persisted events (recovery replays at most this many).</param>
/// <param name="DeleteEventsCoveredBySnapshots">
/// Delete the events a saved snapshot covers. Only where nothing reads them afterwards: events read by tag (the
/// camera and job lists, the event index, delivery sinks) must stay until every reader has passed them.
/// </param>
public sealed record EntityJournalSettings(int SnapshotEvery, bool DeleteEventsCoveredBySnapshots = false);
