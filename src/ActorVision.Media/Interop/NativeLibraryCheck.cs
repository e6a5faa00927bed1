using System.Runtime.InteropServices;

namespace ActorVision.Media.Interop;

/// <summary>Checks once, before any other call, that the shim loads and runs against the FFmpeg it was built for.</summary>
internal static class NativeLibraryCheck
{
    private static readonly Lazy<Exception?> Failure = new(Check, LazyThreadSafetyMode.ExecutionAndPublication);

    public static void EnsureLoaded()
    {
        if (Failure.Value is { } failure)
            throw new MediaException(MediaErrorKind.NativeLibrary, failure.Message, innerException: failure.InnerException);
    }

    private static Exception? Check()
    {
        NativeVersions v;
        try
        {
            if (AvShim.CheckVersions(out v) == 0)
            {
                // FFmpeg's default logger writes to stderr; keep only errors until a host attaches a logger.
                FFmpegLog.Detach(ffmpegLevel: 16);
                return null;
            }
        }
        catch (DllNotFoundException ex)
        {
            return new Exception(
                "libavshim.so or the FFmpeg libraries it needs could not be loaded. Build ActorVision.Media (it compiles the shim) " +
                "and install the FFmpeg runtime (Debian: apt-get install libavcodec59 libavformat59 libavutil57 libswscale6). " + ex.Message, ex);
        }
        catch (EntryPointNotFoundException ex)
        {
            return new Exception("libavshim.so is out of date with ActorVision.Media.dll; rebuild the project. " + ex.Message, ex);
        }
        return new Exception(
            "FFmpeg at run time is not the version libavshim.so was compiled against: " +
            $"libavcodec {Version(v.AvcodecCompiled)} vs {Version(v.AvcodecRunning)}, libavformat {Version(v.AvformatCompiled)} vs {Version(v.AvformatRunning)}, " +
            $"libavutil {Version(v.AvutilCompiled)} vs {Version(v.AvutilRunning)}, libswscale {Version(v.SwscaleCompiled)} vs {Version(v.SwscaleRunning)} (compiled vs running). " +
            "Rebuild ActorVision.Media on this machine.");
    }

    private static string Version(int v) => $"{v >> 16}.{(v >> 8) & 0xFF}.{v & 0xFF}";
}
