using ActorVision.Core.Imaging;
using ActorVision.Core.Cameras;

namespace ActorVision.Media;

/// <summary>How to open and decode a video source. Only <see cref="Url"/> is required.</summary>
/// <param name="Url">A file path, <c>file:</c>, <c>rtsp(s)://</c>, <c>http(s)://</c> (progressive, MJPEG or HLS),
/// <c>rtmp(s)://</c>, <c>srt://</c> or <c>udp://</c>. FFmpeg's other protocols (<c>concat:</c>, <c>pipe:</c>, ...) are refused.</param>
public sealed record FrameSourceOptions(string Url)
{
    /// <summary>
    /// The URL schemes this source may use: its own, and the ones its redirects and playlists may reach (an HLS
    /// playlist on https listing http segments needs both). Null: only the URL's own scheme. Whatever this says, FFmpeg
    /// never opens a protocol or container format outside the source's whitelist (no <c>file:</c> segments in a
    /// playlist over HTTP, no playlist or concat list as a local file).
    /// </summary>
    public IReadOnlyCollection<string>? AllowedSchemes { get; init; }

    /// <summary>RTSP over TCP (default) or UDP. Ignored for other schemes.</summary>
    public RtspTransport RtspTransport { get; init; } = RtspTransport.Tcp;

    /// <summary>Output width in pixels; null keeps the source width, or follows the aspect ratio when only the height is given.</summary>
    public int? OutputWidth { get; init; }

    /// <summary>Output height in pixels; null keeps the source height, or follows the aspect ratio when only the width is given.</summary>
    public int? OutputHeight { get; init; }

    public PixelFormat OutputFormat { get; init; } = PixelFormat.Rgb24;

    /// <summary>Most pixels a delivered frame may have: a larger output size (the source's, or one side following its
    /// aspect) is scaled down to fit, keeping the aspect ratio. Null: no bound.</summary>
    public long? MaxOutputPixels { get; init; }

    /// <summary>Most frames per second to deliver (by media time); null delivers every frame. Skipped frames are decoded but never converted.</summary>
    public double? MaxFps { get; init; }

    /// <summary>
    /// Live sources with <see cref="MaxFps"/>: pictures the rate limit will not deliver and that no other picture refers
    /// to (non-reference B pictures) are not decoded at all. What is delivered does not change; at 5 of 25 fps, decoding
    /// the x264 clips of the benchmarks costs 12-17 % less (docs/benchmarks.md); streams without B pictures gain nothing. Files always decode every picture: a job counts
    /// pictures to resume where it stopped.
    /// </summary>
    public bool SkipUnusedPictures { get; init; } = true;

    /// <summary>Decoder threads; 0 lets FFmpeg choose (one per core).</summary>
    public int DecoderThreads { get; init; }

    public HardwareDecode HardwareDecode { get; init; } = HardwareDecode.None;

    /// <summary>Bound on <see cref="FrameSource.Open"/>: connecting, probing and opening the decoder.</summary>
    public TimeSpan OpenTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest a read may wait for data (a stalled camera) before it fails with <see cref="MediaErrorKind.Timeout"/>.</summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Whether the source is live (end of stream is a failure). Null infers it: rtsp, rtmp, udp, rtp, srt and tcp
    /// URLs are live, files are not, and http(s) is live when it reports no duration (live HLS).</summary>
    public bool? Live { get; init; }

    /// <summary>Frames kept for reuse; more are allocated (and later collected) if consumers hold more at once. Unused with <see cref="SharedPools"/>.</summary>
    public int FramePoolSize { get; init; } = 8;

    /// <summary>Pools shared with other sources (a node's cameras): frames come from the one of the output's size and
    /// format. Null: the source has a pool of its own of <see cref="FramePoolSize"/>.</summary>
    public FramePools? SharedPools { get; init; }

    /// <summary>Play a file again from the start when it ends (demo and replay); time keeps increasing across loops.</summary>
    public bool LoopFile { get; init; }

    /// <summary>Forward timestamp jump beyond which the stream time is re-based instead of followed (see <see cref="StreamClock"/>).</summary>
    public TimeSpan MaxTimestampJump { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Live sources: how far decoding may fall behind real time (the frames' media time against the wall clock) before
    /// the source catches up by dropping frames instead of letting them queue in the network buffers. It skips the
    /// packets up to the next keyframe without decoding them, or, when keyframes are further apart than
    /// <see cref="CatchUpKeyframeInterval"/>, decodes without delivering; either way until the lag is under half the
    /// bound. Both are counted in <see cref="FrameSource.FramesBehind"/> (<see cref="LiveLag"/> has the rules). Null: never drop (latency grows while decoding is too slow).
    /// Files never drop: reading them slowly slows the decoder down.
    /// </summary>
    public TimeSpan? MaxDecodeLag { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest keyframe interval a live source that fell behind skips to the next keyframe for (see
    /// <see cref="MaxDecodeLag"/>); it also bounds one skip when the keyframes stop coming.</summary>
    public TimeSpan CatchUpKeyframeInterval { get; init; } = TimeSpan.FromSeconds(5);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Url)) throw Invalid("Url is empty");
        if (OutputWidth is { } w && (w <= 0 || w % 2 != 0)) throw Invalid($"OutputWidth {w} must be positive and even");
        if (OutputHeight is { } h && (h <= 0 || h % 2 != 0)) throw Invalid($"OutputHeight {h} must be positive and even");
        if (MaxFps is { } fps && !(fps > 0 && !double.IsInfinity(fps))) throw Invalid($"MaxFps {fps} must be a positive number");
        if (DecoderThreads < 0 || DecoderThreads > 64) throw Invalid($"DecoderThreads {DecoderThreads} must be between 0 (auto) and 64");
        if (OpenTimeout <= TimeSpan.Zero) throw Invalid("OpenTimeout must be positive");
        if (ReadTimeout <= TimeSpan.Zero) throw Invalid("ReadTimeout must be positive");
        if (FramePoolSize <= 0) throw Invalid("FramePoolSize must be positive");
        if (MaxOutputPixels is { } max && max < 16) throw Invalid($"MaxOutputPixels {max} must be at least 16");
        if (MaxTimestampJump <= TimeSpan.Zero) throw Invalid("MaxTimestampJump must be positive");
        if (MaxDecodeLag is { } lag && lag <= TimeSpan.Zero) throw Invalid("MaxDecodeLag must be positive (or null for no bound)");
        if (CatchUpKeyframeInterval <= TimeSpan.Zero) throw Invalid("CatchUpKeyframeInterval must be positive");
        if (!Enum.IsDefined(OutputFormat)) throw Invalid($"unknown OutputFormat {OutputFormat}");
    }

    private MediaException Invalid(string message) => new(MediaErrorKind.InvalidArgument, message, Url);

    /// <summary>Whether <see cref="Live"/> (or the URL's scheme) makes this a live source; null when only the stream can tell (http).</summary>
    internal bool? InferLive()
    {
        if (Live is { } live) return live;
        var colon = Url.IndexOf("://", StringComparison.Ordinal);
        if (colon <= 0) return false;
        var scheme = Url[..colon].ToLowerInvariant();
        return scheme switch
        {
            "rtsp" or "rtsps" or "rtmp" or "rtmps" or "udp" or "rtp" or "srt" or "tcp" => true,
            "file" => false,
            _ => null,
        };
    }
}
