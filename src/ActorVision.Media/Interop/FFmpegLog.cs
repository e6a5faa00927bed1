using ActorVision.Common;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace ActorVision.Media.Interop;

/// <summary>
/// Routes FFmpeg's own log lines (decoder warnings, RTSP errors) to an <see cref="ILogger"/> instead of stderr.
/// Lines come from FFmpeg's threads too; URLs in them are redacted.
/// </summary>
internal static unsafe class FFmpegLog
{
    // AV_LOG_* levels
    private const int Panic = 0, Fatal = 8, Error = 16, Warning = 24, Info = 32, Verbose = 40, Debug = 48;

    private static volatile ILogger? _logger;

    public static void Attach(ILogger logger, LogLevel minimum)
    {
        _logger = logger;
        AvShim.SetLogSink(&OnLine, ToFFmpeg(minimum));
    }

    public static void Detach(int ffmpegLevel)
    {
        _logger = null;
        AvShim.SetLogSink(null, ffmpegLevel);
    }

    [UnmanagedCallersOnly]
    private static void OnLine(int level, byte* line)
    {
        try
        {
            var logger = _logger;
            if (logger is null) return;
            var logLevel = level switch
            {
                <= Fatal => LogLevel.Critical,
                <= Error => LogLevel.Error,
                <= Warning => LogLevel.Warning,
                <= Info => LogLevel.Information,
                <= Verbose => LogLevel.Debug,
                _ => LogLevel.Trace,
            };
            if (!logger.IsEnabled(logLevel)) return;
            var text = Marshal.PtrToStringUTF8((nint)line) ?? "";
            logger.Log(logLevel, "ffmpeg: {Line}", UrlRedaction.RedactInText(text));
        }
        catch
        {
            // An exception must never unwind into FFmpeg's C frames.
        }
    }

    private static int ToFFmpeg(LogLevel level) => level switch
    {
        LogLevel.Trace => Debug,
        LogLevel.Debug => Verbose,
        LogLevel.Information => Info,
        LogLevel.Warning => Warning,
        LogLevel.Error => Error,
        LogLevel.Critical => Fatal,
        _ => Panic,
    };
}
