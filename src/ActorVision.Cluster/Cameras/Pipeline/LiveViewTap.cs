using System.Diagnostics;
using Akka.Actor;
using ActorVision.Core.Imaging;
using ActorVision.Media;
using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// The live view of one camera: while at least one viewer holds a lease, analysed frames are offered here (from the
/// last analysis stage, so the boxes drawn are exactly the ones found in that frame), at most at the fastest rate a
/// viewer asked for. A frame taken is retained and handed to an encoder thread of the tap's own, which draws the
/// overlay, encodes a JPEG and sends the bytes to every viewer. The thread exists only while someone watches, and
/// a frame offered while the previous one is still being encoded is skipped: viewers never slow the camera down.
/// </summary>
public sealed class LiveViewTap : IDisposable
{
    private const int MaxPictureSize = 1280;
    private static readonly TimeSpan IdleExit = TimeSpan.FromSeconds(2);

    private readonly string _cameraId;
    private readonly FrameAnalyser _analyser;
    private readonly object _gate = new(); // Monitor: the encoder thread waits on it
    private Viewer[] _viewers = [];
    private long _minIntervalTicks;
    private long _nextDueTicks;
    private VideoFrame? _pending;
    private bool _encoding;
    private OverlaySnapshot _pendingOverlay = OverlaySnapshot.Empty;
    private Thread? _thread;
    private bool _disposed;
    private long _sequence;

    public LiveViewTap(string cameraId, FrameAnalyser analyser)
    {
        _cameraId = cameraId;
        _analyser = analyser;
    }

    /// <summary>Whether anyone watches: the analysis stage only offers frames then.</summary>
    public bool Watched => Volatile.Read(ref _viewers).Length > 0;

    /// <summary>Adds or renews a viewer (from the pipeline actor).</summary>
    public void Watch(IActorRef viewer, double maxFps, TimeSpan lease)
    {
        var expires = Stopwatch.GetTimestamp() + (long)(Math.Clamp(lease.TotalSeconds, 1, 300) * Stopwatch.Frequency);
        var fps = double.IsFinite(maxFps) && maxFps > 0 ? Math.Min(maxFps, 30) : 5;
        lock (_gate)
        {
            if (_disposed) return;
            var viewers = _viewers.Where(v => !v.Ref.Equals(viewer)).Append(new Viewer(viewer, expires, fps)).ToArray();
            Publish(viewers);
            if (_thread is null)
            {
                _thread = new Thread(EncodeLoop) { IsBackground = true, Name = "live-view " + _cameraId };
                _thread.Start();
            }
        }
    }

    /// <summary>Drops viewers whose lease ran out (the pipeline calls it every status interval).</summary>
    public void ExpireLeases()
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (_viewers.Any(v => v.ExpiresTicks <= now)) Publish(_viewers.Where(v => v.ExpiresTicks > now).ToArray());
        }
    }

    /// <summary>
    /// An analysed frame (from the analysis stream, which keeps its own reference). Retains it only when a viewer is
    /// due a frame and the encoder is free; cheap otherwise.
    /// </summary>
    public void Offer(VideoFrame frame, OverlaySnapshot overlay)
    {
        if (!Watched) return;
        var now = Stopwatch.GetTimestamp();
        if (now < Volatile.Read(ref _nextDueTicks)) return;
        lock (_gate)
        {
            if (_disposed || _pending is not null || _encoding || _thread is null) return;
            _pending = frame.Retain();
            _pendingOverlay = overlay;
            Volatile.Write(ref _nextDueTicks, now + _minIntervalTicks);
            Monitor.Pulse(_gate);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            Publish([]);
            _pending?.Release();
            _pending = null;
            Monitor.PulseAll(_gate);
        }
    }

    private void Publish(Viewer[] viewers)
    {
        Volatile.Write(ref _viewers, viewers);
        _minIntervalTicks = viewers.Length == 0 ? 0 : (long)(Stopwatch.Frequency / viewers.Max(v => v.MaxFps));
        _analyser.ViewersWatching = viewers.Length > 0;
    }

    private void EncodeLoop()
    {
        // The encoder belongs to this thread (JpegEncoder is single-threaded) and lives as long as it does.
        using var encoder = new JpegEncoder(quality: 75, cachedSizes: 1);
        var overlay = new CameraOverlay(() => _analyser.Rules);
        while (true)
        {
            VideoFrame frame;
            OverlaySnapshot snapshot;
            lock (_gate)
            {
                while (_pending is null)
                {
                    if (_disposed || (!Monitor.Wait(_gate, IdleExit) && _viewers.Length == 0))
                    {
                        _thread = null;
                        return;
                    }
                }
                frame = _pending;
                snapshot = _pendingOverlay;
                _pending = null;
                _encoding = true;
            }
            try
            {
                Send(encoder, overlay, frame, snapshot);
            }
            catch (MediaException)
            {
                // One lost picture; the next offer tries again.
            }
            finally
            {
                lock (_gate) _encoding = false;
                frame.Release();
            }
        }
    }

    private void Send(JpegEncoder encoder, CameraOverlay overlay, VideoFrame frame, OverlaySnapshot snapshot)
    {
        var viewers = Volatile.Read(ref _viewers);
        if (viewers.Length == 0) return;
        var jpeg = encoder.Encode(frame, maxSize: MaxPictureSize, overlay: canvas => overlay.Draw(canvas, snapshot, frame.Width, frame.Height));
        var message = new LiveViewFrame(_cameraId, ++_sequence, frame.CaptureTimeUtc, jpeg);
        foreach (var viewer in viewers) viewer.Ref.Tell(message, ActorRefs.NoSender);
    }

    private sealed record Viewer(IActorRef Ref, long ExpiresTicks, double MaxFps);
}
