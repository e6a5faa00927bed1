using ActorVision.Cluster.Cameras.Pipeline;
using ActorVision.Media;

namespace ActorVision.Cluster.Jobs.Running;

/// <summary>
/// Keeps what the decode thread reports about a job's source: the stream info (frame count for progress), the open
/// source (its undecodable-frame count; interrupting it when the job is cancelled) and the last failure.
/// </summary>
public sealed class JobSourceObserver : ISourceObserver
{
    private volatile FrameSource? _source;
    private volatile StreamInfo? _info;
    private long _lastCorrupt;
    private long _lastDecoded;

    public SourceHandle Handle { get; } = new();

    public StreamInfo? Info => _info;

    /// <summary>Damaged frames the decoder met so far (kept after the source closed).</summary>
    public long FramesCorrupt => _source is { } source ? Interlocked.Exchange(ref _lastCorrupt, source.FramesCorrupt) : Interlocked.Read(ref _lastCorrupt);

    /// <summary>Frames decoded, from the start of the input (kept after the source closed).</summary>
    public long FramesDecoded => _source is { } source ? Interlocked.Exchange(ref _lastDecoded, source.FramesDecoded) : Interlocked.Read(ref _lastDecoded);

    public void Opened(StreamInfo info)
    {
        _info = info;
        Handle.Opened(info);
    }

    public void Failed(MediaException error) { }

    public void Current(FrameSource? source)
    {
        if (source is null && _source is { } closing)
        {
            // Read the final counts before the source is disposed.
            Interlocked.Exchange(ref _lastCorrupt, closing.FramesCorrupt);
            Interlocked.Exchange(ref _lastDecoded, closing.FramesDecoded);
        }
        _source = source;
        Handle.Set(source);
    }
}
