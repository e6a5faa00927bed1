using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Cluster.Devices;

namespace ActorVision.Node.Observability;

/// <summary>
/// Asks this node's device routers for their load every interval, keeps the answers for the metric gauges and
/// publishes them for the dashboards of every node. Asks run in parallel and a slow router only misses a round.
/// </summary>
public sealed class DeviceLoadMonitor : ReceiveActor, IWithTimers
{
    /// <summary>Distributed pub/sub topic of <see cref="DeviceLoadReport"/>.</summary>
    public const string Topic = "device-load";

    private readonly DeviceDirectory _devices;
    private readonly NodeObservations _observations;
    private readonly TimeSpan _interval;
    private readonly string _node;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _asking;

    public DeviceLoadMonitor(DeviceDirectory devices, NodeObservations observations, TimeSpan interval)
    {
        _devices = devices;
        _observations = observations;
        _interval = interval;
        _node = Akka.Cluster.Cluster.Get(Context.System).SelfAddress.ToString();

        Receive<Tick>(_ => Measure());
        Receive<Measured>(OnMeasured);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(DeviceDirectory devices, NodeObservations observations, TimeSpan interval) =>
        Akka.Actor.Props.Create(() => new DeviceLoadMonitor(devices, observations, interval));

    protected override void PreStart() => Timers.StartPeriodicTimer("tick", Tick.Instance, TimeSpan.Zero, _interval);

    private void Measure()
    {
        var routers = _devices.Devices.Devices;
        if (_asking || routers.Count == 0) return;
        _asking = true;
        var timeout = _interval;
        var asks = routers.Select(async d =>
        {
            try
            {
                return await d.Router.Ask<DeviceLoad>(GetDeviceLoad.Instance, timeout).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException)
            {
                return null;
            }
        });
        Task.WhenAll(asks).ContinueWith(t => new Measured(t.IsCompletedSuccessfully ? t.Result.OfType<DeviceLoad>().ToArray() : []),
            TaskScheduler.Default).PipeTo(Self);
    }

    private void OnMeasured(Measured measured)
    {
        _asking = false;
        if (measured.Loads.Count == 0)
        {
            _log.Debug("no device router answered within {0}", _interval);
            return;
        }
        _observations.DevicesMeasured(measured.Loads);
        // The node's capacity estimate follows device loads on the event stream.
        foreach (var load in measured.Loads) Context.System.EventStream.Publish(load);
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Publish(Topic, new DeviceLoadReport(_node, DateTime.UtcNow, measured.Loads)));
    }

    private sealed record Tick
    {
        public static Tick Instance { get; } = new();
    }

    private sealed record Measured(IReadOnlyList<DeviceLoad> Loads);
}
