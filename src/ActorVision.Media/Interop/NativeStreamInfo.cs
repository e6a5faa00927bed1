using System.Runtime.InteropServices;
using System.Text;

namespace ActorVision.Media.Interop;

/// <summary>Mirrors avs_stream_info.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NativeStreamInfo
{
    public int Width, Height;
    public int TimeBaseNum, TimeBaseDen;
    public int FpsNum, FpsDen;
    public long DurationMicroseconds;
    public long FrameCount;
    public long StartPts;
    public int HardwareActive;
    public int Reserved;
    public fixed byte Codec[32];
    public fixed byte Container[32];
    public fixed byte HardwareReason[256];

    public string CodecName
    {
        get { fixed (byte* p = Codec) return NativeText.Read(p, 32); }
    }

    public string ContainerName
    {
        get { fixed (byte* p = Container) return NativeText.Read(p, 32); }
    }

    public string HardwareFallbackReason
    {
        get { fixed (byte* p = HardwareReason) return NativeText.Read(p, 256); }
    }
}
