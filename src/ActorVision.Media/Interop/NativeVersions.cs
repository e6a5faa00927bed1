using System.Runtime.InteropServices;

namespace ActorVision.Media.Interop;

/// <summary>Mirrors avs_versions: AV_VERSION_INT values the shim was compiled with and the ones running.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct NativeVersions
{
    public int AvcodecCompiled, AvcodecRunning;
    public int AvformatCompiled, AvformatRunning;
    public int AvutilCompiled, AvutilRunning;
    public int SwscaleCompiled, SwscaleRunning;
}
