using System.Diagnostics;
using Akka.Actor;
using ActorVision.Core.Imaging;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// Where the analysis stage hands frames to the camera's live view (its <see cref="LiveViewEncoder"/>): while at least
/// one viewer holds a lease, an analysed frame is offered here (from the last analysis stage, so the boxes drawn are
/// exactly the ones found in that frame), at most at the fastest rate a viewer asked for. A frame taken is retained
/// into a single slot and the encoder is told; when the encoder is slower than the camera, a newer frame replaces the
/// one still waiting (which is released), so the viewers always get the newest picture and never slow the camera
/// down. Cheap when nobody watches: one volatile read.
/// </summary>
public sealed class LiveViewTap : IDisposable
{
    private IActorRef _encoder = ActorRefs.Nobody;
    private volatile bool _watched;
    private long _minIntervalTicks;
    private long _nextDueTicks;
    private int _disposed;
    private LivePicture? _pending;

    /// <summary>Whether anyone watches: the analysis stage only offers frames then.</summary>
    public bool Watched => _watched;

    /// <summary>The encoder this tap hands frames to (set once, by the pipeline, before any viewer can watch).</summary>
    public void Attach(IActorRef encoder) => Volatile.Write(ref _encoder, encoder);

    /// <summary>
    /// An analysed frame (from the analysis stream, which keeps its own reference). Retains it when a viewer is due a
    /// frame; the encoder is told only when the slot was empty (otherwise it is already told and takes this one).
    /// </summary>
    public void Offer(VideoFrame frame, OverlaySnapshot overlay)
    {
        if (!_watched) return;
        var now = Stopwatch.GetTimestamp();
        if (now < Volatile.Read(ref _nextDueTicks)) return;
        Volatile.Write(ref _nextDueTicks, now + Volatile.Read(ref _minIntervalTicks));
        var replaced = Interlocked.Exchange(ref _pending, new LivePicture(frame.Retain(), overlay));
        if (Volatile.Read(ref _disposed) != 0)
        {
            // The pipeline is gone: whichever of this and Dispose takes the frame back releases it.
            Interlocked.Exchange(ref _pending, null)?.Frame.Release();
            replaced?.Frame.Release();
            return;
        }
        if (replaced is not null)
        {
            replaced.Frame.Release();
            return;
        }
        Volatile.Read(ref _encoder).Tell(LiveFrameReady.Instance, ActorRefs.NoSender);
    }

    /// <summary>The encoder takes the newest offered frame (and owns its hold); null when there is none.</summary>
    internal LivePicture? Take() => Interlocked.Exchange(ref _pending, null);

    /// <summary>The encoder's viewers changed: frames are offered at the fastest rate one of them asked for, or not at all.</summary>
    internal void Viewers(int count, double maxFps)
    {
        Volatile.Write(ref _minIntervalTicks, count == 0 ? 0 : (long)(Stopwatch.Frequency / maxFps));
        _watched = count > 0;
    }

    public void Dispose()
    {
        Interlocked.Exchange(ref _disposed, 1);
        _watched = false;
        Interlocked.Exchange(ref _pending, null)?.Frame.Release();
    }
}

/// <summary>A frame waiting for the encoder, with the overlay of its analysis.</summary>
internal sealed record LivePicture(VideoFrame Frame, OverlaySnapshot Overlay);

/// <summary>Tap to encoder: a frame waits in the tap's slot.</summary>
internal sealed record LiveFrameReady
{
    public static LiveFrameReady Instance { get; } = new();
}
