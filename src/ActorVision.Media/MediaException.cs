using ActorVision.Common;
namespace ActorVision.Media;

/// <summary>
/// A failure of a media source or output. <see cref="Kind"/> says what to do about it; the message names the URL
/// with its credentials redacted, so it can be logged and shown as it is.
/// </summary>
public sealed class MediaException : Exception
{
    public MediaException(MediaErrorKind kind, string message, string? url = null, int nativeCode = 0, Exception? innerException = null)
        : base(url is null ? message : $"{UrlRedaction.Redact(url)}: {message}", innerException)
    {
        Kind = kind;
        Url = url is null ? null : UrlRedaction.Redact(url);
        NativeCode = nativeCode;
    }

    public MediaErrorKind Kind { get; }

    /// <summary>The URL concerned, credentials redacted.</summary>
    public string? Url { get; }

    /// <summary>The FFmpeg (AVERROR) or shim error code, 0 when the error did not come from native code.</summary>
    public int NativeCode { get; }

    /// <summary>True for failures that may clear up on their own (network, timeouts, a restarted server), as opposed to bad input or configuration.</summary>
    public bool IsTransient => Kind switch
    {
        MediaErrorKind.ConnectionRefused or MediaErrorKind.HostUnreachable or MediaErrorKind.ConnectionLost
            or MediaErrorKind.Timeout or MediaErrorKind.EndOfStream or MediaErrorKind.Io => true,
        // A stream missing on a server (camera rebooting, publisher not started yet) may come back; a missing file will not.
        MediaErrorKind.NotFound => Url is not null && !IsFile(Url),
        _ => false,
    };

    private static bool IsFile(string url) => !url.Contains("://", StringComparison.Ordinal) || url.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
}
