using System.Runtime.InteropServices;

namespace ActorVision.Media.Interop;

/// <summary>Owns an avs_encoder (H.264 or MJPEG codec context, its YUV picture and scaler).</summary>
internal sealed class EncoderHandle : SafeHandle
{
    public EncoderHandle() : base(nint.Zero, ownsHandle: true) { }

    public EncoderHandle(nint existing) : base(nint.Zero, ownsHandle: true) => SetHandle(existing);

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        AvShim.EncoderFree(handle);
        return true;
    }
}
