using ActorVision.Core.Imaging;
using ActorVision.Media.Overlay;

namespace ActorVision.Media.Interop;

/// <summary>
/// One FFmpeg video encoder with its own YUV 4:2:0 picture: convert a packed frame into the picture, let the caller
/// draw on it, encode it, collect packets. Used for H.264 (<see cref="FrameSink"/>) and JPEG (<see cref="JpegEncoder"/>).
/// </summary>
internal sealed class PictureEncoder : IDisposable
{
    private readonly Yuv420Canvas _canvas;

    private PictureEncoder(EncoderHandle handle, string codecName, bool fullRange, int width, int height)
    {
        Handle = handle;
        CodecName = codecName;
        Width = width;
        Height = height;
        _canvas = new Yuv420Canvas(fullRange);
    }

    public EncoderHandle Handle { get; }
    public string CodecName { get; }
    public int Width { get; }
    public int Height { get; }

    /// <summary>Opens the codec; on failure returns null and the reason (the caller decides whether to fall back).</summary>
    /// <param name="options">The codec's private options (preset, tune, ...).</param>
    public static unsafe PictureEncoder? TryOpen(in NativeEncoderParams parameters, IReadOnlyList<KeyValuePair<string, string>> options, out int code, out string error)
    {
        const int errorLength = 512;
        var buffer = stackalloc byte[errorLength];
        buffer[0] = 0;
        using var native = new NativeOptions(options);
        code = AvShim.EncoderOpen(parameters, native.Keys, native.Values, native.Count, out var raw, buffer, errorLength);
        error = NativeText.Read(buffer, errorLength);
        if (code < 0 || raw == nint.Zero)
        {
            if (string.IsNullOrEmpty(error)) error = NativeText.Error(code);
            return null;
        }
        var handle = new EncoderHandle(raw);
        var name = stackalloc byte[64];
        AvShim.EncoderCodecName(handle, name, 64);
        return new PictureEncoder(handle, NativeText.Read(name, 64), parameters.FullRange != 0, parameters.Width, parameters.Height);
    }

    /// <summary>Converts (and scales) a packed region into the picture: <paramref name="pixels"/> is the region's first pixel.</summary>
    public void Load(nint pixels, int stride, int width, int height, PixelFormat format)
    {
        Check(AvShim.EncoderPlanes(Handle, out _), "preparing the picture");
        Check(AvShim.EncoderConvert(Handle, pixels, stride, width, height, (int)format), "converting the picture");
    }

    /// <summary>Fills the whole picture with one colour.</summary>
    public Canvas Clear(Rgb color)
    {
        var canvas = Canvas();
        canvas.FillRectanglePixels(0, 0, Width, Height, color);
        return canvas;
    }

    /// <summary>A canvas over the picture as it is now (valid until the next Load or Send).</summary>
    public Yuv420Canvas Canvas()
    {
        Check(AvShim.EncoderPlanes(Handle, out var planes), "preparing the picture");
        _canvas.Bind(planes.Y, planes.StrideY, planes.U, planes.StrideU, planes.V, planes.StrideV, planes.Width, planes.Height);
        return _canvas;
    }

    public void Send(long pts, bool keyframe) => Check(AvShim.EncoderSend(Handle, pts, keyframe ? 1 : 0), "encoding");

    /// <summary>No more pictures: the following receives drain what the codec still holds.</summary>
    public void Finish() => Check(AvShim.EncoderFinish(Handle), "flushing the encoder");

    /// <summary>The next packet, or false when the codec needs more input (or is drained).</summary>
    public bool TryReceive(out NativePacketInfo packet)
    {
        var rc = AvShim.EncoderReceive(Handle, out packet);
        if (rc == 0) return true;
        if (rc == NativeError.TryAgain || rc == NativeError.EndOfFile) return false;
        throw new MediaException(MediaErrorKind.Encoder, $"{CodecName}: {NativeText.Error(rc)}", nativeCode: rc);
    }

    public void Dispose() => Handle.Dispose();

    private void Check(int rc, string doing)
    {
        if (rc < 0) throw new MediaException(MediaErrorKind.Encoder, $"{CodecName}: {doing} failed: {NativeText.Error(rc)}", nativeCode: rc);
    }
}
