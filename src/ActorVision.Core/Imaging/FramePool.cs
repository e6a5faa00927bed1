namespace ActorVision.Core.Imaging;

/// <summary>
/// Recycles <see cref="VideoFrame"/>s of one size and format so steady-state decoding allocates nothing.
/// Frames still held when the free list is full are left to the GC, which bounds the memory a slow
/// consumer can pin.
/// </summary>
public sealed class FramePool
{
    private readonly Stack<VideoFrame> _free;
    private readonly Lock _gate = new();
    private readonly int _maxRetained;
    private long _created;

    public FramePool(int width, int height, PixelFormat format, int maxRetained = 32)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxRetained);
        Width = width;
        Height = height;
        Format = format;
        _maxRetained = maxRetained;
        _free = new Stack<VideoFrame>(maxRetained);
    }

    public int Width { get; }
    public int Height { get; }
    public PixelFormat Format { get; }

    /// <summary>Frames this pool has allocated since it was made; flat in steady state.</summary>
    public long Created => Interlocked.Read(ref _created);
    public int Available
    {
        get { lock (_gate) return _free.Count; }
    }

    /// <summary>A frame with one holder (the caller).</summary>
    public VideoFrame Rent()
    {
        VideoFrame? frame;
        lock (_gate) _free.TryPop(out frame);
        if (frame is not null)
        {
            frame.Reset();
            return frame;
        }
        Interlocked.Increment(ref _created);
        return new VideoFrame(this, Width, Height, Format);
    }

    internal void Return(VideoFrame frame)
    {
        lock (_gate)
        {
            if (_free.Count < _maxRetained) _free.Push(frame);
        }
    }
}
