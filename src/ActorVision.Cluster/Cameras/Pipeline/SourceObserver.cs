using ActorVision.Media;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// What the source stage tells its pipeline, from the source's own thread. The pipeline actor turns these into
/// state changes (Running, Reconnecting with the reason, Completed, Failed).
/// </summary>
public interface ISourceObserver
{
    void Opened(StreamInfo info);
    void Failed(MediaException error);
    /// <summary>The current source, so the pipeline can interrupt a blocking read when it stops.</summary>
    void Current(FrameSource? source);
    /// <summary>A frame was read in <paramref name="elapsed"/> (demux, decode, scale), for the decode histogram.</summary>
    void FrameRead(TimeSpan elapsed) { }
    /// <summary>The source's decoding fell <paramref name="lag"/> behind real time and it drops frames to catch up
    /// (<see cref="FrameSourceOptions.MaxDecodeLag"/>): once per episode.</summary>
    void FellBehind(TimeSpan lag) { }
}
