using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using ActorVision.Cluster.Telemetry;
using ActorVision.Domain.Storage;

namespace ActorVision.Cluster.Storage;

/// <summary>Sweeps now and answers <see cref="RetentionSwept"/> (operators' tooling, tests).</summary>
public sealed record SweepNow
{
    public static SweepNow Instance { get; } = new();
}

/// <summary>What one sweep did, a report per kind of output (steps skipped on this node are absent).</summary>
public sealed record RetentionSwept(IReadOnlyList<RetentionReport> Reports);

/// <summary>
/// Enforces this node's retention settings in the background: every retention interval, and at once when disk space
/// runs low, it runs each <see cref="IRetentionStep"/> in turn. Steps on shared tables (event index, journal) run
/// only on the oldest member, so the cluster does the work once. On the storage dispatcher: walking and deleting files
/// blocks.
/// </summary>
public sealed class RetentionSweeper : ReceiveActor, IWithTimers
{
    public const string Name = "retention";
    private static readonly object Tick = new();

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ActorVisionMetrics _metrics = ActorVisionMetrics.Get(Context.System);
    private readonly IReadOnlyList<IRetentionStep> _steps;
    private readonly TimeSpan _interval;
    private readonly CancellationTokenSource _stopping = new();

    public RetentionSweeper(IReadOnlyList<IRetentionStep> steps, TimeSpan interval)
    {
        _steps = steps;
        _interval = interval;
        ReceiveAsync<SweepNow>(async _ =>
        {
            var replyTo = Sender;
            replyTo.Tell(new RetentionSwept(await SweepAsync().ConfigureAwait(true)));
        });
        ReceiveAsync<object>(m => ReferenceEquals(m, Tick), async _ => await SweepAsync().ConfigureAwait(true));
        Receive<StorageState>(state =>
        {
            // Space is short: what retention may delete goes now, not at the next interval.
            if (state.WritesPaused) Self.Tell(Tick);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IReadOnlyList<IRetentionStep> steps, TimeSpan interval) =>
        Akka.Actor.Props.Create(() => new RetentionSweeper(steps, interval)).WithDispatcher(StorageDispatcher.Id);

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(StorageState));
        Timers.StartPeriodicTimer("sweep", Tick, _interval);
    }

    protected override void PostStop()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task<IReadOnlyList<RetentionReport>> SweepAsync()
    {
        var reports = new List<RetentionReport>();
        var oldest = new Lazy<bool>(IsOldestMember);
        foreach (var step in _steps)
        {
            if (step.OncePerCluster && !oldest.Value) continue;
            RetentionReport report;
            try
            {
                report = await step.RunAsync(DateTime.UtcNow, _stopping.Token).ConfigureAwait(true);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                report = new RetentionReport(step.Kind, 0, 0, ex.Message);
            }
            reports.Add(report);
            _metrics.RetentionSwept(step.Kind, report.Deleted);
            if (report.Error is not null) _log.Warning("retention: {0}", report);
            else if (report.Deleted > 0) _log.Info("retention: {0}", report);
        }
        return reports;
    }

    /// <summary>The oldest Up member does the cluster's shared work (a node alone in its cluster is the oldest).</summary>
    private bool IsOldestMember()
    {
        var cluster = Akka.Cluster.Cluster.Get(Context.System);
        var up = cluster.State.Members.Where(m => m.Status == MemberStatus.Up).ToArray();
        if (up.Length == 0) return false;
        var oldest = up.Aggregate((a, b) => a.IsOlderThan(b) ? a : b);
        return oldest.Address == cluster.SelfAddress;
    }
}
