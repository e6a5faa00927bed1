using Akka.Actor;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using ActorVision.Cluster.Jobs;
using ActorVision.Core.Events;
using ActorVision.Domain.Jobs.Messages;

namespace ActorVision.Node.Jobs;

/// <summary>A job's recorded events, read from its journal in order; shared by the gRPC export and the HTTP download.</summary>
public static class JobResultsReader
{
    public static async IAsyncEnumerable<AnalyticsEvent> ReadAsync(ActorSystem system, string jobId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var (stop, queue) = journal.CurrentEventsByPersistenceId(JobEntity.PersistenceIdFor(jobId), 0, long.MaxValue)
            .Select(e => e.Event)
            .Where(e => e is JobEventRecorded)
            .Select(e => ((JobEventRecorded)e).Event)
            .ViaMaterialized(KillSwitches.Single<AnalyticsEvent>(), Keep.Right)
            .ToMaterialized(Sink.Queue<AnalyticsEvent>(), Keep.Both)
            .Run(system.Materializer());
        try
        {
            while (await queue.PullAsync() is { HasValue: true } next)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return next.Value;
            }
        }
        finally
        {
            stop.Shutdown(); // a client that went away must not leave the journal read running
        }
    }
}
