using System.Runtime.InteropServices;

namespace ActorVision.Media.Interop;

/// <summary>Mirrors avs_source_params.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeSourceParams
{
    public long OpenTimeoutMicroseconds;
    public long ReadTimeoutMicroseconds;
    public int RtspTcp;
    public int DecoderThreads;
    public int HardwareType;
    public int OutputWidth;
    public int OutputHeight;
    public int OutputFormat;
}
