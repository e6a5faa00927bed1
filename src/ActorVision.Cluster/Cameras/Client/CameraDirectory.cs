using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Persistence.Cameras;

namespace ActorVision.Cluster.Cameras.Client;

/// <summary>
/// The ids of every registered camera, read from the journal: registrations and removals are tagged
/// <see cref="CameraEventTagger.LifecycleTag"/>, so the set survives restarts and agrees on every node. Each read
/// catches up from where the previous one stopped (a current-events query: only rows written since), which makes a
/// listing see every camera whose registration was acknowledged before it, whichever node registered it.
/// </summary>
public sealed class CameraDirectory
{
    private readonly IMaterializer _materializer;
    private readonly SqlReadJournal _journal;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SortedSet<string> _ids = new(StringComparer.Ordinal);
    private long _offset;

    public CameraDirectory(ActorSystem system)
    {
        _materializer = system.Materializer(namePrefix: "camera-directory");
        _journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
    }

    /// <summary>Camera ids in ordinal order, as of now.</summary>
    public async Task<IReadOnlyList<string>> CurrentIdsAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Not cancelled half-way: the query is short, and a half-applied catch-up would corrupt the offset.
            await _journal.CurrentEventsByTag(CameraEventTagger.LifecycleTag, Offset.Sequence(_offset))
                .RunForeach(Apply, _materializer)
                .ConfigureAwait(false);
            return _ids.ToArray();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Apply(EventEnvelope envelope)
    {
        if (envelope.Offset is not Sequence { Value: var offset } || offset <= _offset) return;
        _offset = offset;
        if (!envelope.PersistenceId.StartsWith(CameraEntity.PersistenceIdPrefix, StringComparison.Ordinal)) return;
        var id = envelope.PersistenceId[CameraEntity.PersistenceIdPrefix.Length..];
        switch (envelope.Event)
        {
            case CameraRegistered:
                _ids.Add(id);
                break;
            case CameraRemoved:
                _ids.Remove(id);
                break;
        }
    }
}
