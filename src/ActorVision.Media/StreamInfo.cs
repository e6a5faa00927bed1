using ActorVision.Core.Imaging;

namespace ActorVision.Media;

/// <summary>What a <see cref="FrameSource"/> found when it opened, and what it delivers.</summary>
public sealed record StreamInfo
{
    /// <summary>FFmpeg's decoder name, e.g. <c>h264</c>, <c>hevc</c>, <c>mjpeg</c>.</summary>
    public required string Codec { get; init; }
    /// <summary>FFmpeg's demuxer name, e.g. <c>rtsp</c>, <c>mov,mp4,m4a,3gp,3g2,mj2</c>, <c>hls</c>.</summary>
    public required string Container { get; init; }
    public required int SourceWidth { get; init; }
    public required int SourceHeight { get; init; }
    public required int OutputWidth { get; init; }
    public required int OutputHeight { get; init; }
    public required PixelFormat OutputFormat { get; init; }
    /// <summary>Nominal frames per second of the stream (0 when the stream does not say).</summary>
    public required double FrameRate { get; init; }
    /// <summary>Seconds per PTS unit, as numerator and denominator.</summary>
    public required int TimeBaseNumerator { get; init; }
    public required int TimeBaseDenominator { get; init; }
    /// <summary>Null for live sources and files that do not say.</summary>
    public TimeSpan? Duration { get; init; }
    /// <summary>From the container index, or duration times frame rate; null when unknown.</summary>
    public long? EstimatedFrameCount { get; init; }
    public required bool IsLive { get; init; }
    public HardwareDecode HardwareDecodeRequested { get; init; }
    public bool HardwareDecodeActive { get; init; }
    /// <summary>Why hardware decoding was requested but not used; null otherwise.</summary>
    public string? HardwareFallbackReason { get; init; }

    public double TimeBase => (double)TimeBaseNumerator / TimeBaseDenominator;
}
