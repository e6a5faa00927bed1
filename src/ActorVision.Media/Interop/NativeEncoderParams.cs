using System.Runtime.InteropServices;
using System.Text;

namespace ActorVision.Media.Interop;

/// <summary>Mirrors avs_encoder_params.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeEncoderParams
{
    public int Width, Height;
    public int TimeBaseNum, TimeBaseDen;
    public int FpsNum, FpsDen;
    public long BitRate;
    public int Gop;
    public int MaxBFrames;
    public int Threads;
    public int QScale;
    public int FullRange;
    public int GlobalHeader;
    public fixed byte Codec[32];

    public void SetCodec(string codec)
    {
        fixed (byte* p = Codec) Write(codec, new Span<byte>(p, 32));
    }

    private static void Write(string text, Span<byte> destination)
    {
        destination.Clear();
        if (Encoding.UTF8.GetByteCount(text) >= destination.Length)
            throw new ArgumentException($"'{text}' is longer than the {destination.Length - 1} bytes the encoder accepts.");
        Encoding.UTF8.GetBytes(text, destination);
    }
}
