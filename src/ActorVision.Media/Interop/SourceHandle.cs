using System.Runtime.InteropServices;

namespace ActorVision.Media.Interop;

/// <summary>Owns an avs_source. The marshaller's add-ref keeps it alive during a call, so Dispose on another thread
/// waits for the blocking call (which <see cref="AvShim.SourceInterrupt"/> ends) instead of freeing under it.</summary>
internal sealed class SourceHandle : SafeHandle
{
    public SourceHandle() : base(nint.Zero, ownsHandle: true) { }

    public override bool IsInvalid => handle == nint.Zero;

    protected override bool ReleaseHandle()
    {
        AvShim.SourceFree(handle);
        return true;
    }
}
