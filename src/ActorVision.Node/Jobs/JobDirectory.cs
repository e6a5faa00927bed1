using System.Diagnostics;
using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using ActorVision.Cluster.Jobs;
using ActorVision.Domain.Jobs;
using ActorVision.Persistence.Jobs;

namespace ActorVision.Node.Jobs;

/// <summary>
/// The ids of every job ever submitted, in submission order, read from the journal's job lifecycle tag and caught up
/// from the last offset. The API asks it before it sends anything to a job entity: an id nobody submitted never starts
/// (and never gets remembered as) an entity, and a listing asks only the jobs of the page it shows.
/// </summary>
public sealed class JobDirectory
{
    private readonly IMaterializer _materializer;
    private readonly SqlReadJournal _journal;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<string> _ids = [];
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private Offset _offset = Offset.NoOffset();
    private long _lastCatchUpStarted;

    public JobDirectory(ActorSystem system)
    {
        _materializer = system.Materializer(namePrefix: "job-directory");
        _journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
    }

    /// <summary>Whether a job with this id was submitted (as of now, on any node).</summary>
    public async Task<bool> ExistsAsync(string jobId, CancellationToken cancellationToken)
    {
        if (!JobIds.IsValid(jobId)) return false;
        lock (_ids)
        {
            if (_known.Contains(jobId)) return true;
        }
        await CatchUpAsync(cancellationToken).ConfigureAwait(false);
        lock (_ids) return _known.Contains(jobId);
    }

    /// <summary>Up to <paramref name="size"/> job ids, newest first, submitted before position <paramref name="before"/> (null: the newest).</summary>
    /// <returns>The ids and the position to continue from, or null when no older job is left.</returns>
    public async Task<(IReadOnlyList<string> Ids, int? Next)> NewestFirstAsync(int? before, int size, CancellationToken cancellationToken)
    {
        await CatchUpAsync(cancellationToken).ConfigureAwait(false);
        lock (_ids)
        {
            var end = Math.Min(before ?? _ids.Count, _ids.Count);
            var start = Math.Max(0, end - size);
            var page = _ids.GetRange(start, end - start);
            page.Reverse();
            return (page, start > 0 ? start : null);
        }
    }

    private async Task CatchUpAsync(CancellationToken cancellationToken)
    {
        var askedAt = Stopwatch.GetTimestamp();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Callers that queued behind a catch-up that started after they asked take its result: a burst of
            // lookups costs one query, not one each.
            if (_lastCatchUpStarted > askedAt) return;
            _lastCatchUpStarted = Stopwatch.GetTimestamp();
            // Not cancelled half-way: the query is short, and a half-applied catch-up would corrupt the offset.
            await _journal.CurrentEventsByTag(JobEventTagger.LifecycleTag, _offset)
                .RunForeach(Add, _materializer)
                .ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Add(EventEnvelope envelope)
    {
        _offset = envelope.Offset;
        var id = envelope.PersistenceId[JobEntity.PersistenceIdFor("").Length..];
        lock (_ids)
        {
            if (_known.Add(id)) _ids.Add(id);
        }
    }
}
