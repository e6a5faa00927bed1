using System.Runtime.InteropServices;

namespace ActorVision.Media.Interop;

/// <summary>Mirrors avs_planes: the three planes of a YUV 4:2:0 picture owned by the shim.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativePlanes
{
    public nint Y, U, V;
    public int StrideY, StrideU, StrideV;
    public int Width, Height;
}
