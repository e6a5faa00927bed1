namespace ActorVision.Media;

/// <summary>What went wrong with a source or an output, in terms an operator can act on.</summary>
public enum MediaErrorKind
{
    /// <summary>The file does not exist, or the server has no such stream (HTTP/RTSP 404).</summary>
    NotFound,
    /// <summary>The input opened but holds no video (audio only, text, a cover picture).</summary>
    NotAVideo,
    /// <summary>The data is not a readable media container or the stream is damaged beyond decoding.</summary>
    InvalidData,
    /// <summary>The video codec has no decoder in this FFmpeg.</summary>
    UnsupportedCodec,
    /// <summary>The URL scheme or output format is unknown to this FFmpeg.</summary>
    UnsupportedProtocol,
    /// <summary>Nothing listens on that port (the camera or server is down).</summary>
    ConnectionRefused,
    /// <summary>No route to the host.</summary>
    HostUnreachable,
    /// <summary>An established connection broke (reset, broken pipe).</summary>
    ConnectionLost,
    /// <summary>Credentials were refused (HTTP/RTSP 401/403) or a file is not readable.</summary>
    Unauthorized,
    /// <summary>Opening or reading did not complete within the configured timeout.</summary>
    Timeout,
    /// <summary>The call was aborted by <c>Interrupt()</c> (shutdown).</summary>
    Interrupted,
    /// <summary>A live source ended: for RTSP this is what a dead server looks like, so it is a failure.</summary>
    EndOfStream,
    /// <summary>Reading or writing failed for another reason (disk, network, codec internals).</summary>
    Io,
    /// <summary>The encoder could not be opened or failed.</summary>
    Encoder,
    /// <summary>The native shim or FFmpeg libraries are missing or of the wrong version.</summary>
    NativeLibrary,
    /// <summary>Options that cannot work (odd output size, bad pixel format).</summary>
    InvalidArgument,
    /// <summary>Outside what this source may open: a scheme not allowed, or a redirect, playlist or nested input that
    /// would use a protocol or format off the source's whitelist (an HLS playlist listing <c>file:</c> segments).</summary>
    NotAllowed,
}
