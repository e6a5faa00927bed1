using System.Threading.Channels;
using Akka.Actor;
using ActorVision.Cluster.Cameras.Messages;
using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Node.Dashboard;

/// <summary>
/// The live views this node serves. For every camera somebody watches here, it holds a lease on the camera's live
/// view (through the camera region, so the camera may run on any node) and renews it while at least one browser
/// watches; each JPEG that arrives goes to every browser stream of that camera. A slow browser loses frames (its
/// channel keeps the newest), it never delays the others. When the last browser leaves, the lease simply runs out.
/// </summary>
public sealed class LiveViewHub : ReceiveActor, IWithTimers
{
    private readonly IActorRef _region;
    private readonly DashboardSettings _settings;
    private readonly Dictionary<string, List<ChannelWriter<LiveViewFrame>>> _viewers = new(StringComparer.Ordinal);

    public LiveViewHub(IActorRef cameraRegion, DashboardSettings settings)
    {
        _region = cameraRegion;
        _settings = settings;

        Receive<OpenLiveView>(m =>
        {
            if (!_viewers.TryGetValue(m.CameraId, out var list)) _viewers[m.CameraId] = list = [];
            list.Add(m.Viewer);
            if (list.Count == 1) Watch(m.CameraId);
        });
        Receive<CloseLiveView>(m =>
        {
            if (!_viewers.TryGetValue(m.CameraId, out var list)) return;
            list.Remove(m.Viewer);
            m.Viewer.TryComplete();
            if (list.Count == 0) _viewers.Remove(m.CameraId);
        });
        Receive<LiveViewFrame>(frame =>
        {
            if (!_viewers.TryGetValue(frame.CameraId, out var list)) return;
            foreach (var viewer in list) viewer.TryWrite(frame);
        });
        Receive<Renew>(_ =>
        {
            foreach (var camera in _viewers.Keys) Watch(camera);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(IActorRef cameraRegion, DashboardSettings settings) =>
        Akka.Actor.Props.Create(() => new LiveViewHub(cameraRegion, settings));

    /// <summary>The channel a browser stream reads: the newest two frames, older ones dropped.</summary>
    public static Channel<LiveViewFrame> CreateViewerChannel() =>
        Channel.CreateBounded<LiveViewFrame>(new BoundedChannelOptions(2)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
            SingleWriter = true,
        });

    protected override void PreStart()
    {
        var renewal = _settings.LiveViewLease / 3;
        Timers.StartPeriodicTimer("renew", Renew.Instance, renewal, renewal);
    }

    protected override void PostStop()
    {
        foreach (var viewer in _viewers.Values.SelectMany(v => v)) viewer.TryComplete();
    }

    private void Watch(string cameraId) =>
        _region.Tell(new WatchLiveView(cameraId, Self, _settings.LiveViewFps, _settings.LiveViewLease));

    private sealed record Renew
    {
        public static Renew Instance { get; } = new();
    }
}
