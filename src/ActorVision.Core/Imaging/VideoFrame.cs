using System.Runtime.InteropServices;

namespace ActorVision.Core.Imaging;

/// <summary>
/// A decoded picture in a pooled, pinned buffer. Reference counted so that several consumers
/// (inference, encoder, snapshot) share one decoded frame without copying: each consumer that keeps the
/// frame beyond the call that handed it over calls <see cref="Retain"/>, and every holder calls
/// <see cref="Release"/> once. The last release returns the frame to its <see cref="FramePool"/>.
/// </summary>
public sealed class VideoFrame : IDisposable
{
    /// <summary>Row starts are aligned for FFmpeg's SIMD scalers.</summary>
    public const int Alignment = 64;

    private readonly FramePool? _pool;
    private readonly byte[] _buffer;
    private readonly int _offset;
    private int _refCount;

    internal VideoFrame(FramePool? pool, int width, int height, PixelFormat format)
    {
        if (width <= 0) throw new ArgumentOutOfRangeException(nameof(width));
        if (height <= 0) throw new ArgumentOutOfRangeException(nameof(height));
        _pool = pool;
        Width = width;
        Height = height;
        Format = format;
        Stride = AlignUp(width * format.BytesPerPixel(), Alignment);
        // The pinned object heap keeps the address stable, so native code can write into it without a GCHandle per frame.
        _buffer = GC.AllocateUninitializedArray<byte>(Stride * height + Alignment, pinned: true);
        _offset = (int)(AlignUp(BaseAddress, Alignment) - BaseAddress);
        _refCount = 1;
    }

    /// <summary>A frame that belongs to no pool (tests, one-off images). Released frames are left to the GC.</summary>
    public static VideoFrame Allocate(int width, int height, PixelFormat format) => new(null, width, height, format);

    public int Width { get; }
    public int Height { get; }
    public PixelFormat Format { get; }
    /// <summary>Bytes from the start of one row to the start of the next.</summary>
    public int Stride { get; }

    /// <summary>Position of the frame in its source's decode order (0-based, counts every decoded frame).</summary>
    public long Sequence { get; private set; }
    /// <summary>Presentation timestamp as the stream gave it, in the stream's time base.</summary>
    public long Pts { get; private set; }
    /// <summary>Monotonic media time of the frame: PTS converted to time and made continuous across resets and jumps.</summary>
    public TimeSpan StreamTime { get; private set; }
    /// <summary>Wall-clock time the frame was captured (decoded, for live sources).</summary>
    public DateTime CaptureTimeUtc { get; private set; }

    public int RefCount => Volatile.Read(ref _refCount);
    public int Length => Stride * Height;

    public Span<byte> Pixels => _buffer.AsSpan(_offset, Length);

    public Span<byte> Row(int y) => _buffer.AsSpan(_offset + y * Stride, Width * Format.BytesPerPixel());

    /// <summary>Address of the first pixel; valid while the frame is held (the buffer is pinned for its lifetime).</summary>
    public nint Pointer => BaseAddress + _offset;

    private nint BaseAddress => Marshal.UnsafeAddrOfPinnedArrayElement(_buffer, 0);

    public void SetTiming(long sequence, long pts, TimeSpan streamTime, DateTime captureTimeUtc)
    {
        Sequence = sequence;
        Pts = pts;
        StreamTime = streamTime;
        CaptureTimeUtc = captureTimeUtc;
    }

    /// <summary>Adds a holder. Returns this frame for chaining.</summary>
    public VideoFrame Retain()
    {
        var count = Interlocked.Increment(ref _refCount);
        if (count <= 1)
        {
            Interlocked.Decrement(ref _refCount);
            throw new ObjectDisposedException(nameof(VideoFrame), "Retain on a frame that was already released to its pool.");
        }
        return this;
    }

    /// <summary>Drops a holder; the last one returns the frame to its pool.</summary>
    public void Release()
    {
        var count = Interlocked.Decrement(ref _refCount);
        if (count == 0)
        {
            _pool?.Return(this);
        }
        else if (count < 0)
        {
            Interlocked.Increment(ref _refCount);
            throw new InvalidOperationException("VideoFrame released more times than it was retained.");
        }
    }

    void IDisposable.Dispose() => Release();

    internal void Reset()
    {
        _refCount = 1;
        SetTiming(0, 0, TimeSpan.Zero, default);
    }

    /// <summary>Copies pixels and timing from a frame of the same size and format.</summary>
    public void CopyFrom(VideoFrame source)
    {
        if (source.Width != Width || source.Height != Height || source.Format != Format)
            throw new ArgumentException($"Cannot copy a {source.Width}x{source.Height} {source.Format} frame into {Width}x{Height} {Format}.", nameof(source));
        source.Pixels.CopyTo(Pixels);
        SetTiming(source.Sequence, source.Pts, source.StreamTime, source.CaptureTimeUtc);
    }

    private static int AlignUp(int value, int alignment) => (value + alignment - 1) / alignment * alignment;
    private static nint AlignUp(nint value, int alignment) => (value + alignment - 1) / alignment * alignment;

    public override string ToString() => $"{Width}x{Height} {Format} #{Sequence} t={StreamTime.TotalSeconds:0.000}s";
}
