namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// Counters a camera's stream stages update from their own threads and the pipeline actor reads every status
/// interval. Plain interlocked fields: no allocation and no lock on the frame path.
/// </summary>
public sealed class PipelineCounters
{
    private long _framesIn;
    private long _framesAnalysed;
    private long _framesEncoded;
    private long _framesDropped;
    private long _reconnects;
    private long _outputFramesDropped;

    public long FramesIn => Interlocked.Read(ref _framesIn);
    public long FramesAnalysed => Interlocked.Read(ref _framesAnalysed);
    public long FramesEncoded => Interlocked.Read(ref _framesEncoded);
    /// <summary>Frames due for analysis that were not analysed: replaced by a newer frame, or refused by a full device queue.</summary>
    public long FramesDropped => Interlocked.Read(ref _framesDropped);
    public long Reconnects => Interlocked.Read(ref _reconnects);
    /// <summary>Frames the annotated output skipped because the encoder fell behind (live cameras only).</summary>
    public long OutputFramesDropped => Interlocked.Read(ref _outputFramesDropped);

    /// <summary>Capture-to-analysed latency of recent frames.</summary>
    public LatencyWindow Latency { get; } = new(256);

    public void FrameIn() => Interlocked.Increment(ref _framesIn);
    public void FrameAnalysed() => Interlocked.Increment(ref _framesAnalysed);
    public void FrameEncoded() => Interlocked.Increment(ref _framesEncoded);
    public void FrameDropped() => Interlocked.Increment(ref _framesDropped);
    public void Reconnected() => Interlocked.Increment(ref _reconnects);
    public void OutputFrameDropped() => Interlocked.Increment(ref _outputFramesDropped);
}
