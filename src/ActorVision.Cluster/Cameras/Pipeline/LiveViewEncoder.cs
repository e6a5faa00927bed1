using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using ActorVision.Cluster.Cameras.Messages;
using ActorVision.Domain.Cameras.Messages;
using ActorVision.Media;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// The live view of one camera (a child of its pipeline), on a dispatcher of its own for this blocking work: keeps the
/// viewers and their leases, draws the overlay on the frame the <see cref="LiveViewTap"/> took, encodes a JPEG and
/// sends the bytes to every viewer. The JPEG encoder exists only while someone watches.
/// </summary>
public sealed class LiveViewEncoder : ReceiveActor, IWithTimers
{
    /// <summary>Dispatcher of the encoders (hocon/actorvision.conf): a small pool of its own, never the default dispatcher.</summary>
    public const string DispatcherId = "actorvision.live-view-dispatcher";

    private const int MaxPictureSize = 1280;
    private static readonly TimeSpan LeaseCheck = TimeSpan.FromSeconds(1);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly string _cameraId;
    private readonly LiveViewTap _tap;
    private readonly FrameAnalyser _analyser;
    private readonly CameraOverlay _overlay;
    private readonly List<Viewer> _viewers = [];
    private JpegEncoder? _encoder;
    private long _sequence;
    private long _lost;

    public LiveViewEncoder(string cameraId, LiveViewTap tap, FrameAnalyser analyser)
    {
        _cameraId = cameraId;
        _tap = tap;
        _analyser = analyser;
        _overlay = new CameraOverlay(() => analyser.Rules);
        Receive<WatchLiveView>(Watch);
        Receive<LiveFrameReady>(_ => Encode());
        Receive<CheckLeases>(_ => ExpireLeases());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string cameraId, LiveViewTap tap, FrameAnalyser analyser) =>
        Akka.Actor.Props.Create(() => new LiveViewEncoder(cameraId, tap, analyser)).WithDispatcher(DispatcherId);

    protected override void PreStart() => _tap.Attach(Self);

    protected override void PostStop()
    {
        _tap.Viewers(0, 0);
        _analyser.ViewersWatching = false;
        _encoder?.Dispose();
    }

    private void Watch(WatchLiveView watch)
    {
        var expires = Stopwatch.GetTimestamp() + (long)(Math.Clamp(watch.Lease.TotalSeconds, 1, 300) * Stopwatch.Frequency);
        var fps = double.IsFinite(watch.MaxFps) && watch.MaxFps > 0 ? Math.Min(watch.MaxFps, 30) : 5;
        _viewers.RemoveAll(v => v.Ref.Equals(watch.Viewer));
        _viewers.Add(new Viewer(watch.Viewer, expires, fps));
        if (!Timers.IsTimerActive(nameof(CheckLeases))) Timers.StartPeriodicTimer(nameof(CheckLeases), CheckLeases.Instance, LeaseCheck);
        Publish();
    }

    private void ExpireLeases()
    {
        var now = Stopwatch.GetTimestamp();
        if (_viewers.RemoveAll(v => v.ExpiresTicks <= now) == 0) return;
        Publish();
        if (_viewers.Count > 0) return;
        Timers.Cancel(nameof(CheckLeases));
        // Nobody watches: the encoder's native memory goes until someone does again.
        _encoder?.Dispose();
        _encoder = null;
    }

    private void Publish()
    {
        _tap.Viewers(_viewers.Count, _viewers.Count == 0 ? 0 : _viewers.Max(v => v.MaxFps));
        _analyser.ViewersWatching = _viewers.Count > 0;
    }

    private void Encode()
    {
        // Null when an earlier message already took the newest frame.
        if (_tap.Take() is not { } picture) return;
        var (frame, snapshot) = picture;
        try
        {
            if (_viewers.Count == 0) return;
            // One encoder per camera, used by this actor alone (JpegEncoder is single-threaded).
            _encoder ??= new JpegEncoder(quality: 75, cachedSizes: 1);
            var jpeg = _encoder.Encode(frame, maxSize: MaxPictureSize, overlay: canvas => _overlay.Draw(canvas, snapshot, frame.Width, frame.Height));
            var message = new LiveViewFrame(_cameraId, ++_sequence, frame.CaptureTimeUtc, jpeg);
            foreach (var viewer in _viewers) viewer.Ref.Tell(message, ActorRefs.NoSender);
        }
        catch (MediaException ex)
        {
            // One lost picture; the next offer tries again. Said once, then every hundredth.
            if (_lost++ % 100 == 0) _log.Warning("camera {0}: a live-view picture could not be encoded ({1} so far): {2}", _cameraId, _lost, ex.Message);
        }
        finally
        {
            frame.Release();
        }
    }

    private sealed record Viewer(IActorRef Ref, long ExpiresTicks, double MaxFps);

    private sealed record CheckLeases
    {
        public static CheckLeases Instance { get; } = new();
    }
}
