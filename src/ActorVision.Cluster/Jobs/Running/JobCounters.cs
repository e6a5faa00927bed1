namespace ActorVision.Cluster.Jobs.Running;

/// <summary>
/// What a running job's stages count, from their own threads; the runner reads them every status interval.
/// Plain interlocked fields: nothing allocated per frame.
/// </summary>
public sealed class JobCounters
{
    private long _framesDone;
    private long _framesAnalysed;

    public JobCounters(long framesDone, long framesAnalysed)
    {
        _framesDone = framesDone;
        _framesAnalysed = framesAnalysed;
    }

    /// <summary>Frames decoded so far (the position in the video), earlier attempts included.</summary>
    public long FramesDone => Interlocked.Read(ref _framesDone);

    /// <summary>Frames analysed so far, earlier attempts included.</summary>
    public long FramesAnalysed => Interlocked.Read(ref _framesAnalysed);

    /// <summary>The frame with decode index <paramref name="sequence"/> left the decoder.</summary>
    public void Decoded(long sequence) => Interlocked.Exchange(ref _framesDone, sequence + 1);

    public long Analysed() => Interlocked.Increment(ref _framesAnalysed);
}
