namespace ActorVision.Media.Interop;

/// <summary>FFmpeg's and the shim's error codes, and what they mean to a user.</summary>
internal static class NativeError
{
    public const int Timeout = -0x7A560001;
    public const int Interrupted = -0x7A560002;
    public const int NoVideo = -0x7A560003;
    public const int NoDecoder = -0x7A560004;
    public const int Argument = -0x7A560005;
    public const int NoEncoder = -0x7A560006;
    public const int Truncated = -0x7A560007;
    public const int Refused = -0x7A560008;

    public static readonly int EndOfFile = Tag('E', 'O', 'F', ' ');
    public static readonly int InvalidData = Tag('I', 'N', 'D', 'A');
    public static readonly int Exit = Tag('E', 'X', 'I', 'T');
    public static readonly int DecoderNotFound = Tag(0xF8, 'D', 'E', 'C');
    public static readonly int DemuxerNotFound = Tag(0xF8, 'D', 'E', 'M');
    public static readonly int EncoderNotFound = Tag(0xF8, 'E', 'N', 'C');
    public static readonly int MuxerNotFound = Tag(0xF8, 'M', 'U', 'X');
    public static readonly int ProtocolNotFound = Tag(0xF8, 'P', 'R', 'O');
    public static readonly int StreamNotFound = Tag(0xF8, 'S', 'T', 'R');
    public static readonly int HttpUnauthorized = Tag(0xF8, '4', '0', '1');
    public static readonly int HttpForbidden = Tag(0xF8, '4', '0', '3');
    public static readonly int HttpNotFound = Tag(0xF8, '4', '0', '4');
    public static readonly int TryAgain = -11;

    // errno values (Linux) as FFmpeg returns them: AVERROR(e) == -e
    private const int ENOENT = 2, EIO = 5, EACCES = 13, EPIPE = 32, ENETUNREACH = 101, ECONNRESET = 104,
        ETIMEDOUT = 110, ECONNREFUSED = 111, EHOSTUNREACH = 113, ENOSPC = 28, ENOMEM = 12;

    public static MediaErrorKind Classify(int code)
    {
        if (code == Timeout || code == -ETIMEDOUT) return MediaErrorKind.Timeout;
        if (code == Interrupted || code == Exit) return MediaErrorKind.Interrupted;
        if (code == NoVideo || code == StreamNotFound) return MediaErrorKind.NotAVideo;
        if (code == NoDecoder || code == DecoderNotFound) return MediaErrorKind.UnsupportedCodec;
        if (code == NoEncoder || code == EncoderNotFound) return MediaErrorKind.Encoder;
        if (code == Argument) return MediaErrorKind.InvalidArgument;
        if (code == Refused) return MediaErrorKind.NotAllowed;
        if (code == EndOfFile) return MediaErrorKind.EndOfStream;
        if (code == InvalidData || code == DemuxerNotFound || code == Truncated) return MediaErrorKind.InvalidData;
        if (code == ProtocolNotFound || code == MuxerNotFound) return MediaErrorKind.UnsupportedProtocol;
        if (code == HttpUnauthorized || code == HttpForbidden || code == -EACCES) return MediaErrorKind.Unauthorized;
        if (code == HttpNotFound || code == -ENOENT) return MediaErrorKind.NotFound;
        if (code == -ECONNREFUSED) return MediaErrorKind.ConnectionRefused;
        if (code == -EHOSTUNREACH || code == -ENETUNREACH) return MediaErrorKind.HostUnreachable;
        if (code == -ECONNRESET || code == -EPIPE) return MediaErrorKind.ConnectionLost;
        if (code == -ENOSPC || code == -ENOMEM || code == -EIO) return MediaErrorKind.Io;
        return MediaErrorKind.Io;
    }

    private static int Tag(int a, int b, int c, int d) => -(a | (b << 8) | (c << 16) | (d << 24));
}
