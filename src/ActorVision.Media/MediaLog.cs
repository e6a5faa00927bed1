using ActorVision.Media.Interop;
using Microsoft.Extensions.Logging;

namespace ActorVision.Media;

/// <summary>Process-wide FFmpeg logging. Without it FFmpeg's errors go to stderr and everything else is dropped.</summary>
public static class MediaLog
{
    /// <summary>Sends FFmpeg's log lines at <paramref name="minimum"/> or above to <paramref name="logger"/>.</summary>
    public static void RouteFFmpegTo(ILogger logger, LogLevel minimum = LogLevel.Warning)
    {
        ArgumentNullException.ThrowIfNull(logger);
        NativeLibraryCheck.EnsureLoaded();
        FFmpegLog.Attach(logger, minimum);
    }

    /// <summary>Back to the default: FFmpeg's errors on stderr, nothing else.</summary>
    public static void StopRouting()
    {
        NativeLibraryCheck.EnsureLoaded();
        FFmpegLog.Detach(ffmpegLevel: 16);
    }
}
