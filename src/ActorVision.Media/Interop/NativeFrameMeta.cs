using System.Runtime.InteropServices;

namespace ActorVision.Media.Interop;

/// <summary>Mirrors avs_frame_meta: what the shim knows of the picture it just decoded.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeFrameMeta
{
    public const long NoPts = long.MinValue;

    public long Pts;
    public long Duration;
    public int Width, Height;
    public int KeyFrame;
    public int Corrupt;
    public long FramesDecoded;
    public long DecodeErrors;
}
