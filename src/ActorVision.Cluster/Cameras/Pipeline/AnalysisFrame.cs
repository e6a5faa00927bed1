using ActorVision.Core.Detections;
using ActorVision.Core.Events;
using ActorVision.Core.Imaging;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// One frame on its way through a camera's (or job's) analysis: the frame (one reference), what the models found,
/// the events the rules raised, and the overlay of an event frame for its snapshot. <see cref="FrameAnalysisStage"/>
/// fills it and the recording stage that ends the graph <see cref="Release"/>s it, which gives the frame back to its
/// pool and this object back to its own (<see cref="AnalysisFrames"/>): steady-state analysis allocates no carriers.
/// An idle marker has no frame (a live camera that delivered nothing for a while; camera-health rules still run).
/// </summary>
public sealed class AnalysisFrame
{
    private readonly AnalysisFrames _pool;

    internal AnalysisFrame(AnalysisFrames pool) => _pool = pool;

    /// <summary>The frame, or null for the idle marker.</summary>
    public VideoFrame? Frame { get; private set; }

    /// <summary>Motion blobs and model detections, in frame pixels. Reused: read it before <see cref="Release"/>.</summary>
    public List<Detection> Detections { get; } = new(16);

    /// <summary>Events the rules raised on this frame (an empty array for most frames).</summary>
    public AnalyticsEvent[] Events { get; internal set; } = [];

    /// <summary>The tracks drawn on this frame's event snapshot; set only for event frames of cameras that take snapshots.</summary>
    public OverlaySnapshot? Overlay { get; internal set; }

    /// <summary>The analysis state after this frame, when a checkpoint is due at it (jobs).</summary>
    public AnalysisCheckpoint? Checkpoint { get; internal set; }

    public bool IsIdle => Frame is null;

    // Bookkeeping of FrameAnalysisStage while the frame waits for the device router.
    internal long CorrelationId;
    internal int RepliesDue;
    internal long SentAtTick;
    internal long StartedTimestamp;
    internal string? SkipReason;
    internal FrameDropReason DropReason;

    internal void Reset(VideoFrame? frame)
    {
        Frame = frame;
        Detections.Clear();
        Events = [];
        Overlay = null;
        Checkpoint = null;
        CorrelationId = 0;
        RepliesDue = 0;
        SentAtTick = 0;
        StartedTimestamp = 0;
        SkipReason = null;
        DropReason = default;
    }

    /// <summary>Gives the frame back to its pool (if any) and this carrier back to its own. Call once.</summary>
    public void Release()
    {
        var frame = Frame;
        Frame = null;
        frame?.Release();
        _pool.Return(this);
    }
}

/// <summary>The carriers of one graph's analysis: a few are in use at once (the window, the recording stage).</summary>
public sealed class AnalysisFrames
{
    private readonly Stack<AnalysisFrame> _free = new();
    private readonly Lock _gate = new();

    /// <summary>Carriers this pool has made; flat in steady state.</summary>
    public int Created { get; private set; }

    public AnalysisFrame Rent(VideoFrame? frame)
    {
        AnalysisFrame? carrier;
        lock (_gate)
        {
            if (!_free.TryPop(out carrier))
            {
                carrier = new AnalysisFrame(this);
                Created++;
            }
        }
        carrier.Reset(frame);
        return carrier;
    }

    internal void Return(AnalysisFrame carrier)
    {
        lock (_gate) _free.Push(carrier);
    }
}
