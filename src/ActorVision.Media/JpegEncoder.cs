using System.Buffers;
using ActorVision.Core.Geometry;
using ActorVision.Core.Imaging;
using ActorVision.Media.Interop;
using ActorVision.Media.Overlay;

namespace ActorVision.Media;

/// <summary>
/// JPEG snapshots (event thumbnails, the dashboard's MJPEG view) of a frame or a region of it, optionally scaled
/// down and annotated, with FFmpeg's MJPEG encoder. The source frame is never modified: the overlay draws on the
/// encoder's own copy, in frame coordinates. Encoder contexts are kept per output size and reused.
/// Not thread-safe: one instance per thread.
/// </summary>
public sealed class JpegEncoder : IDisposable
{
    private readonly int _qscale;
    private readonly int _cacheSize;
    private readonly LinkedList<PictureEncoder> _cache = new(); // most recently used first
    private long _pts;

    /// <param name="quality">1 (smallest) to 100 (best).</param>
    /// <param name="cachedSizes">Encoder contexts kept for reuse, one per output size.</param>
    public JpegEncoder(int quality = 85, int cachedSizes = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cachedSizes);
        NativeLibraryCheck.EnsureLoaded();
        Quality = quality;
        _qscale = (int)Math.Round(2 + (100 - quality) * 29 / 99.0);
        _cacheSize = cachedSizes;
    }

    public int Quality { get; }

    /// <summary>Encodes the frame, or <paramref name="region"/> of it, scaled so its longer side is at most
    /// <paramref name="maxSize"/> pixels (0 = no limit).</summary>
    public byte[] Encode(VideoFrame frame, BoxF? region = null, int maxSize = 0, Action<Canvas>? overlay = null)
    {
        var writer = new ArrayBufferWriter<byte>();
        EncodeTo(writer, frame, region, maxSize, overlay);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>As <see cref="Encode"/>, appending the JPEG to <paramref name="destination"/> (no array per snapshot).</summary>
    /// <returns>The JPEG's size in bytes.</returns>
    public int EncodeTo(IBufferWriter<byte> destination, VideoFrame frame, BoxF? region = null, int maxSize = 0, Action<Canvas>? overlay = null)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSize);
        var (x, y, width, height) = Crop(frame, region);
        var (outWidth, outHeight) = OutputSize(width, height, maxSize);

        var encoder = EncoderFor(outWidth, outHeight);
        var first = frame.Pointer + y * frame.Stride + x * frame.Format.BytesPerPixel();
        encoder.Load(first, frame.Stride, width, height, frame.Format);
        if (overlay is not null)
        {
            var canvas = encoder.Canvas();
            var sx = (float)outWidth / width;
            var sy = (float)outHeight / height;
            canvas.SetTransform(sx, sy, -x * sx, -y * sy);
            overlay(canvas);
        }
        encoder.Send(_pts++, keyframe: true);
        if (!encoder.TryReceive(out var packet))
            throw new MediaException(MediaErrorKind.Encoder, "the JPEG encoder produced no picture");
        var target = destination.GetSpan(packet.Size);
        unsafe
        {
            new ReadOnlySpan<byte>((void*)packet.Data, packet.Size).CopyTo(target);
        }
        destination.Advance(packet.Size);
        return packet.Size;
    }

    public void Dispose()
    {
        foreach (var encoder in _cache) encoder.Dispose();
        _cache.Clear();
    }

    private static (int X, int Y, int Width, int Height) Crop(VideoFrame frame, BoxF? region)
    {
        if (region is not { } box) return (0, 0, frame.Width, frame.Height);
        var clamped = box.Clamp(frame.Width, frame.Height);
        var x0 = (int)MathF.Floor(clamped.X1);
        var y0 = (int)MathF.Floor(clamped.Y1);
        var x1 = (int)MathF.Ceiling(clamped.X2);
        var y1 = (int)MathF.Ceiling(clamped.Y2);
        if (x1 - x0 < 2 || y1 - y0 < 2)
            throw new MediaException(MediaErrorKind.InvalidArgument, $"snapshot region {box} has no area inside the {frame.Width}x{frame.Height} frame");
        return (x0, y0, x1 - x0, y1 - y0);
    }

    /// <summary>Even sizes (4:2:0 chroma), the longer side limited to maxSize, aspect kept.</summary>
    internal static (int Width, int Height) OutputSize(int width, int height, int maxSize)
    {
        double scale = maxSize > 0 && Math.Max(width, height) > maxSize ? (double)maxSize / Math.Max(width, height) : 1;
        return (Even(width * scale), Even(height * scale));

        static int Even(double value) => Math.Max(2, (int)Math.Floor(value / 2) * 2);
    }

    private PictureEncoder EncoderFor(int width, int height)
    {
        for (var node = _cache.First; node is not null; node = node.Next)
        {
            if (node.Value.Width != width || node.Value.Height != height) continue;
            _cache.Remove(node);
            _cache.AddFirst(node);
            return node.Value;
        }
        var parameters = new NativeEncoderParams
        {
            Width = width,
            Height = height,
            TimeBaseNum = 1,
            TimeBaseDen = 25,
            QScale = _qscale,
            FullRange = 1,
            Threads = 1,
            MaxBFrames = -1,
        };
        parameters.SetCodec("mjpeg");
        var encoder = PictureEncoder.TryOpen(parameters, [], out var code, out var error)
            ?? throw new MediaException(MediaErrorKind.Encoder, $"cannot open the JPEG encoder for {width}x{height}: {error}", nativeCode: code);
        _cache.AddFirst(encoder);
        if (_cache.Count > _cacheSize)
        {
            _cache.Last!.Value.Dispose();
            _cache.RemoveLast();
        }
        return encoder;
    }
}
