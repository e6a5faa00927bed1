using System.Collections.Concurrent;
using Akka.Actor;
using Akka.Hosting;
using Akka.Persistence.Query;
using Akka.Persistence.Sql.Query;
using Akka.Streams;
using Akka.Streams.Dsl;
using ActorVision.Cluster.Hosting;
using ActorVision.Common;
using ActorVision.Node.Dashboard;
using ActorVision.Domain.Jobs;
using ActorVision.Domain.Jobs.Messages;
using ActorVision.Persistence.Jobs;

namespace ActorVision.Node.Jobs;

/// <summary>
/// The dashboard's Jobs panel: a cached list refreshed in the background. New job ids come from the journal's job
/// lifecycle tag, read on from the last offset; only jobs that have not finished are asked again, so the cost of a
/// refresh follows the number of active jobs, not the history.
/// </summary>
public sealed class DashboardJobFeed(IRequiredActor<JobRegion> region, ActorSystem system, ILogger<DashboardJobFeed> logger)
    : BackgroundService, IDashboardJobSource
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(5);
    private const int MaxListed = 200;

    private readonly ConcurrentDictionary<string, JobView> _views = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private Offset _offset = Offset.NoOffset();
    private volatile IReadOnlyList<DashboardJob> _current = [];

    public IReadOnlyList<DashboardJob> CurrentJobs() => _current;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(RefreshInterval);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Failover or a journal hiccup: keep showing the last list and try again on the next tick.
                logger.LogDebug(e, "refreshing the dashboard's job list failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var journal = PersistenceQuery.Get(system).ReadJournalFor<SqlReadJournal>(SqlReadJournal.Identifier);
        var added = await journal.CurrentEventsByTag(JobEventTagger.LifecycleTag, _offset)
            .RunWith(Sink.Seq<EventEnvelope>(), system.Materializer());
        foreach (var envelope in added)
        {
            _ids.Add(envelope.PersistenceId["job-".Length..]);
            _offset = envelope.Offset;
        }

        var shards = await region.GetAsync(cancellationToken);
        var pending = _ids.Where(id => !_views.TryGetValue(id, out var view) || !view.Status.IsFinished()).ToList();
        foreach (var id in pending)
        {
            if (await shards.Ask<object>(new GetJob(id), AskTimeout, cancellationToken) is JobView view) _views[id] = view;
        }
        _current = _views.Values
            .OrderByDescending(v => v.SubmittedAt)
            .Take(MaxListed)
            .Select(ToDashboard)
            .ToList();
    }

    private static DashboardJob ToDashboard(JobView view) => new(
        view.JobId,
        InputName(view.Spec.Input),
        view.Status.ToString(),
        view.Progress.Percent / 100,
        view.EtaSeconds is { } eta ? TimeSpan.FromSeconds(eta) : null,
        view.StartedAt,
        view.Status == JobStatus.Completed ? JobsEndpoints.ResultsPath(view.JobId, "jsonl") : null);

    /// <summary>What the dashboard calls a job: the input's file name, without a URL's query (it may carry a token).</summary>
    public static string InputName(string input)
    {
        var url = MediaUrl.Parse(input);
        return Path.GetFileName(url.HasAuthority ? url.Path : url.IsFile ? url.Path : UrlRedaction.Redact(input));
    }
}
