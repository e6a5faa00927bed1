using ActorVision.Media;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>Says what is wrong with a camera's source in an operator's words, then FFmpeg's details.</summary>
public static class SourceProblem
{
    public static string Describe(MediaException error) => $"{Summary(error.Kind)}: {error.Message}";

    private static string Summary(MediaErrorKind kind) => kind switch
    {
        MediaErrorKind.NotFound => "not found",
        MediaErrorKind.NotAVideo => "not a video (no video stream)",
        MediaErrorKind.InvalidData => "not a readable video (invalid or damaged data)",
        MediaErrorKind.UnsupportedCodec => "video codec not supported",
        MediaErrorKind.UnsupportedProtocol => "URL scheme not supported",
        MediaErrorKind.ConnectionRefused => "connection refused (camera or server down?)",
        MediaErrorKind.HostUnreachable => "host unreachable",
        MediaErrorKind.ConnectionLost => "connection lost",
        MediaErrorKind.Unauthorized => "access denied (check the credentials)",
        MediaErrorKind.Timeout => "no data in time (stalled or unreachable)",
        MediaErrorKind.Interrupted => "interrupted",
        MediaErrorKind.EndOfStream => "the live stream ended (server stopped?)",
        MediaErrorKind.Encoder => "encoder failed",
        MediaErrorKind.NativeLibrary => "FFmpeg libraries missing or of the wrong version",
        MediaErrorKind.InvalidArgument => "invalid source settings",
        MediaErrorKind.NotAllowed => "outside what this source may open",
        _ => "read error",
    };
}
