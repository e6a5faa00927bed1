using Akka.Actor;
using Akka.Event;
using ActorVision.Cluster.Telemetry;
using ActorVision.Domain.Storage;

namespace ActorVision.Cluster.Storage;

/// <summary>
/// Measures the free space of the node's data folder every check interval and decides, by the
/// <see cref="FreeSpaceRule"/>, whether snapshots and recordings pause. A change is logged, set on
/// <see cref="NodeStorage"/> and published on the event stream. Runs on the storage dispatcher: statvfs on a network
/// file system can block.
/// </summary>
public sealed class DiskSpaceWatch : ReceiveActor, IWithTimers
{
    public const string Name = "disk-space-watch";
    private static readonly object Check = new();

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly ActorVisionMetrics _metrics = ActorVisionMetrics.Get(Context.System);
    private readonly string _folder;
    private readonly FreeSpaceRule _rule;
    private readonly TimeSpan _interval;
    private readonly NodeStorage _storage;

    public DiskSpaceWatch(string folder, FreeSpaceRule rule, TimeSpan interval)
    {
        _folder = folder;
        _rule = rule;
        _interval = interval;
        _storage = NodeStorage.Get(Context.System);
        Receive<object>(m => ReferenceEquals(m, Check), _ => Measure());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string folder, FreeSpaceRule rule, TimeSpan interval) =>
        Akka.Actor.Props.Create(() => new DiskSpaceWatch(folder, rule, interval)).WithDispatcher(StorageDispatcher.Id);

    protected override void PreStart()
    {
        _metrics.ObserveStorage(_storage);
        Measure();
        Timers.StartPeriodicTimer("check", Check, _interval);
    }

    protected override void PostStop() => _metrics.StopObservingStorage(_storage);

    private void Measure()
    {
        DiskSpace space;
        try
        {
            var drive = new DriveInfo(_folder);
            space = new DiskSpace(drive.AvailableFreeSpace, drive.TotalSize);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            _log.Warning("disk space of {0} cannot be measured: {1}", _folder, ex.Message);
            return;
        }
        var before = _storage.Current;
        var paused = _rule.Paused(space, before.WritesPaused);
        var state = new StorageState(paused, space, _folder, paused ? _rule.Describe(space, _folder) : null);
        _storage.Set(state);
        if (paused == before.WritesPaused) return;
        if (paused) _log.Warning("{0}", state.Reason);
        else _log.Info("disk space back: {0} on {1}; snapshots and recordings resume", space, _folder);
        Context.System.EventStream.Publish(state);
    }
}
