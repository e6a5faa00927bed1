using System.Runtime.InteropServices;

namespace ActorVision.Media.Interop;

/// <summary>Mirrors avs_packet_info: the encoder's current packet, valid until the next receive.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativePacketInfo
{
    public nint Data;
    public int Size;
    public int Key;
    public long Pts;
    public long Dts;
}
