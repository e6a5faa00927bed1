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
}
