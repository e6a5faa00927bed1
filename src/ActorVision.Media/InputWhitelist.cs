using ActorVision.Common;

namespace ActorVision.Media;

/// <summary>
/// What FFmpeg may open for one source: the protocols (FFmpeg's protocol_whitelist, which every nested open inherits:
/// HLS segments and keys, HTTP redirects, RTSP's TCP/UDP/RTP) and the container formats (format_whitelist, inherited by
/// the demuxers HLS opens per segment). A local file gets the plain containers only, never a playlist or a list of
/// other files (hls, concat, dash, image sequences); a network source gets the protocols of its own scheme family
/// among the allowed schemes, so a playlist or redirect cannot reach <c>file:</c>, <c>data:</c> or another protocol.
/// </summary>
internal sealed record InputWhitelist(string Protocols, string? Formats, IReadOnlyList<KeyValuePair<string, string>> DemuxerOptions)
{
    // Containers of recordings and cameras, still pictures (image2 reads exactly the named file: pattern_type=none),
    // audio-only files (refused later as "no video", clearly), and tty (a text file: the shim names it as text
    // instead of decoding it as ANSI art).
    private const string FileFormats =
        "mov,matroska,avi,mpegts,mpeg,flv,asf,h264,hevc,mjpeg,m4v,ivf,yuv4mpegpipe,nut,ogg,dv,mxf,gif,"
        + "image2,png_pipe,jpeg_pipe,bmp_pipe,webp_pipe,tiff_pipe,mp3,aac,wav,tty";

    private static readonly Dictionary<string, (string Family, string Protocols, string Formats)> Schemes = new(StringComparer.Ordinal)
    {
        ["file"] = ("file", "file", FileFormats),
        // crypto: AES-128 HLS; it only wraps the protocols listed beside it.
        ["http"] = ("http", "http,tcp,crypto", FileFormats + ",hls,mpjpeg,webvtt"),
        ["https"] = ("http", "https,tls,tcp,crypto", FileFormats + ",hls,mpjpeg,webvtt"),
        ["rtsp"] = ("rtsp", "rtsp,tcp,udp,rtp", "rtsp"),
        ["rtsps"] = ("rtsp", "rtsps,tls,tcp,udp,rtp", "rtsp"),
        ["rtmp"] = ("rtmp", "rtmp,tcp", "flv,live_flv"),
        ["rtmps"] = ("rtmp", "rtmps,tls,tcp", "flv,live_flv"),
        ["srt"] = ("srt", "srt", "mpegts,h264,hevc"),
        ["udp"] = ("udp", "udp", "mpegts,h264,hevc"),
    };

    /// <summary>The schemes FrameSource can open.</summary>
    public static IEnumerable<string> KnownSchemes => Schemes.Keys;

    /// <param name="url">What FFmpeg will open (a file path or a URL).</param>
    /// <param name="allowedSchemes">Schemes the source may use; its redirects and playlists may use those of the same
    /// family (http and https). Null: only the URL's own scheme.</param>
    /// <exception cref="MediaException">The scheme is unknown (<see cref="MediaErrorKind.UnsupportedProtocol"/>) or not allowed (<see cref="MediaErrorKind.NotAllowed"/>).</exception>
    public static InputWhitelist For(string url, IReadOnlyCollection<string>? allowedSchemes)
    {
        var scheme = MediaUrl.SchemeOf(url) ?? "file";
        if (!Schemes.TryGetValue(scheme, out var own))
            throw new MediaException(MediaErrorKind.UnsupportedProtocol,
                $"'{scheme}:' is not something ActorVision reads: use a file, or {string.Join(", ", Schemes.Keys.Where(k => k != "file"))}", url);
        if (scheme != "file" && allowedSchemes is not null && !allowedSchemes.Contains(scheme))
            throw new MediaException(MediaErrorKind.NotAllowed,
                $"the URL scheme '{scheme}' is not allowed here (allowed: {string.Join(", ", allowedSchemes)})", url);

        var protocols = Schemes
            .Where(s => s.Value.Family == own.Family && (s.Key == scheme || (allowedSchemes?.Contains(s.Key) ?? false)))
            .SelectMany(s => s.Value.Protocols.Split(','))
            .Distinct()
            .ToArray();
        // HLS reads local files with these extensions only: "/" is an extension no file has, so a file: segment or key
        // is never read (the protocol whitelist refuses it first; this is the second lock).
        // A still picture is that one file, never the start of a numbered or globbed sequence of others.
        IReadOnlyList<KeyValuePair<string, string>> options = own.Family switch
        {
            "http" => [KeyValuePair.Create("allowed_extensions", "/"), KeyValuePair.Create("pattern_type", "none")],
            "file" => [KeyValuePair.Create("pattern_type", "none")],
            _ => [],
        };
        return new InputWhitelist(string.Join(',', protocols), own.Formats, options);
    }
}
