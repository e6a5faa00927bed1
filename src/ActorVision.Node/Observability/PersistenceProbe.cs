using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace ActorVision.Node.Observability;

/// <summary>
/// One real round trip to the journal and one to the snapshot store: a replay and a snapshot load for a persistence
/// id nobody writes. Both are database queries, so a store that is down, locked or unreachable fails the probe.
/// A short-lived actor per check (the journal answers a replay to the actor named in it, not to an ask). What failed
/// is logged here, in full; <c>/ready</c>, which anyone may read, only says the database is unreachable.
/// </summary>
public sealed class PersistenceProbe : ReceiveActor
{
    private const string ProbeId = "actorvision-readiness-probe";
    private readonly TaskCompletionSource<string?> _result;
    private bool _journalDone;
    private bool _snapshotsDone;

    public PersistenceProbe(TaskCompletionSource<string?> result, TimeSpan timeout)
    {
        _result = result;
        Receive<RecoverySuccess>(_ => Done(journal: true));
        Receive<ReplayMessagesFailure>(m => Fail("journal: " + m.Cause.Message));
        Receive<ReplayedMessage>(_ => { });
        Receive<LoadSnapshotResult>(_ => Done(journal: false));
        Receive<LoadSnapshotFailed>(m => Fail("snapshot store: " + m.Cause.Message));
        Receive<ReceiveTimeout>(_ => Fail($"{(_journalDone ? "snapshot store" : "journal")}: no answer within {timeout.TotalSeconds:0.#} s"));
        Context.SetReceiveTimeout(timeout);
    }

    /// <param name="result">Completed with null when both stores answered, otherwise with what failed.</param>
    public static Props Props(TaskCompletionSource<string?> result, TimeSpan timeout) =>
        Akka.Actor.Props.Create(() => new PersistenceProbe(result, timeout));

    protected override void PreStart()
    {
        var persistence = Akka.Persistence.Persistence.Instance.Apply(Context.System);
        persistence.JournalFor(null).Tell(new ReplayMessages(1, long.MaxValue, 1, ProbeId, Self));
        persistence.SnapshotStoreFor(null).Tell(new LoadSnapshot(ProbeId, SnapshotSelectionCriteria.Latest, long.MaxValue));
    }

    private void Done(bool journal)
    {
        if (journal) _journalDone = true;
        else _snapshotsDone = true;
        if (!_journalDone || !_snapshotsDone) return;
        _result.TrySetResult(null);
        Context.Stop(Self);
    }

    private void Fail(string reason)
    {
        Context.GetLogger().Warning("readiness: the database did not answer: {0}", reason);
        _result.TrySetResult(reason);
        Context.Stop(Self);
    }
}
