using System.Runtime.InteropServices;

namespace ActorVision.Media.Interop;

/// <summary>Owns an avs_output (one muxer: MP4 file, HLS folder or RTSP publish connection).</summary>
internal sealed class OutputHandle : SafeHandle
{
    public OutputHandle() : base(nint.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        AvShim.OutputFree(handle);
        return true;
    }
}
