using ActorVision.Media;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>The frame source a camera's decode thread is using now, so stopping the camera can interrupt a blocked read.</summary>
public sealed class SourceHandle
{
    private readonly Lock _gate = new();
    private FrameSource? _current;
    private bool _interrupted;
    private volatile StreamInfo? _info;

    /// <summary>What the source last opened reported (size, frame rate); null before the first open.</summary>
    public StreamInfo? Info => _info;

    public void Opened(StreamInfo info) => _info = info;

    public void Set(FrameSource? source)
    {
        lock (_gate)
        {
            _current = source;
            if (_interrupted) source?.Interrupt();
        }
    }

    /// <summary>Aborts the current blocking call, and any source opened from now on.</summary>
    public void Interrupt()
    {
        lock (_gate)
        {
            _interrupted = true;
            _current?.Interrupt();
        }
    }
}
